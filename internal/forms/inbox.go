package forms

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Status is where a message is in the inbox.
type Status string

// The statuses of a message.
const (
	Unread Status = "unread"
	Read   Status = "read"
	Spam   Status = "spam"
)

// Valid reports whether st is a status.
func (st Status) Valid() bool { return st == Unread || st == Read || st == Spam }

// Message is one message sent with a form.
type Message struct {
	ID        int64
	FormID    int64
	FormTitle string
	Status    Status
	// Email is the sender's address, from the form's first e-mail field.
	Email     string
	Lines     []Line
	CreatedAt time.Time
}

// Summary is the message's answers but the e-mail, on one line, for lists.
func (m Message) Summary() string {
	var parts []string
	for _, l := range m.Lines {
		if l.Value != m.Email && l.Value != "" && l.Value != "no" {
			parts = append(parts, strings.Join(strings.Fields(l.Value), " "))
		}
	}
	return strings.Join(parts, " · ")
}

// InboxQuery picks messages: by status (empty for all but spam), by words.
type InboxQuery struct {
	Status Status
	Search string
	Limit  int
	Offset int
}

const msgCols = `m.id, m.form_id, f.title, m.status, m.email, m.data, m.created_at`

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var st, data string
	var created int64
	err := row.Scan(&m.ID, &m.FormID, &m.FormTitle, &st, &m.Email, &data, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, ErrNotFound
	}
	if err != nil {
		return Message{}, fmt.Errorf("read message: %w", err)
	}
	if err := json.Unmarshal([]byte(data), &m.Lines); err != nil {
		return Message{}, fmt.Errorf("read message %d: %w", m.ID, err)
	}
	m.Status, m.CreatedAt = Status(st), sqldb.Time(created)
	return m, nil
}

func (q InboxQuery) where(siteID int64) (string, []any) {
	w := ` FROM form_submissions m JOIN forms f ON f.site_id = m.site_id AND f.id = m.form_id WHERE m.site_id = ?`
	args := []any{siteID}
	if q.Status == "" {
		w += ` AND m.status <> ?`
		args = append(args, string(Spam))
	} else {
		w += ` AND m.status = ?`
		args = append(args, string(q.Status))
	}
	for _, word := range strings.Fields(strings.ToLower(q.Search)) {
		if len(args) > 8 {
			break
		}
		// The words are matched literally: LIKE's wildcards are escaped.
		word = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(word)
		w += ` AND m.search LIKE ? ESCAPE '\'`
		args = append(args, "%"+word+"%")
	}
	return w, args
}

// Inbox returns the site's messages, newest first, and how many match.
func (s *Store) Inbox(ctx context.Context, siteID int64, q InboxQuery) ([]Message, int, error) {
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	where, args := q.where(siteID)
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count messages: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+msgCols+where+` ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// Unread counts the site's unread messages, for the admin's menu.
func (s *Store) Unread(ctx context.Context, siteID int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM form_submissions WHERE site_id = ? AND status = ?`, siteID, string(Unread)).Scan(&n)
	return n, err
}

// Message returns one of the site's messages.
func (s *Store) Message(ctx context.Context, siteID, id int64) (Message, error) {
	return scanMessage(s.db.QueryRow(ctx, `SELECT `+msgCols+` FROM form_submissions m
		JOIN forms f ON f.site_id = m.site_id AND f.id = m.form_id WHERE m.site_id = ? AND m.id = ?`, siteID, id))
}

// SetStatus marks a message read, unread or spam.
func (s *Store) SetStatus(ctx context.Context, siteID, id int64, st Status) error {
	if !st.Valid() {
		return fault.Invalidf("status", "Choose read, unread or spam.")
	}
	res, err := s.db.Exec(ctx, `UPDATE form_submissions SET status = ? WHERE site_id = ? AND id = ?`, string(st), siteID, id)
	if err != nil {
		return fmt.Errorf("mark message %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteMessage removes one of the site's messages for good.
func (s *Store) DeleteMessage(ctx context.Context, siteID, id int64) error {
	res, err := s.db.Exec(ctx, `DELETE FROM form_submissions WHERE site_id = ? AND id = ?`, siteID, id)
	if err != nil {
		return fmt.Errorf("delete message %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrNotFound
	}
	return nil
}

// ExportCSV writes every message of the site, oldest first: one row per
// message, its answers as "label: value" lines in one column.
func (s *Store) ExportCSV(ctx context.Context, siteID int64, w io.Writer) error {
	rows, err := s.db.Query(ctx, `SELECT `+msgCols+` FROM form_submissions m
		JOIN forms f ON f.site_id = m.site_id AND f.id = m.form_id WHERE m.site_id = ? ORDER BY m.created_at, m.id`, siteID)
	if err != nil {
		return fmt.Errorf("export messages: %w", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"time_utc", "form", "status", "email", "message"})
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return err
		}
		var body []string
		for _, l := range m.Lines {
			body = append(body, l.Label+": "+l.Value)
		}
		if err := cw.Write([]string{m.CreatedAt.Format(time.RFC3339), cell(m.FormTitle), string(m.Status), cell(m.Email),
			cell(strings.Join(body, "\n"))}); err != nil {
			return fmt.Errorf("write messages: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// cell keeps a spreadsheet from running what a visitor typed as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
