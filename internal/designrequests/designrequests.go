// Package designrequests keeps owners' requests for a made-to-measure
// design ("We can also create a unique design tailored to your wishes"):
// what they want, the operator's status for it, and the thread of messages
// between the two sides. Every message is e-mailed to the other side
// through the outbox, in the transaction that stores it.
package designrequests

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
	pmail "github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for a request that is not the site's.
var ErrNotFound = fmt.Errorf("design request: %w", fault.ErrNotFound)

// Status is where a request stands.
type Status string

// The statuses, in the order a request usually goes through them.
const (
	StatusNew        Status = "new"
	StatusQuoted     Status = "quoted"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusDeclined   Status = "declined"
)

// Statuses lists every status in order.
var Statuses = []Status{StatusNew, StatusQuoted, StatusInProgress, StatusDone, StatusDeclined}

// Label is the status as people read it.
func (s Status) Label() string {
	switch s {
	case StatusNew:
		return "New"
	case StatusQuoted:
		return "Quoted"
	case StatusInProgress:
		return "In progress"
	case StatusDone:
		return "Done"
	case StatusDeclined:
		return "Declined"
	}
	return string(s)
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// The two sides of a thread.
const (
	AuthorOwner    = "owner"
	AuthorOperator = "operator"
)

// Request is one owner's request.
type Request struct {
	SiteID       int64
	ID           int64
	What         string
	Examples     []string // URLs of sites the owner likes
	Budget       string
	Deadline     string
	ContactEmail string
	ContactPhone string
	Status       Status
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Summary is the start of What, for lists.
func (r Request) Summary() string {
	w := strings.Join(strings.Fields(r.What), " ")
	if rs := []rune(w); len(rs) > 90 {
		return string(rs[:89]) + "…"
	}
	return w
}

// Message is one message of a request's thread.
type Message struct {
	ID        int64
	RequestID int64
	Author    string // AuthorOwner or AuthorOperator
	Name      string // who wrote it: the owner's e-mail, or the operator's
	Body      string
	CreatedAt time.Time
}

// Input is the request form.
type Input struct {
	What, Examples, Budget, Deadline, ContactEmail, ContactPhone string
}

// Limits of the form's fields, in characters.
const (
	MaxWhat     = 5000
	MaxExamples = 10 // addresses
	MaxShort    = 200
	MaxMessage  = 5000
)

func (in *Input) validate() ([]string, error) {
	var v fault.Invalid
	in.What = strings.TrimSpace(in.What)
	switch {
	case !v.CheckText("what", in.What):
	case in.What == "":
		v.Add("what", "Tell us what you would like: the kind of site, its mood, what it must show.")
	case utf8.RuneCountInString(in.What) > MaxWhat:
		v.Add("what", fmt.Sprintf("Use at most %d characters; you can add more in a message later.", MaxWhat))
	}
	var examples []string
	if v.CheckText("examples", in.Examples) {
		for _, line := range strings.Fields(in.Examples) {
			u, err := url.Parse(line)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(line) > 500 {
				v.Add("examples", "Give whole addresses, one a line, starting with https://, like https://example.com.")
				break
			}
			examples = append(examples, line)
		}
		if len(examples) > MaxExamples {
			v.Add("examples", fmt.Sprintf("Give at most %d addresses.", MaxExamples))
		}
	}
	for _, f := range []struct {
		name string
		val  *string
	}{{"budget", &in.Budget}, {"deadline", &in.Deadline}, {"contact_phone", &in.ContactPhone}} {
		*f.val = strings.Join(strings.Fields(*f.val), " ")
		if v.CheckText(f.name, *f.val) && utf8.RuneCountInString(*f.val) > MaxShort {
			v.Add(f.name, fmt.Sprintf("Use at most %d characters.", MaxShort))
		}
	}
	if in.ContactPhone != "" && strings.Trim(in.ContactPhone, "+0123456789 ()-./") != "" {
		v.Add("contact_phone", "Give a phone number with digits, spaces and + ( ) - only.")
	}
	in.ContactEmail = strings.TrimSpace(in.ContactEmail)
	if v.CheckText("contact_email", in.ContactEmail) {
		a, err := mail.ParseAddress(in.ContactEmail)
		if in.ContactEmail == "" || err != nil || a.Address != in.ContactEmail || len(in.ContactEmail) > 254 {
			v.Add("contact_email", "Give the e-mail address where we may answer, like you@example.com.")
		}
	}
	return examples, v.Err()
}

// Notice is what the e-mails of an operation link to, worked out by the
// caller that knows the hosts.
type Notice struct {
	SiteTitle string
	// AdminURL and OperatorURL lead to the site's requests in its admin
	// (for the owner) and in the operator console; the request's ID is
	// appended to each.
	AdminURL, OperatorURL string
}

func (n Notice) admin(id int64) string    { return n.AdminURL + strconv.FormatInt(id, 10) }
func (n Notice) operator(id int64) string { return n.OperatorURL + strconv.FormatInt(id, 10) }

// Store keeps requests and sends their e-mails.
type Store struct {
	db     *sqldb.DB
	outbox *pmail.Outbox
	// operators returns the addresses that hear of owners' messages.
	operators func(ctx context.Context) ([]string, error)
	now       func() time.Time
}

// NewStore returns a Store on db that e-mails through outbox; operators
// gives the operator console's people to tell of new requests and replies.
func NewStore(db *sqldb.DB, outbox *pmail.Outbox, operators func(ctx context.Context) ([]string, error)) *Store {
	return &Store{db: db, outbox: outbox, operators: operators, now: time.Now}
}

const cols = `site_id, id, what, examples, budget, deadline, contact_email, contact_phone, status, created_at, updated_at`

func scan(row interface{ Scan(...any) error }) (Request, error) {
	var r Request
	var examples string
	var created, updated int64
	err := row.Scan(&r.SiteID, &r.ID, &r.What, &examples, &r.Budget, &r.Deadline, &r.ContactEmail, &r.ContactPhone,
		&r.Status, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Request{}, ErrNotFound
	}
	r.Examples = strings.Fields(examples)
	r.CreatedAt, r.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	return r, err
}

// Create stores a new request and tells the operators.
func (s *Store) Create(ctx context.Context, siteID int64, in Input, n Notice) (Request, error) {
	examples, err := in.validate()
	if err != nil {
		return Request{}, err
	}
	now := s.now().UTC()
	r := Request{SiteID: siteID, ID: sqldb.NewID(), What: in.What, Examples: examples, Budget: in.Budget, Deadline: in.Deadline,
		ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone, Status: StatusNew, CreatedAt: now, UpdatedAt: now}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO design_requests (`+cols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.SiteID, r.ID, r.What, strings.Join(r.Examples, "\n"), r.Budget, r.Deadline, r.ContactEmail, r.ContactPhone,
			string(r.Status), sqldb.Millis(now), sqldb.Millis(now)); err != nil {
			return fmt.Errorf("create design request: %w", err)
		}
		text := fmt.Sprintf("%s asks for a design of their own.\n\nWhat: %s\nExamples: %s\nBudget: %s\nDeadline: %s\nContact: %s %s\n\nAnswer in the operator console: %s\n",
			n.SiteTitle, r.What, orNone(strings.Join(r.Examples, " ")), orNone(r.Budget), orNone(r.Deadline), r.ContactEmail, r.ContactPhone, n.operator(r.ID))
		return s.tellOperators(ctx, tx, siteID, "Design request from "+n.SiteTitle, text)
	})
	return r, err
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (s *Store) tellOperators(ctx context.Context, tx *sqldb.Tx, siteID int64, subject, text string) error {
	if s.operators == nil {
		return nil
	}
	to, err := s.operators(ctx)
	if err != nil {
		return err
	}
	for _, addr := range to {
		if _, err := s.outbox.Send(ctx, tx, pmail.Message{SiteID: siteID, To: addr, Subject: subject, Text: text}); err != nil {
			return fmt.Errorf("tell operator of design request: %w", err)
		}
	}
	return nil
}

// List returns the site's requests, newest first.
func (s *Store) List(ctx context.Context, siteID int64) ([]Request, error) {
	rows, err := s.db.Query(ctx, `SELECT `+cols+` FROM design_requests WHERE site_id = ? ORDER BY id DESC LIMIT 200`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list design requests: %w", err)
	}
	return collect(rows)
}

func collect(rows *sql.Rows) ([]Request, error) {
	defer rows.Close()
	var out []Request
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// All returns requests of every site for the operator console, newest
// first, optionally of one status, with their total.
func (s *Store) All(ctx context.Context, status Status, limit, offset int) ([]Request, int, error) {
	where, args := "", []any{}
	if status != "" {
		where, args = ` WHERE status = ?`, append(args, string(status))
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM design_requests`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count design requests: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+cols+` FROM design_requests`+where+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list design requests: %w", err)
	}
	list, err := collect(rows)
	return list, total, err
}

// Get returns a request of the site with its thread, oldest message first.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Request, []Message, error) {
	r, err := scan(s.db.QueryRow(ctx, `SELECT `+cols+` FROM design_requests WHERE site_id = ? AND id = ?`, siteID, id))
	if err != nil {
		return Request{}, nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, request_id, author, name, body, created_at FROM design_request_messages
		WHERE site_id = ? AND request_id = ? ORDER BY created_at, id`, siteID, id)
	if err != nil {
		return Request{}, nil, fmt.Errorf("design request messages: %w", err)
	}
	defer rows.Close()
	var msgs []Message
	for rows.Next() {
		var m Message
		var created int64
		if err := rows.Scan(&m.ID, &m.RequestID, &m.Author, &m.Name, &m.Body, &created); err != nil {
			return Request{}, nil, err
		}
		m.CreatedAt = sqldb.Time(created)
		msgs = append(msgs, m)
	}
	return r, msgs, rows.Err()
}

// Reply adds a message to a request's thread and e-mails it to the other
// side: an owner's message to the operators, an operator's to the
// request's contact address.
func (s *Store) Reply(ctx context.Context, siteID, id int64, author, name, body string, n Notice) (Message, error) {
	if author != AuthorOwner && author != AuthorOperator {
		return Message{}, fmt.Errorf("design request reply by %q", author)
	}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	var v fault.Invalid
	switch {
	case !v.CheckText("body", body):
	case body == "":
		v.Add("body", "Write a message first.")
	case utf8.RuneCountInString(body) > MaxMessage:
		v.Add("body", fmt.Sprintf("Use at most %d characters; send the rest in a second message.", MaxMessage))
	}
	if err := v.Err(); err != nil {
		return Message{}, err
	}
	now := s.now().UTC()
	m := Message{ID: sqldb.NewID(), RequestID: id, Author: author, Name: name, Body: body, CreatedAt: now}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r, err := scan(tx.QueryRow(ctx, `SELECT `+cols+` FROM design_requests WHERE site_id = ? AND id = ?`, siteID, id))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO design_request_messages (site_id, id, request_id, author, name, body, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, siteID, m.ID, id, author, name, body, sqldb.Millis(now)); err != nil {
			return fmt.Errorf("add design request message: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE design_requests SET updated_at = ? WHERE site_id = ? AND id = ?`,
			sqldb.Millis(now), siteID, id); err != nil {
			return fmt.Errorf("touch design request: %w", err)
		}
		if author == AuthorOwner {
			return s.tellOperators(ctx, tx, siteID, "Re: design request from "+n.SiteTitle,
				fmt.Sprintf("%s wrote:\n\n%s\n\nAnswer in the operator console: %s\n", n.SiteTitle, body, n.operator(id)))
		}
		_, err = s.outbox.Send(ctx, tx, pmail.Message{SiteID: siteID, To: r.ContactEmail, Subject: "Your design request: a new message",
			Text: fmt.Sprintf("Our design team wrote about the design you asked for:\n\n%s\n\nRead and answer it in your admin: %s\n", body, n.admin(id))})
		return err
	})
	if err != nil {
		return Message{}, err
	}
	return m, nil
}

// SetStatus moves a request on and tells the owner.
func (s *Store) SetStatus(ctx context.Context, siteID, id int64, st Status, n Notice) error {
	if !st.Valid() {
		return fault.Invalidf("status", "Choose one of the statuses.")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r, err := scan(tx.QueryRow(ctx, `SELECT `+cols+` FROM design_requests WHERE site_id = ? AND id = ?`, siteID, id))
		if err != nil {
			return err
		}
		if r.Status == st {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE design_requests SET status = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
			string(st), sqldb.Millis(s.now()), siteID, id); err != nil {
			return fmt.Errorf("set design request status: %w", err)
		}
		_, err = s.outbox.Send(ctx, tx, pmail.Message{SiteID: siteID, To: r.ContactEmail, Subject: "Your design request: " + st.Label(),
			Text: fmt.Sprintf("Your request for a design of your own is now: %s.\n\nSee it in your admin: %s\n", st.Label(), n.admin(id))})
		return err
	})
}
