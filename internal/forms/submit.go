package forms

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The spam checks' thresholds. Each layer stops a different sender: the
// captcha a script, the honeypot a form-filling bot, the fill time a bot
// that posts at once, the limits a person or bot sending many.
const (
	// MinFillTime is the least time between the form appearing (its
	// captcha made) and the message sent.
	MinFillTime = 3 * time.Second
	// PerAddress messages per AddressWindow from one address to one site.
	PerAddress    = 5
	AddressWindow = 10 * time.Minute
	// PerSite messages per SiteWindow to one site from everyone.
	PerSite    = 200
	SiteWindow = time.Hour
)

// Messages the sender reads when a check refuses their message.
const (
	MsgCaptcha  = "The digits did not match. Type the digits in the new picture."
	MsgHoneypot = "This message looks automated, so it was not sent. If you are a person, leave the last field (“Leave this empty”) empty and send it again."
	MsgTooFast  = "This was sent faster than a person can type. Check your message and send it again."
	MsgConsent  = "Please agree that your details are used to answer you (see the privacy declaration)."
	MsgAddress  = "You have sent several messages in the last few minutes. Wait ten minutes and send it again; what you typed is kept."
	MsgSite     = "This site is receiving very many messages right now. Please try again in an hour; what you typed is kept."
)

// Recipient is the site a message is for.
type Recipient struct {
	SiteID       int64
	SiteTitle    string
	ContactEmail string // where the message is e-mailed
	InboxURL     string // the admin inbox, linked from the e-mail
}

// Submission is what a visitor sent.
type Submission struct {
	// Values by field key; a ticked checkbox is any non-empty value.
	Values                   map[string]string
	Consent                  bool
	CaptchaID, CaptchaAnswer string
	// Honeypot is a field hidden from people; a bot fills it in.
	Honeypot string
	IP       string
}

// Line is one answer as the inbox shows it: the field's label at the time
// and the value.
type Line struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

var phonePattern = regexp.MustCompile(`^\+?[0-9 ()./-]{5,30}$`)

// Submit checks a message against the form and the spam checks and, if
// all pass, stores it and e-mails it to the site in one transaction (and
// the automatic reply to the sender, when the form has one). A refusal is
// a *fault.Invalid with a sentence per field: the caller shows the form
// again with what was typed. The captcha is used up either way.
func (s *Store) Submit(ctx context.Context, to Recipient, f Form, in Submission) (Message, error) {
	v := &fault.Invalid{}
	var lines []Line
	var email string
	for _, fl := range f.Fields {
		val := strings.TrimSpace(strings.ReplaceAll(in.Values[fl.Key], "\r\n", "\n"))
		if !v.CheckText(fl.Key, val) {
			continue
		}
		if fl.Kind == Checkbox {
			if val != "" {
				val = "yes"
			} else {
				val = "no"
			}
		}
		switch n := utf8.RuneCountInString(val); {
		case fl.Required && (val == "" || (fl.Kind == Checkbox && val == "no")):
			v.Add(fl.Key, "Please fill in “"+fl.Label+"”.")
			continue
		case n > fl.MaxLen():
			v.Add(fl.Key, fmt.Sprintf("Keep “%s” under %d characters (it has %d).", fl.Label, fl.MaxLen(), n))
			continue
		}
		if val != "" {
			switch fl.Kind {
			case Email:
				norm, problem := accounts.NormalizeEmail(val)
				if problem != "" {
					v.Add(fl.Key, "Check the e-mail address in “"+fl.Label+"”: it should look like name@example.com.")
					continue
				}
				val = norm
				if email == "" {
					email = norm
				}
			case Phone:
				if !phonePattern.MatchString(val) {
					v.Add(fl.Key, "Check the phone number in “"+fl.Label+"”: digits, spaces and + only.")
					continue
				}
			case Choice:
				ok := false
				for _, o := range fl.Options {
					ok = ok || o == val
				}
				if !ok {
					v.Add(fl.Key, "Choose one of the options of “"+fl.Label+"”.")
					continue
				}
			}
		}
		lines = append(lines, Line{Label: fl.Label, Value: val})
	}
	if f.AsksConsent() && !in.Consent {
		v.Add("consent", MsgConsent)
	}
	if in.Honeypot != "" {
		v.Add("form", MsgHoneypot)
	}
	issued, err := s.captcha.Issued(ctx, in.CaptchaID)
	if err == nil && s.now().Sub(issued) < MinFillTime {
		v.Add("form", MsgTooFast)
	}
	if !s.captcha.Verify(ctx, in.CaptchaID, in.CaptchaAnswer) {
		v.Add("captcha", MsgCaptcha)
	}
	if err := v.Err(); err != nil {
		return Message{}, err
	}

	data, err := json.Marshal(lines)
	if err != nil {
		return Message{}, err
	}
	var search strings.Builder
	for _, l := range lines {
		search.WriteString(strings.ToLower(l.Value))
		search.WriteByte('\n')
	}
	m := Message{ID: sqldb.NewID(), FormID: f.ID, FormTitle: f.Title, Status: Unread, Email: email, Lines: lines, CreatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := s.now()
		ipHash, err := consent.IPHashTx(ctx, tx, to.SiteID, in.IP)
		if err != nil {
			return err
		}
		var fromAddress, toSite int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM form_submissions WHERE site_id = ? AND ip_hash = ? AND created_at > ?`,
			to.SiteID, ipHash, sqldb.Millis(now.Add(-AddressWindow))).Scan(&fromAddress); err != nil {
			return fmt.Errorf("count messages: %w", err)
		}
		if fromAddress >= PerAddress {
			return fault.Invalidf("form", MsgAddress)
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM form_submissions WHERE site_id = ? AND created_at > ?`,
			to.SiteID, sqldb.Millis(now.Add(-SiteWindow))).Scan(&toSite); err != nil {
			return fmt.Errorf("count messages: %w", err)
		}
		if toSite >= PerSite {
			return fault.Invalidf("form", MsgSite)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO form_submissions (site_id, id, form_id, status, email, data, search, ip_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, to.SiteID, m.ID, f.ID, string(Unread), email, string(data), search.String(), ipHash,
			sqldb.Millis(m.CreatedAt)); err != nil {
			return fmt.Errorf("store message: %w", err)
		}
		if to.ContactEmail != "" {
			if _, err := s.outbox.Send(ctx, tx, mail.Message{SiteID: to.SiteID, To: to.ContactEmail,
				Subject: "New message from “" + f.Title + "” on " + to.SiteTitle, Text: notification(to, m)}); err != nil {
				return err
			}
		}
		if f.AutoReply != "" && email != "" {
			if _, err := s.outbox.Send(ctx, tx, mail.Message{SiteID: to.SiteID, To: email,
				Subject: "Re: " + f.Title + " · " + to.SiteTitle, Text: f.AutoReply + "\n\n— " + to.SiteTitle + "\n"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	return m, nil
}

// notification is the e-mail the site gets for a message.
func notification(to Recipient, m Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Someone sent the form “%s” on %s:\n\n", m.FormTitle, to.SiteTitle)
	for _, l := range m.Lines {
		fmt.Fprintf(&b, "%s:\n%s\n\n", l.Label, l.Value)
	}
	if m.Email != "" {
		fmt.Fprintf(&b, "Reply to %s to answer.\n", m.Email)
	}
	if to.InboxURL != "" {
		fmt.Fprintf(&b, "All your messages: %s\n", to.InboxURL)
	}
	return b.String()
}
