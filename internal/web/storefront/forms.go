package storefront

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/themes"
)

// formPlaceholder is how an owner places a form in a page's text:
// [form SLUG], alone in its paragraph or not.
var formPlaceholder = regexp.MustCompile(`(?:<p>\s*)?\[form ([a-z0-9]+(?:-[a-z0-9]+)*)\](?:\s*</p>)?`)

// formView is one form as drawn: its fields with what was typed and what
// is wrong, and a fresh captcha.
type formView struct {
	ID          int64
	Title       string
	Fields      []fieldView
	AsksConsent bool
	Consent     bool
	CaptchaID   string
	Errors      map[string]string
	Back        string
}

type fieldView struct {
	forms.Field
	Name, Value, Error string
	Checked            bool
}

func (fv formView) HasErrors() bool { return len(fv.Errors) > 0 }

var formTemplate = template.Must(template.New("form").Parse(`<section class="band contact-form-band"><div class="wrap narrow">
<form class="contact-form" id="form-{{.ID}}" method="post" action="/forms/{{.ID}}" novalidate>
{{if .HasErrors}}<div class="form-problem" role="alert" tabindex="-1"><strong>Your message was not sent.</strong>{{with index .Errors "form"}} {{.}}{{else}} Please check the fields marked below.{{end}}</div>
{{end}}<input type="hidden" name="back" value="{{.Back}}">
{{range .Fields}}{{if eq .Kind "checkbox"}}<p class="form-field form-check"><input type="checkbox" id="{{.Name}}" name="{{.Name}}" value="1"{{if .Checked}} checked{{end}}{{if .Required}} required{{end}}{{if .Error}} aria-invalid="true" aria-describedby="{{.Name}}-error"{{end}}>
<label for="{{.Name}}">{{.Label}}{{if .Required}} <span class="form-required">(required)</span>{{end}}</label>
{{else}}<p class="form-field"><label for="{{.Name}}">{{.Label}}{{if .Required}} <span class="form-required">(required)</span>{{end}}</label>
{{if eq .Kind "textarea"}}<textarea id="{{.Name}}" name="{{.Name}}" rows="6" maxlength="{{.MaxLen}}"{{if .Required}} required{{end}}{{if .Error}} aria-invalid="true" aria-describedby="{{.Name}}-error"{{end}}>{{.Value}}</textarea>
{{else if eq .Kind "choice"}}<select id="{{.Name}}" name="{{.Name}}"{{if .Required}} required{{end}}{{if .Error}} aria-invalid="true" aria-describedby="{{.Name}}-error"{{end}}>
<option value="">Choose…</option>
{{$v := .Value}}{{range .Options}}<option{{if eq . $v}} selected{{end}}>{{.}}</option>
{{end}}</select>
{{else}}<input id="{{.Name}}" name="{{.Name}}" value="{{.Value}}" maxlength="{{.MaxLen}}"{{if eq .Kind "email"}} type="email" autocomplete="email"{{else if eq .Kind "phone"}} type="tel" autocomplete="tel"{{else}} type="text"{{end}}{{if .Required}} required{{end}}{{if .Error}} aria-invalid="true" aria-describedby="{{.Name}}-error"{{end}}>
{{end}}{{end}}{{if .Error}}<span class="form-error" id="{{.Name}}-error">{{.Error}}</span>{{end}}</p>
{{end}}{{if .AsksConsent}}<p class="form-field form-check"><input type="checkbox" id="form-{{.ID}}-consent" name="consent" value="1"{{if .Consent}} checked{{end}} required{{with index .Errors "consent"}} aria-invalid="true"{{end}}>
<label for="form-{{.ID}}-consent">I agree that my details are used to answer my message, as the <a href="/privacy">privacy declaration</a> explains. <span class="form-required">(required)</span></label>
{{with index .Errors "consent"}}<span class="form-error">{{.}}</span>{{end}}</p>
{{end}}<p class="form-honey" aria-hidden="true"><label for="form-{{.ID}}-website">Leave this empty</label><input id="form-{{.ID}}-website" name="website" tabindex="-1" autocomplete="off"></p>
<div class="form-field form-captcha">
<label for="form-{{.ID}}-captcha">Type the digits you see, to show you are a person <span class="form-required">(required)</span></label>
<img src="/forms/{{.ID}}/captcha/{{.CaptchaID}}.png" alt="Digits to type; use “Listen to the digits” if you cannot see them" width="240" height="80">
<p class="form-captcha-other"><a href="/forms/{{.ID}}/captcha/{{.CaptchaID}}.wav">Listen to the digits</a> · <button class="form-link" type="submit" formaction="/forms/{{.ID}}/new-captcha" formnovalidate>Show a new picture</button></p>
<input type="hidden" name="captcha_id" value="{{.CaptchaID}}">
<input id="form-{{.ID}}-captcha" name="captcha" type="text" inputmode="numeric" autocomplete="off" maxlength="10" required{{with index .Errors "captcha"}} aria-invalid="true"{{end}}>
{{with index .Errors "captcha"}}<span class="form-error">{{.}}</span>{{end}}</div>
<p class="form-send"><button class="button" type="submit">Send</button></p>
</form>
</div></section>`))

