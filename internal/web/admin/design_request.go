package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pagecart/pagecart/internal/designrequests"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// designRequestsData is the request form with the site's earlier requests.
type designRequestsData struct {
	Requests []designrequests.Request
}

// designRequestData is one request with its thread.
type designRequestData struct {
	Request  designrequests.Request
	Messages []designrequests.Message
}

// designNotice is where the e-mails of the site's requests link to.
func (a *Admin) designNotice(st *state) designrequests.Notice {
	return designrequests.Notice{SiteTitle: st.site.Title,
		AdminURL:    a.d.Config.SiteURL(st.site.Name) + "/admin/design-request/",
		OperatorURL: a.d.Config.PlatformURL() + "/operator/design-requests/" + strconv.FormatInt(st.site.ID, 10) + "/"}
}

func (a *Admin) designRequests(w http.ResponseWriter, r *http.Request, st *state) error {
	email := st.site.ContactEmail
	if email == "" {
		email = st.account.Email
	}
	return a.renderDesignRequests(w, r, st, http.StatusOK, &ui.Form{Values: url.Values{"contact_email": {email}}})
}

func (a *Admin) renderDesignRequests(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	list, err := a.d.DesignRequests.List(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.render(w, r, status, "design_request.html", "A design of your own", f, designRequestsData{Requests: list})
}

func (a *Admin) createDesignRequest(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	in := designrequests.Input{What: f.Raw("what"), Examples: f.Raw("examples"), Budget: f.Value("budget"),
		Deadline: f.Value("deadline"), ContactEmail: f.Value("contact_email"), ContactPhone: f.Value("contact_phone")}
	req, err := a.d.DesignRequests.Create(r.Context(), st.site.ID, in, a.designNotice(st))
	if err != nil {
		if f.Absorb(err) {
			return a.renderDesignRequests(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return done(w, r, "/admin/design-request/"+strconv.FormatInt(req.ID, 10),
		"Thank you! Your request is with our designers; they answer here and by e-mail, usually within two working days.")
}

func (a *Admin) designRequest(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderDesignRequest(w, r, st, http.StatusOK, &ui.Form{})
}

func (a *Admin) renderDesignRequest(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	req, msgs, err := a.d.DesignRequests.Get(r.Context(), st.site.ID, id)
	if err != nil {
		return err
	}
	return a.render(w, r, status, "design_request_thread.html", "Your design request", f, designRequestData{Request: req, Messages: msgs})
}

func (a *Admin) replyDesignRequest(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	_, err = a.d.DesignRequests.Reply(r.Context(), st.site.ID, id, designrequests.AuthorOwner, st.account.Email, f.Raw("body"), a.designNotice(st))
	if err != nil {
		if f.Absorb(err) {
			return a.renderDesignRequest(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return done(w, r, "/admin/design-request/"+strconv.FormatInt(id, 10)+"#reply", "Message sent.")
}
