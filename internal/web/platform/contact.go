package platform

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// The platform's own contact form: a message to the people who run the
// platform, which lands in the operator console's inbox beside the help
// centre's questions (a question without an article). The same defences
// as the help centre's form: captcha (picture and sound, single use) and a
// honeypot field, and a refused message keeps what was typed.

func (p *Platform) contactPage(w http.ResponseWriter, r *http.Request, status int, form *ui.Form) error {
	id, err := p.d.Captcha.New(r.Context())
	if err != nil {
		return err
	}
	return p.render(w, r, status, "contact.html", ui.Page{Title: "Contact us", Form: form, Data: id})
}

func (p *Platform) contactForm(w http.ResponseWriter, r *http.Request) error {
	return p.contactPage(w, r, http.StatusOK, &ui.Form{Values: url.Values{}})
}

func (p *Platform) contactNewCaptcha(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	p.d.Captcha.Verify(r.Context(), form.Value("captcha_id"), "")
	return p.contactPage(w, r, http.StatusOK, form)
}

// contact stores the message for the operators.
func (p *Platform) contact(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	q := support.Question{Name: form.Value("name"), Email: form.Value("email"), Message: form.Value("message")}
	return p.receiveQuestion(w, r, form, q, func(status int) error { return p.contactPage(w, r, status, form) },
		"Thank you! Your message is with our team; we will answer by e-mail.", "/contact")
}

// receiveQuestion checks a question from one of the platform's forms (the
// help centre's or the contact page's) and stores it for the operators.
// Every field is checked, and the captcha always (it is used up either
// way), so one answer lists everything that needs fixing; again draws the
// form with it. Once stored, the thanks is shown at thanksURL.
func (p *Platform) receiveQuestion(w http.ResponseWriter, r *http.Request, form *ui.Form, q support.Question,
	again func(status int) error, thanks, thanksURL string) error {
	form.Absorb(q.Validate())
	human := form.Value("website") == "" && p.d.Captcha.Verify(r.Context(), form.Value("captcha_id"), form.Value("captcha"))
	if !human {
		form.Set("captcha", "The characters did not match. Please type the digits in the new picture.")
	}
	if !form.HasErrors() {
		_, err := p.d.Support.Ask(r.Context(), q)
		if !form.Absorb(err) && err != nil {
			return err
		}
	}
	if form.HasErrors() {
		return again(http.StatusUnprocessableEntity)
	}
	ui.SetFlash(w, r, thanks)
	http.Redirect(w, r, thanksURL, http.StatusSeeOther)
	return nil
}