// drawForm renders a form with what was typed (values, by posted field
// name) and what is wrong, and a new captcha.
func (s *Storefront) drawForm(ctx context.Context, f forms.Form, values map[string]string, errs map[string]string, back string) (template.HTML, error) {
	id, err := s.d.Captcha.New(ctx)
	if err != nil {
		return "", err
	}
	fv := formView{ID: f.ID, Title: f.Title, AsksConsent: f.AsksConsent(), Consent: values["consent"] != "",
		CaptchaID: id, Errors: errs, Back: back}
	for _, fl := range f.Fields {
		name := "f_" + fl.Key
		fv.Fields = append(fv.Fields, fieldView{Field: fl, Name: name, Value: values[name], Checked: values[name] != "", Error: errs[fl.Key]})
	}
	var buf bytes.Buffer
	if err := formTemplate.Execute(&buf, fv); err != nil {
		return "", fmt.Errorf("render form %d: %w", f.ID, err)
	}
	return template.HTML(buf.String()), nil
}

// placeForms replaces each [form SLUG] of a page's body with the form. An
// unknown slug stays as typed, so the owner sees what to fix. It reports
// whether any form was placed: such a page carries a captcha of its own
// and is never cached.
func (s *Storefront) placeForms(ctx context.Context, siteID int64, body template.HTML, back string) (template.HTML, bool, error) {
	if !strings.Contains(string(body), "[form ") {
		return body, false, nil
	}
	placed := false
	var failed error
	out := formPlaceholder.ReplaceAllStringFunc(string(body), func(m string) string {
		slug := formPlaceholder.FindStringSubmatch(m)[1]
		f, err := s.d.Forms.BySlug(ctx, siteID, slug)
		if err != nil {
			if !errors.Is(err, forms.ErrNotFound) {
				failed = err
			}
			return m
		}
		h, err := s.drawForm(ctx, f, nil, nil, back)
		if err != nil {
			failed = err
			return m
		}
		placed = true
		return string(h)
	})
	return template.HTML(out), placed, failed
}

// formPage draws a form on a page of its own, in the site's design: the
// form's own address, and where a refused message is shown again.
func (s *Storefront) formPage(w http.ResponseWriter, r *http.Request, status int, f forms.Form, values, errs map[string]string, back string) error {
	site, _ := request.Site(r.Context())
	v, err := s.view(r.Context(), site, nil, "/forms")
	if err != nil {
		return err
	}
	body, err := s.drawForm(r.Context(), f, values, errs, back)
	if err != nil {
		return err
	}
	v.Page = themes.PageContent{Slug: "forms", Title: f.Title, Body: body}
	v.FormStyles = true
	return s.writePage(w, r, site, status, v)
}

// writePage writes a page rendered for this request only, with the
// consent bar closed for a visitor who has chosen, as on cached pages.
func (s *Storefront) writePage(w http.ResponseWriter, r *http.Request, site sites.Site, status int, v themes.PageView) error {
	var buf bytes.Buffer
	if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
		return fmt.Errorf("render page of site %d: %w", site.ID, err)
	}
	body := buf.Bytes()
	if chosen(r, site) {
		body = hideBar(body)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return nil
}

func (s *Storefront) formFromPath(r *http.Request) (forms.Form, error) {
	site, _ := request.Site(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return forms.Form{}, fault.ErrNotFound
	}
	return s.d.Forms.Form(r.Context(), site.ID, id)
}

// showForm is GET /forms/{id}: the form alone.
func (s *Storefront) showForm(w http.ResponseWriter, r *http.Request) error {
	f, err := s.formFromPath(r)
	if err != nil {
		return err
	}
	return s.formPage(w, r, http.StatusOK, f, nil, nil, request.SafeBack(r.URL.Query().Get("back")))
}

