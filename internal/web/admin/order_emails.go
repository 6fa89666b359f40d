package admin

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/ordermail"
	"github.com/pagecart/pagecart/internal/web/ui"
)

type emailsData struct {
	Templates []ordermail.Template
}

func (a *Admin) listEmails(w http.ResponseWriter, r *http.Request, st *state) error {
	ts, err := a.d.OrderMail.Templates(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "emails.html", "Order e-mails", nil, emailsData{Templates: ts})
}

type emailData struct {
	Event          ordermail.Event
	Custom         bool
	Fields         []string
	Subject, Body  string // the preview
	PreviewFailed  bool
	PreviewMessage string
}

// sample is the made-up order that previews and checks a site's e-mails.
func (a *Admin) sample(st *state) ordermail.Data {
	return ordermail.Sample(ordermail.ShopOf(st.site, a.d.Config.SiteURL), st.site.Currency)
}

func (a *Admin) findEmail(r *http.Request) (ordermail.Event, error) {
	e, ok := ordermail.ParseEvent(r.PathValue("event"))
	if !ok {
		return "", ordermail.ErrUnknownEvent
	}
	return e, nil
}

func (a *Admin) emailPage(w http.ResponseWriter, r *http.Request, st *state) error {
	e, err := a.findEmail(r)
	if err != nil {
		return err
	}
	t, err := a.d.OrderMail.Template(r.Context(), st.site.ID, e)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"subject": {t.Subject}, "body": {t.Body}}}
	return a.renderEmail(w, r, st, http.StatusOK, f, t)
}

func (a *Admin) renderEmail(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form, t ordermail.Template) error {
	d := emailData{Event: t.Event, Custom: t.Custom, Fields: ordermail.Fields()}
	subject, body, err := ordermail.Render(ordermail.Template{Subject: f.Raw("subject"), Body: f.Raw("body")}, a.sample(st))
	if err != nil {
		d.PreviewFailed = true
	} else {
		d.Subject, d.Body = subject, body
	}
	return a.render(w, r, status, "email.html", t.Event.Label(), f, d)
}

func (a *Admin) saveEmail(w http.ResponseWriter, r *http.Request, st *state) error {
	e, err := a.findEmail(r)
	if err != nil {
		return err
	}
	stored, err := a.d.OrderMail.Template(r.Context(), st.site.ID, e)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	t := ordermail.Template{Event: e, Subject: f.Raw("subject"), Body: f.Raw("body"), Custom: stored.Custom}
	if r.PostFormValue("action") == "preview" {
		// Show what the text would send, with its problems, without saving.
		if err := ordermail.Check(t, a.sample(st)); err != nil && !f.Absorb(err) {
			return err
		}
		status := http.StatusOK
		if f.HasErrors() {
			status = http.StatusUnprocessableEntity
		}
		return a.renderEmail(w, r, st, status, f, t)
	}
	if err := a.d.OrderMail.Save(r.Context(), st.site.ID, t, a.sample(st)); err != nil {
		if f.Absorb(err) {
			return a.renderEmail(w, r, st, http.StatusUnprocessableEntity, f, t)
		}
		return err
	}
	return done(w, r, "/admin/emails/"+string(e), "“"+e.Label()+"” saved. Orders from now on get this wording.")
}

func (a *Admin) resetEmail(w http.ResponseWriter, r *http.Request, st *state) error {
	e, err := a.findEmail(r)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "Go back to the default wording of “" + e.Label() + "”?",
			Message: "Your own subject and text for this e-mail are deleted.", Action: "/admin/emails/" + string(e) + "/reset",
			Button: "Use the default", Cancel: "/admin/emails/" + string(e)})
	}
	if err := a.d.OrderMail.Reset(r.Context(), st.site.ID, e); err != nil {
		return err
	}
	return done(w, r, "/admin/emails/"+string(e), "“"+e.Label()+"” uses the default wording again.")
}
