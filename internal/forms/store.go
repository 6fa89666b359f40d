package forms

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Store keeps each site's forms and the messages sent with them.
type Store struct {
	db      *sqldb.DB
	captcha *captcha.Store
	outbox  *mail.Outbox
	now     func() time.Time
}

// NewStore returns a Store on db that checks captchas in c and e-mails
// messages through outbox.
func NewStore(db *sqldb.DB, c *captcha.Store, outbox *mail.Outbox) *Store {
	return &Store{db: db, captcha: c, outbox: outbox, now: time.Now}
}

const formCols = `id, slug, title, fields, thanks, auto_reply, created_at, updated_at`

func scanForm(row interface{ Scan(...any) error }) (Form, error) {
	var f Form
	var fields string
	var created, updated int64
	err := row.Scan(&f.ID, &f.Slug, &f.Title, &fields, &f.Thanks, &f.AutoReply, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Form{}, ErrNotFound
	}
	if err != nil {
		return Form{}, fmt.Errorf("read form: %w", err)
	}
	if err := json.Unmarshal([]byte(fields), &f.Fields); err != nil {
		return Form{}, fmt.Errorf("read fields of form %d: %w", f.ID, err)
	}
	f.CreatedAt, f.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	return f, nil
}

// List returns the site's forms by title.
func (s *Store) List(ctx context.Context, siteID int64) ([]Form, error) {
	rows, err := s.db.Query(ctx, `SELECT `+formCols+` FROM forms WHERE site_id = ? ORDER BY title, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list forms: %w", err)
	}
	defer rows.Close()
	var out []Form
	for rows.Next() {
		f, err := scanForm(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Form returns one of the site's forms.
func (s *Store) Form(ctx context.Context, siteID, id int64) (Form, error) {
	return scanForm(s.db.QueryRow(ctx, `SELECT `+formCols+` FROM forms WHERE site_id = ? AND id = ?`, siteID, id))
}

// BySlug returns the site's form that pages place as [form SLUG].
func (s *Store) BySlug(ctx context.Context, siteID int64, slug string) (Form, error) {
	return scanForm(s.db.QueryRow(ctx, `SELECT `+formCols+` FROM forms WHERE site_id = ? AND slug = ?`, siteID, slug))
}

// Save creates the form (ID 0) or replaces it. Pages showing it change, so
// the site's content version moves on.
func (s *Store) Save(ctx context.Context, siteID int64, f Form) (Form, error) {
	if err := f.Validate(); err != nil {
		return Form{}, err
	}
	fields, err := json.Marshal(f.Fields)
	if err != nil {
		return Form{}, err
	}
	now := sqldb.Millis(s.now())
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var res sql.Result
		var err error
		if f.ID == 0 {
			f.ID = sqldb.NewID()
			res, err = tx.Exec(ctx, `INSERT INTO forms (site_id, id, slug, title, fields, thanks, auto_reply, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, siteID, f.ID, f.Slug, f.Title, string(fields), f.Thanks, f.AutoReply, now, now)
		} else {
			res, err = tx.Exec(ctx, `UPDATE forms SET slug = ?, title = ?, fields = ?, thanks = ?, auto_reply = ?, updated_at = ?
				WHERE site_id = ? AND id = ?`, f.Slug, f.Title, string(fields), f.Thanks, f.AutoReply, now, siteID, f.ID)
		}
		if sqldb.IsUniqueViolation(err) {
			return fault.Invalidf("slug", "Another form of yours already uses “"+f.Slug+"”. Choose another.")
		}
		if err != nil {
			return fmt.Errorf("save form: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return ErrNotFound
		}
		return bump(ctx, tx, siteID)
	})
	if err != nil {
		return Form{}, err
	}
	return s.Form(ctx, siteID, f.ID)
}

// Delete removes a form and the messages sent with it.
func (s *Store) Delete(ctx context.Context, siteID, id int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM form_submissions WHERE site_id = ? AND form_id = ?`, siteID, id); err != nil {
			return fmt.Errorf("delete messages of form %d: %w", id, err)
		}
		res, err := tx.Exec(ctx, `DELETE FROM forms WHERE site_id = ? AND id = ?`, siteID, id)
		if err != nil {
			return fmt.Errorf("delete form %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return ErrNotFound
		}
		return bump(ctx, tx, siteID)
	})
}

func bump(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("bump content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}