// postedValues keeps what the visitor typed, to show it again.
func postedValues(r *http.Request, f forms.Form) map[string]string {
	vals := map[string]string{"consent": r.PostFormValue("consent")}
	for _, fl := range f.Fields {
		name := "f_" + fl.Key
		v := r.PostFormValue(name)
		if len(v) > 4*fl.MaxLen()+16 {
			// Kept whole it would be drawn back into the page; what is
			// shown is enough for the person to shorten it.
			v = v[:4*fl.MaxLen()]
		}
		vals[name] = v
	}
	return vals
}

// newCaptcha draws the form again with a new picture and what was typed,
// so that "Show a new picture" works without JavaScript.
func (s *Storefront) newFormCaptcha(w http.ResponseWriter, r *http.Request) error {
	f, err := s.formFromPath(r)
	if err != nil {
		return err
	}
	s.d.Captcha.Verify(r.Context(), r.PostFormValue("captcha_id"), "") // retire the old one
	return s.formPage(w, r, http.StatusOK, f, postedValues(r, f), nil, request.SafeBack(r.PostFormValue("back")))
}

// submitForm is POST /forms/{id}: the message is checked, stored and
// e-mailed, or the form comes back with what was typed and why not.
func (s *Storefront) submitForm(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	f, err := s.formFromPath(r)
	if err != nil {
		return err
	}
	vals := postedValues(r, f)
	in := forms.Submission{Values: map[string]string{}, Consent: r.PostFormValue("consent") != "",
		CaptchaID: r.PostFormValue("captcha_id"), CaptchaAnswer: r.PostFormValue("captcha"),
		Honeypot: r.PostFormValue("website"), IP: request.ClientIP(r)}
	for _, fl := range f.Fields {
		in.Values[fl.Key] = r.PostFormValue("f_" + fl.Key)
	}
	back := request.SafeBack(r.PostFormValue("back"))
	to := forms.Recipient{SiteID: site.ID, SiteTitle: site.Title, ContactEmail: site.ContactEmail,
		InboxURL: s.d.Config.SiteURL(site.Name) + "/admin/inbox"}
	if to.SiteTitle == "" {
		to.SiteTitle = site.Name
	}
	if _, err := s.d.Forms.Submit(r.Context(), to, f, in); err != nil {
		if fields, ok := fault.AsInvalid(err); ok {
			return s.formPage(w, r, http.StatusUnprocessableEntity, f, vals, fields, back)
		}
		return err
	}
	http.Redirect(w, r, "/forms/"+strconv.FormatInt(f.ID, 10)+"/sent?back="+url.QueryEscape(back), http.StatusSeeOther)
	return nil
}

// formSent thanks the visitor, in the site's design.
func (s *Storefront) formSent(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	f, err := s.formFromPath(r)
	if err != nil {
		return err
	}
	v, err := s.view(r.Context(), site, nil, "/forms")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = template.Must(template.New("sent").Parse(`<section class="band"><div class="wrap narrow prose">
<p class="lede" role="status">{{.Thanks}}</p>
<p><a class="button" href="{{.Back}}">Back to the site</a></p>
</div></section>`)).Execute(&buf, struct{ Thanks, Back string }{f.Thanks, request.SafeBack(r.URL.Query().Get("back"))})
	if err != nil {
		return err
	}
	v.Page = themes.PageContent{Slug: "forms", Title: "Message sent", Body: template.HTML(buf.String())}
	return s.writePage(w, r, site, http.StatusOK, v)
}

// formCaptcha serves /forms/FORM/captcha/ID.png and ID.wav on the site's host.
func (s *Storefront) formCaptcha(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	w.Header().Set("Cache-Control", "no-store")
	var err error
	switch {
	case strings.HasSuffix(file, ".png"):
		w.Header().Set("Content-Type", "image/png")
		err = s.d.Captcha.WriteImage(r.Context(), w, strings.TrimSuffix(file, ".png"))
	case strings.HasSuffix(file, ".wav"):
		w.Header().Set("Content-Type", "audio/wav")
		err = s.d.Captcha.WriteAudio(r.Context(), w, strings.TrimSuffix(file, ".wav"), "en")
	default:
		err = captcha.ErrNotFound
	}
	if errors.Is(err, captcha.ErrNotFound) {
		return fault.ErrNotFound
	}
	return err
}
