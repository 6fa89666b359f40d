package platform

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// signupData is what the signup page shows besides the form.
type signupData struct {
	Designs    []themes.Theme
	Chosen     string
	CaptchaID  string
	BaseDomain string
}

func (p *Platform) signupPage(w http.ResponseWriter, r *http.Request, status int, form *ui.Form) error {
	id, err := p.d.Captcha.New(r.Context())
	if err != nil {
		return err
	}
	chosen := form.Value("design")
	if chosen == "" {
		chosen = r.URL.Query().Get("design")
	}
	if _, ok := p.d.Themes.Get(chosen); !ok {
		chosen = p.d.Themes.Default()
	}
	// The password is never sent back into the page.
	if form.Values != nil {
		form.Values.Del("password")
	}
	return p.render(w, r, status, "signup.html", ui.Page{Title: "Create your site", Form: form, Wide: true,
		Data: signupData{Designs: p.d.Themes.List(), Chosen: chosen, CaptchaID: id, BaseDomain: p.d.Config.BaseDomain}})
}

func (p *Platform) signupForm(w http.ResponseWriter, r *http.Request) error {
	return p.signupPage(w, r, http.StatusOK, &ui.Form{Values: url.Values{}})
}

// signupNewCaptcha redraws the form with a new picture and what was typed,
// so that the "new picture" button works without JavaScript.
func (p *Platform) signupNewCaptcha(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	p.d.Captcha.Verify(r.Context(), form.Value("captcha_id"), "") // retire the old one
	return p.signupPage(w, r, http.StatusOK, form)
}

func (p *Platform) signup(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	res, err := p.d.Signup.Signup(r.Context(), signup.Input{
		Name:          form.Value("name"),
		Email:         form.Value("email"),
		Password:      form.Raw("password"),
		AcceptTerms:   form.Checked("terms"),
		Theme:         form.Value("design"),
		CaptchaID:     form.Value("captcha_id"),
		CaptchaAnswer: form.Value("captcha"),
		Honeypot:      form.Value("website"),
	})
	if form.Absorb(err) {
		return p.signupPage(w, r, http.StatusUnprocessableEntity, form)
	}
	if err != nil {
		return err
	}
	// Someone may have looked the name up as a host a moment ago; make
	// every node forget that it was unknown.
	// Logged in on the platform host too, so "My sites" works from here.
	if err := p.d.Sessions.Start(w, r, session.AccountCookie, session.KindAccount, res.Account.ID); err != nil {
		return err
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

func (p *Platform) checkName(w http.ResponseWriter, r *http.Request) error {
	raw := r.URL.Query().Get("name")
	if len(raw) > 200 {
		raw = raw[:200]
	}
	name, problem, err := p.d.Sites.NameProblem(r.Context(), raw)
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
