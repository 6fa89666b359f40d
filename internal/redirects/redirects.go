// Package redirects keeps a site's permanent redirects: old addresses that
// answer 301 to where their content lives now. Pages add one when their
// address changes; products and posts may do the same.
//
// The table never holds a chain or a loop: writing A→B retargets every
// X→A to X→B and drops B→… (B is live again), so one lookup always gives
// the final address.
package redirects

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for a path without a redirect.
var ErrNotFound = fmt.Errorf("redirect: %w", fault.ErrNotFound)

// MaxPath bounds a stored path.
const MaxPath = 1000

// Redirect sends visitors of From to To with a 301.
type Redirect struct {
	SiteID    int64
	From, To  string
	CreatedAt time.Time
}

// Store reads and writes redirects.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// CleanPath checks a site-relative path: it starts with one "/", has no
// control characters, spaces or backslashes (which some browsers read as
// "/", making "/\evil.example" leave the site), and is not too long. A
// trailing slash is dropped, as the storefront drops it.
func CleanPath(field, p string) (string, error) {
	p = strings.TrimSpace(p)
	switch {
	case p == "":
		return "", fault.Invalidf(field, "Give an address starting with /, like /about.")
	case !utf8.ValidString(p) || len(p) > MaxPath:
		return "", fault.Invalidf(field, fmt.Sprintf("Use an address of at most %d characters.", MaxPath))
	case !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//"):
		return "", fault.Invalidf(field, "Give an address on this site, starting with one /, like /about.")
	case strings.ContainsFunc(p, func(r rune) bool { return r < 0x21 || r == 0x7f || r == '\\' }):
		return "", fault.Invalidf(field, "An address has no spaces, backslashes or control characters.")
	}
	if len(p) > 1 {
		p = strings.TrimRight(p, "/")
		if p == "" {
			p = "/"
		}
	}
	return p, nil
}

// AddTx records in the caller's transaction that from now answers 301 to
// to, collapsing chains: every redirect to from goes to to, and a redirect
// from to is dropped. from == to records nothing.
func (s *Store) AddTx(ctx context.Context, tx *sqldb.Tx, siteID int64, from, to string) error {
	var err error
	if from, err = CleanPath("from", from); err != nil {
		return err
	}
	if to, err = CleanPath("to", to); err != nil {
		return err
	}
	if from == to {
		return nil
	}
	steps := []struct {
		q    string
		args []any
	}{
		// to is an address that answers again: nothing may send it on.
		{`DELETE FROM redirects WHERE site_id = ? AND from_path = ?`, []any{siteID, to}},
		// X→from becomes X→to, so a visitor takes one hop, never a chain.
		{`UPDATE redirects SET to_path = ? WHERE site_id = ? AND to_path = ?`, []any{to, siteID, from}},
		{`INSERT INTO redirects (site_id, from_path, to_path, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (site_id, from_path) DO UPDATE SET to_path = excluded.to_path, created_at = excluded.created_at`,
			[]any{siteID, from, to, sqldb.Millis(s.now())}},
	}
	for _, st := range steps {
		if _, err := tx.Exec(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("redirect %q to %q: %w", from, to, err)
		}
	}
	return nil
}

// Add records a redirect in its own transaction; see AddTx.
func (s *Store) Add(ctx context.Context, siteID int64, from, to string) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.AddTx(ctx, tx, siteID, from, to); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// DropTx forgets a redirect from path inside the caller's transaction, for
// an address that answers again (a new page took it). Nothing to drop is
// not an error.
func DropTx(ctx context.Context, tx *sqldb.Tx, siteID int64, path string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM redirects WHERE site_id = ? AND from_path = ?`, siteID, path); err != nil {
		return fmt.Errorf("drop redirect %q: %w", path, err)
	}
	return nil
}

// Lookup returns where path goes, or ErrNotFound. A trailing slash is
// ignored, as in CleanPath.
func (s *Store) Lookup(ctx context.Context, siteID int64, path string) (string, error) {
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	if path == "" || len(path) > MaxPath {
		return "", ErrNotFound
	}
	var to string
	err := s.db.QueryRow(ctx, `SELECT to_path FROM redirects WHERE site_id = ? AND from_path = ?`, siteID, path).Scan(&to)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("look up redirect %q: %w", path, err)
	}
	return to, nil
}

// List returns the site's redirects, newest first, at most limit of them
// (0: 500), and how many there are in all.
func (s *Store) List(ctx context.Context, siteID int64, limit int) ([]Redirect, int, error) {
	if limit <= 0 {
		limit = 500
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM redirects WHERE site_id = ?`, siteID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count redirects: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT from_path, to_path, created_at FROM redirects WHERE site_id = ?
		ORDER BY created_at DESC, from_path LIMIT ?`, siteID, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list redirects: %w", err)
	}
	defer rows.Close()
	var out []Redirect
	for rows.Next() {
		r := Redirect{SiteID: siteID}
		var created int64
		if err := rows.Scan(&r.From, &r.To, &created); err != nil {
			return nil, 0, err
		}
		r.CreatedAt = sqldb.Time(created)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// To lists the redirects that lead to path (a page's address), oldest first.
func (s *Store) To(ctx context.Context, siteID int64, path string) ([]Redirect, error) {
	rows, err := s.db.Query(ctx, `SELECT from_path, to_path, created_at FROM redirects WHERE site_id = ? AND to_path = ?
		ORDER BY created_at, from_path LIMIT 200`, siteID, path)
	if err != nil {
		return nil, fmt.Errorf("redirects to %q: %w", path, err)
	}
	defer rows.Close()
	var out []Redirect
	for rows.Next() {
		r := Redirect{SiteID: siteID}
		var created int64
		if err := rows.Scan(&r.From, &r.To, &created); err != nil {
			return nil, err
		}
		r.CreatedAt = sqldb.Time(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Delete removes the redirect from path.
func (s *Store) Delete(ctx context.Context, siteID int64, from string) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM redirects WHERE site_id = ? AND from_path = ?`, siteID, from)
		if err != nil {
			return fmt.Errorf("delete redirect %q: %w", from, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// contentChanged moves the site's content version on: a page cached as a
// redirect's target or a 404 must be worked out again.
func contentChanged(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}
