package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Store keeps messages in the mail_messages table.
type Store struct {
	db *sqldb.DB
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db} }

// QueueTx stores m as queued and inserts its send job, both in tx: a
// committed change always gets its e-mail and a rolled-back one never does.
// It returns the new message's ID.
func (s *Store) QueueTx(ctx context.Context, tx *sqldb.Tx, q *jobs.Queue, m Message) (int64, error) {
	addr, err := mail.ParseAddress(m.To)
	if err != nil {
		return 0, fmt.Errorf("queue mail to %q: %w", m.To, err)
	}
	// A line break in the subject would let text that came from a form
	// start a header of its own. Text that is not UTF-8 (a site title
	// stored before titles were checked) is mended rather than refused:
	// PostgreSQL would refuse it, and the change must not fail for a mail.
	subject := strings.Join(strings.Fields(validText(m.Subject)), " ")
	m.Text = validText(m.Text)
	id := sqldb.NewID()
	siteID := sql.NullInt64{Int64: m.SiteID, Valid: m.SiteID != 0}
	_, err = tx.Exec(ctx, `INSERT INTO mail_messages
		(id, site_id, to_addr, subject, body_text, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, siteID, addr.Address, subject, m.Text, StatusQueued, sqldb.Millis(time.Now()))
	if err != nil {
		return 0, fmt.Errorf("queue mail to %q: %w", addr.Address, err)
	}
	if err := q.InsertTx(ctx, tx, SendArgs{MessageID: id}, nil); err != nil {
		return 0, fmt.Errorf("queue mail to %q: %w", addr.Address, err)
	}
	return id, nil
}

// validText replaces bytes that are not UTF-8, and NUL, with U+FFFD.
func validText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

const messageColumns = `id, site_id, to_addr, subject, body_text, status, error, created_at, sent_at`

// Outbox lists messages newest first, a page at a time, with the total
// count, for the operator console. A limit below 1 means 50.
func (s *Store) Outbox(ctx context.Context, limit, offset int) ([]Message, int, error) {
	if limit < 1 {
		limit = 50
	}
	offset = max(offset, 0)
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_messages`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count outbox: %w", err)
	}
	// IDs grow with time, so the primary key orders by age.
	rows, err := s.db.Query(ctx, `SELECT `+messageColumns+` FROM mail_messages
		ORDER BY id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list outbox: %w", err)
	}
	defer rows.Close()
	var list []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list outbox: %w", err)
		}
		list = append(list, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list outbox: %w", err)
	}
	return list, total, nil
}

// Message returns one message, or ErrNotFound.
func (s *Store) Message(ctx context.Context, id int64) (Message, error) {
	row := s.db.QueryRow(ctx, `SELECT `+messageColumns+` FROM mail_messages WHERE id = ?`, id)
	m, err := scanMessage(row)
	if errors.Is(err, sqldb.ErrNoRows) {
		return Message{}, ErrNotFound
	}
	if err != nil {
		return Message{}, fmt.Errorf("mail message %d: %w", id, err)
	}
	return m, nil
}

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var (
		m       Message
		siteID  sql.NullInt64
		created int64
		sent    sql.NullInt64
	)
	err := row.Scan(&m.ID, &siteID, &m.To, &m.Subject, &m.Text, &m.Status, &m.Error, &created, &sent)
	m.SiteID = siteID.Int64
	m.CreatedAt = sqldb.Time(created)
	m.SentAt = sqldb.NullTime(sent)
	return m, err
}

// markDone records a delivery (sent) or a keep (kept).
func (s *Store) markDone(ctx context.Context, id int64, status string, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE mail_messages SET status = ?, error = '', sent_at = ? WHERE id = ?`,
		status, sqldb.Millis(at), id)
	if err != nil {
		return fmt.Errorf("mark mail %d %s: %w", id, status, err)
	}
	return nil
}

// markError records a failed attempt; status stays queued while River
// retries and becomes failed when it gives up.
func (s *Store) markError(ctx context.Context, id int64, status string, sendErr error) error {
	_, err := s.db.Exec(ctx, `UPDATE mail_messages SET status = ?, error = ? WHERE id = ?`,
		status, sendErr.Error(), id)
	if err != nil {
		return fmt.Errorf("mark mail %d %s: %w", id, status, err)
	}
	return nil
}
