package operator

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/support"
)

// statusClass is the badge class of a mail status.
func statusClass(status string) string {
	switch status {
	case mail.StatusSent:
		return "ok"
	case mail.StatusFailed:
		return "bad"
	case mail.StatusQueued:
		return "warn"
	}
	return ""
}

type messageView struct {
	mail.Message
	StatusClass string
}

type outboxData struct {
	Messages []messageView
	Pager    pager
	Kept     bool // no SMTP server: messages stay here
}

func (o *Operator) outbox(w http.ResponseWriter, r *http.Request) error {
	page, offset := pageOf(r)
	list, total, err := o.d.Mail.Outbox(r.Context(), pageSize, offset)
	if err != nil {
		return err
	}
	data := outboxData{Pager: newPager("/operator/outbox", r.URL.Query(), page, len(list), total), Kept: o.d.Config.SMTPURL == ""}
	for _, m := range list {
		data.Messages = append(data.Messages, messageView{m, statusClass(m.Status)})
	}
	return o.render(w, r, http.StatusOK, "outbox.html", "Outbox", nil, data)
}

func (o *Operator) message(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := o.d.Mail.Message(r.Context(), id)
	if errors.Is(err, mail.ErrNotFound) {
		return fmt.Errorf("mail %d: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return err
	}
	return o.render(w, r, http.StatusOK, "message.html", m.Subject, nil, messageView{m, statusClass(m.Status)})
}

type questionView struct {
	support.Question
	ArticleURL, ArticleTitle string
	Excerpt                  string
	MailTo                   string
}

func (o *Operator) questionView(q support.Question) questionView {
	v := questionView{Question: q, Excerpt: excerpt(q.Message, 140)}
	if q.CategorySlug != "" && q.ArticleSlug != "" {
		v.ArticleURL = o.d.Config.PlatformURL() + "/help/" + url.PathEscape(q.CategorySlug) + "/" + url.PathEscape(q.ArticleSlug)
		v.ArticleTitle = q.CategorySlug + " / " + q.ArticleSlug
		if o.d.Help != nil {
			if a, ok := o.d.Help.Article(q.CategorySlug, q.ArticleSlug); ok {
				v.ArticleTitle = a.Title
			}
		}
	}
	subject := "Re: your question"
	if v.ArticleTitle != "" {
		subject += " about " + v.ArticleTitle
	}
	v.MailTo = "mailto:" + q.Email + "?subject=" + url.PathEscape(subject)
	return v
}

// excerpt shortens s to about n characters on one line.
func excerpt(s string, n int) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\r' || c == '\t' {
			r[i] = ' '
		}
	}
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

type inboxData struct {
	Questions []questionView
	Pager     pager
}

func (o *Operator) inbox(w http.ResponseWriter, r *http.Request) error {
	page, offset := pageOf(r)
	list, total, err := o.d.Support.Inbox(r.Context(), pageSize, offset)
	if err != nil {
		return err
	}
	data := inboxData{Pager: newPager("/operator/inbox", r.URL.Query(), page, len(list), total)}
	for _, q := range list {
		data.Questions = append(data.Questions, o.questionView(q))
	}
	return o.render(w, r, http.StatusOK, "inbox.html", "Inbox", nil, data)
}

func (o *Operator) question(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q, err := o.d.Support.Question(r.Context(), id)
	if err != nil {
		return err
	}
	return o.render(w, r, http.StatusOK, "question.html", "Question from "+q.Name, nil, o.questionView(q))
}

func (o *Operator) markHandled(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := o.d.Support.Question(r.Context(), id); err != nil {
		return err
	}
	if err := o.d.Support.MarkHandled(r.Context(), id); err != nil {
		return err
	}
	return done(w, r, "/operator/inbox", "The question is marked as handled.")
}
