package ordermail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Store keeps each site's reworded e-mails.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns the store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// ErrUnknownEvent is not found: the settings page has no such e-mail.
var ErrUnknownEvent = fmt.Errorf("order e-mail %w", fault.ErrNotFound)

// Templates returns the site's wording of every e-mail, the default where
// it has none of its own.
func (s *Store) Templates(ctx context.Context, siteID int64) ([]Template, error) {
	out := make([]Template, 0, len(Events()))
	for _, e := range Events() {
		t, err := s.Template(ctx, siteID, e)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// Template returns the site's wording of one e-mail.
func (s *Store) Template(ctx context.Context, siteID int64, e Event) (Template, error) {
	return templateOf(ctx, s.db, siteID, e)
}

func templateOf(ctx context.Context, q sqldb.Q, siteID int64, e Event) (Template, error) {
	if _, ok := ParseEvent(string(e)); !ok {
		return Template{}, ErrUnknownEvent
	}
	t := Template{Event: e, Custom: true}
	err := q.QueryRow(ctx, `SELECT subject, body FROM order_mail_templates WHERE site_id = ? AND event = ?`, siteID, e).
		Scan(&t.Subject, &t.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return Default(e), nil
	}
	if err != nil {
		return Template{}, fmt.Errorf("order e-mail %s: %w", e, err)
	}
	return t, nil
}

// Check returns the owner's messages for a template: too long, not a
// template, or failing on the sample order (an unknown field, say).
func Check(t Template, sample Data) error {
	var v fault.Invalid
	if v.CheckText("subject", t.Subject) {
		switch {
		case len(t.Subject) == 0:
			v.Add("subject", "Write a subject.")
		case len([]rune(t.Subject)) > maxSubject:
			v.Add("subject", fmt.Sprintf("Use at most %d characters.", maxSubject))
		}
	}
	if v.CheckText("body", t.Body) {
		switch {
		case len(t.Body) == 0:
			v.Add("body", "Write the e-mail's text.")
		case len([]rune(t.Body)) > maxBody:
			v.Add("body", fmt.Sprintf("Use at most %d characters.", maxBody))
		}
	}
	if v.Err() != nil {
		return v.Err()
	}
	if st, err := compile("subject", t.Subject); err != nil {
		v.Add("subject", "This subject is not a valid template: "+err.Error())
	} else if _, err := execute(st, sample, maxSubjectOut); err != nil {
		v.Add("subject", "This subject fails on a sample order: "+err.Error())
	}
	if bt, err := compile("body", t.Body); err != nil {
		v.Add("body", "This text is not a valid template: "+err.Error())
	} else if _, err := execute(bt, sample, maxOutput); err != nil {
		v.Add("body", "This text fails on a sample order: "+err.Error())
	}
	return v.Err()
}

// Save checks a site's wording of an e-mail against the sample order and
// stores it; a template that does not work is refused with the messages
// for the form.
func (s *Store) Save(ctx context.Context, siteID int64, t Template, sample Data) error {
	if _, ok := ParseEvent(string(t.Event)); !ok {
		return ErrUnknownEvent
	}
	t.Subject = normalise(t.Subject)
	t.Body = normalise(t.Body)
	if err := Check(t, sample); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO order_mail_templates (site_id, event, subject, body, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (site_id, event) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
		siteID, t.Event, t.Subject, t.Body, sqldb.Millis(s.now()))
	if err != nil {
		return fmt.Errorf("save order e-mail %s: %w", t.Event, err)
	}
	return nil
}

// Reset goes back to the default wording.
func (s *Store) Reset(ctx context.Context, siteID int64, e Event) error {
	if _, ok := ParseEvent(string(e)); !ok {
		return ErrUnknownEvent
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM order_mail_templates WHERE site_id = ? AND event = ?`, siteID, e); err != nil {
		return fmt.Errorf("reset order e-mail %s: %w", e, err)
	}
	return nil
}

// normalise keeps line ends as \n, whatever the browser sent.
func normalise(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			out = append(out, '\n')
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}
