package platform

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/ui"
)

func (p *Platform) helpIndex(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	data := map[string]any{"Categories": p.d.Help.Categories(), "Query": q}
	if q != "" {
		data["Results"] = p.d.Help.Search(q)
	}
	return p.render(w, r, http.StatusOK, "help_index.html", ui.Page{Title: "Help centre", Data: data})
}

func (p *Platform) helpCategory(w http.ResponseWriter, r *http.Request) error {
	c, ok := p.d.Help.Category(r.PathValue("category"))
	if !ok {
		return fault.ErrNotFound
	}
	return p.render(w, r, http.StatusOK, "help_category.html", ui.Page{Title: c.Title, Data: c})
}

// articleData is an article page with its question form.
type articleData struct {
	Category  help.Category
	Article   help.Article
	CaptchaID string
}

func (p *Platform) articlePage(w http.ResponseWriter, r *http.Request, status int, form *ui.Form) error {
	c, ok := p.d.Help.Category(r.PathValue("category"))
	if !ok {
		return fault.ErrNotFound
	}
	a, ok := p.d.Help.Article(c.Slug, r.PathValue("article"))
	if !ok {
		return fault.ErrNotFound
	}
	id, err := p.d.Captcha.New(r.Context())
	if err != nil {
		return err
	}
	return p.render(w, r, status, "help_article.html", ui.Page{Title: a.Title, Form: form,
		Data: articleData{Category: c, Article: a, CaptchaID: id}})
}

func (p *Platform) helpArticle(w http.ResponseWriter, r *http.Request) error {
	return p.articlePage(w, r, http.StatusOK, &ui.Form{Values: url.Values{}})
}

func (p *Platform) helpNewCaptcha(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	p.d.Captcha.Verify(r.Context(), form.Value("captcha_id"), "")
	return p.articlePage(w, r, http.StatusOK, form)
}

// helpAsk stores a question about the article for the operator's inbox.
func (p *Platform) helpAsk(w http.ResponseWriter, r *http.Request) error {
	cat, slug := r.PathValue("category"), r.PathValue("article")
	if _, ok := p.d.Help.Article(cat, slug); !ok {
		return fault.ErrNotFound
	}
	form := ui.NewForm(r)
	q := support.Question{CategorySlug: cat, ArticleSlug: slug,
		Name: form.Value("name"), Email: form.Value("email"), Message: form.Value("message")}
	// The thanks is shown at the top of the page, so the redirect aims at
	// it rather than at the (now empty) form further down.
	return p.receiveQuestion(w, r, form, q, func(status int) error { return p.articlePage(w, r, status, form) },
		"Thank you! Your question is with our team; we will answer by e-mail.", "/help/"+cat+"/"+slug+"#flash")
}

func (p *Platform) terms(w http.ResponseWriter, r *http.Request) error {
	return p.render(w, r, http.StatusOK, "terms.html", ui.Page{Title: "Terms & Conditions", Data: termsVersion()})
}

func (p *Platform) landing(w http.ResponseWriter, r *http.Request) error {
	return p.render(w, r, http.StatusOK, "landing.html", ui.Page{Title: "Create a website or an online store in a minute",
		Wide: true, Data: map[string]any{"Groups": p.d.Themes.Groups(), "BaseDomain": p.d.Config.BaseDomain}})
}
