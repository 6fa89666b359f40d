package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pagecart/pagecart/internal/forms"
)

const inboxPageSize = 50

type inboxData struct {
	Messages []forms.Message
	Total    int
	Status   string
	Search   string
	Tabs     []inboxTab
	From     int
	Prev     string
	Next     string
}

type inboxTab struct {
	Label, URL string
	Current    bool
}

func inboxURL(status, q string, offset int) string {
	v := url.Values{}
	if status != "" {
		v.Set("status", status)
	}
	if q != "" {
		v.Set("q", q)
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	if len(v) == 0 {
		return "/admin/inbox"
	}
	return "/admin/inbox?" + v.Encode()
}

// inbox lists the messages sent with the site's forms: all but spam, or
// one status; searched by words of what was sent.
func (a *Admin) inbox(w http.ResponseWriter, r *http.Request, st *state) error {
	q := r.URL.Query()
	status := forms.Status(q.Get("status"))
	if !status.Valid() {
		status = ""
	}
	search := q.Get("q")
	if len(search) > 200 {
		search = search[:200]
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(offset, 0)
	msgs, total, err := a.d.Forms.Inbox(r.Context(), st.site.ID, forms.InboxQuery{Status: status, Search: search, Limit: inboxPageSize, Offset: offset})
	if err != nil {
		return err
	}
	d := inboxData{Messages: msgs, Total: total, Status: string(status), Search: search, From: offset + 1}
	for _, t := range []struct{ label, status string }{{"Inbox", ""}, {"Unread", "unread"}, {"Read", "read"}, {"Spam", "spam"}} {
		d.Tabs = append(d.Tabs, inboxTab{Label: t.label, URL: inboxURL(t.status, search, 0), Current: t.status == string(status)})
	}
	if offset > 0 {
		d.Prev = inboxURL(string(status), search, max(offset-inboxPageSize, 0))
	}
	if offset+inboxPageSize < total {
		d.Next = inboxURL(string(status), search, offset+inboxPageSize)
	}
	return a.render(w, r, http.StatusOK, "inbox.html", "Inbox", nil, d)
}

func (a *Admin) findMessage(r *http.Request, st *state) (forms.Message, error) {
	id, err := pathID(r)
	if err != nil {
		return forms.Message{}, err
	}
	return a.d.Forms.Message(r.Context(), st.site.ID, id)
}

// message shows one message; opening an unread one marks it read.
func (a *Admin) message(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMessage(r, st)
	if err != nil {
		return err
	}
	if m.Status == forms.Unread {
		if err := a.d.Forms.SetStatus(r.Context(), st.site.ID, m.ID, forms.Read); err != nil {
			return err
		}
		m.Status = forms.Read
	}
	return a.render(w, r, http.StatusOK, "message.html", "Message from "+m.FormTitle, nil, m)
}

func (a *Admin) setMessageStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMessage(r, st)
	if err != nil {
		return err
	}
	status := forms.Status(r.PostFormValue("status"))
	if err := a.d.Forms.SetStatus(r.Context(), st.site.ID, m.ID, status); err != nil {
		return err
	}
	labels := map[forms.Status]string{forms.Unread: "Marked unread.", forms.Read: "Moved back to the inbox.", forms.Spam: "Marked as spam."}
	return done(w, r, "/admin/inbox", labels[status])
}

func (a *Admin) confirmDeleteMessage(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMessage(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete this message?",
		Message: "The message sent with “" + m.FormTitle + "” on " + m.CreatedAt.UTC().Format("2 Jan 2006 15:04 UTC") + " is deleted for good.",
		Action:  r.URL.Path, Button: "Delete message", Cancel: "/admin/inbox/" + strconv.FormatInt(m.ID, 10)})
}

func (a *Admin) deleteMessage(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMessage(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeleteMessage(w, r, st)
	}
	if err := a.d.Forms.DeleteMessage(r.Context(), st.site.ID, m.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/inbox", "Message deleted.")
}

func (a *Admin) exportInbox(w http.ResponseWriter, r *http.Request, st *state) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="messages-`+st.site.Name+`.csv"`)
	return a.d.Forms.ExportCSV(r.Context(), st.site.ID, w)
}
