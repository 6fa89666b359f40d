package platform

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// signupData is what the signup page shows besides the form.
type signupData struct {
	Groups     []themes.KindGroup // every design, grouped by the kind of site it is made for
	Chosen     string
	CaptchaID  string
	BaseDomain string
	// Account is the logged-in person creating another site; nil for a
	// newcomer, who also chooses a login.
	Account *accounts.Account
	// LoginToContinue is where a person whose e-mail has an account logs in
	// and comes back to this form with what they chose.
	LoginToContinue string
}

func (p *Platform) signupPage(w http.ResponseWriter, r *http.Request, status int, form *ui.Form, continueURL string) error {
	id, err := p.d.Captcha.New(r.Context())
	if err != nil {
		return err
	}
	chosen := form.Value("design")
	if _, ok := p.d.Themes.Get(chosen); !ok {
		chosen = p.d.Themes.Default()
	}
	// The password is never sent back into the page.
	if form.Values != nil {
		form.Values.Del("password")
	}
	data := signupData{Groups: p.d.Themes.Groups(), Chosen: chosen, CaptchaID: id, BaseDomain: p.d.Config.BaseDomain,
		LoginToContinue: continueURL}
	title := "Create your site"
	if acct, ok := p.d.Sessions.Account(r); ok {
		data.Account, title = &acct, "Create another site"
	}
	return p.render(w, r, status, "signup.html", ui.Page{Title: title, Form: form, Wide: true, Data: data})
}

// signupForm shows the form, filled from the query when a person comes
// back from logging in to carry on ("design", "title", "name").
func (p *Platform) signupForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	values := url.Values{}
	for _, k := range []string{"design", "title", "name"} {
		if v := q.Get(k); v != "" && len(v) < 200 {
			values.Set(k, v)
		}
	}
	return p.signupPage(w, r, http.StatusOK, &ui.Form{Values: values}, "")
}

// signupNewCaptcha redraws the form with a new picture and what was typed,
// so that the "new picture" button works without JavaScript.
func (p *Platform) signupNewCaptcha(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	p.d.Captcha.Verify(r.Context(), form.Value("captcha_id"), "") // retire the old one
	return p.signupPage(w, r, http.StatusOK, form, "")
}

// signup creates a site: with a new account for a newcomer, or for the
// logged-in person, who then needs no e-mail, password or terms again.
func (p *Platform) signup(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	site := signup.SiteInput{
		Title:         form.Value("title"),
		Name:          form.Value("name"),
		Theme:         form.Value("design"),
		CaptchaID:     form.Value("captcha_id"),
		CaptchaAnswer: form.Value("captcha"),
		Honeypot:      form.Value("website"),
	}
	var res signup.Result
	var err error
	acct, loggedIn := p.d.Sessions.Account(r)
	if loggedIn {
		res, err = p.d.Signup.AddSite(r.Context(), acct, site)
	} else {
		res, err = p.d.Signup.Signup(r.Context(), signup.Input{SiteInput: site,
			Email: form.Value("email"), Password: form.Raw("password"), AcceptTerms: form.Checked("terms")})
	}
	if form.Absorb(err) {
		continueURL := ""
		if errors.Is(err, signup.ErrAccountExists) {
			back := url.Values{"design": {site.Theme}, "title": {site.Title}, "name": {site.Name}}
			continueURL = "/login?" + url.Values{"next": {"/signup?" + back.Encode()}, "email": {form.Value("email")}}.Encode()
		}
		return p.signupPage(w, r, http.StatusUnprocessableEntity, form, continueURL)
	}
	if err != nil {
		return err
	}
	if !loggedIn {
		// Logged in on the platform host too, so "My sites" works from here.
		if err := p.d.Sessions.Start(w, r, session.AccountCookie, session.KindAccount, res.Account.ID); err != nil {
			return err
		}
	}
	target := p.d.Config.SiteURL(res.Site.Name) + "/admin/sso?welcome=1&token=" + url.QueryEscape(res.LoginToken)
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// nameCheck is the live availability answer.
type nameCheck struct {
	Name      string `json:"name"`
	Available bool   `json:"available"`
	Message   string `json:"message,omitempty"`
	URL       string `json:"url,omitempty"`
}

// With "title" instead of "name", it suggests the first free address for
// a business name ("Pekárna U Nováků" → "pekarna-u-novaku").
func (p *Platform) checkName(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	raw := q.Get("name")
	if title := q.Get("title"); title != "" && raw == "" {
		suggested, err := p.d.Sites.FreeName(r.Context(), sites.SuggestName(truncate(title, 200)))
		if err != nil {
			return err
		}
		raw = suggested
	}
	name, problem, err := p.d.Sites.NameProblem(r.Context(), truncate(raw, 200))
	if err != nil {
		return err
	}
	res := nameCheck{Name: name, Available: problem == "", Message: problem}
	if res.Available {
		res.URL = strings.TrimPrefix(strings.TrimPrefix(p.d.Config.SiteURL(name), "http://"), "https://")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(res)
}

// truncate bounds what a query may make the server work on.
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// captchaFile serves /captcha/ID.png and /captcha/ID.wav.
func (p *Platform) captchaFile(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	w.Header().Set("Cache-Control", "no-store")
	var err error
	switch {
	case strings.HasSuffix(file, ".png"):
		w.Header().Set("Content-Type", "image/png")
		err = p.d.Captcha.WriteImage(r.Context(), w, strings.TrimSuffix(file, ".png"))
	case strings.HasSuffix(file, ".wav"):
		w.Header().Set("Content-Type", "audio/wav")
		err = p.d.Captcha.WriteAudio(r.Context(), w, strings.TrimSuffix(file, ".wav"), "en")
	default:
		err = captcha.ErrNotFound
	}
	if errors.Is(err, captcha.ErrNotFound) {
		http.NotFound(w, r)
		return nil
	}
	return err
}
