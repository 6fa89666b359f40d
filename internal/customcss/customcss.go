// Package customcss keeps a Premium site's own stylesheet: rules the owner
// writes to adjust the design, served at the site's own address after the
// design's stylesheet. It is checked so that it stays a stylesheet: no end
// of a <style> element, no @import from another host, at most MaxBytes.
package customcss

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// MaxBytes is the largest stylesheet an owner may save.
const MaxBytes = 100 << 10

// Store keeps each site's custom CSS.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// CSS returns the site's stylesheet, "" when it has none.
func (s *Store) CSS(ctx context.Context, siteID int64) (string, error) {
	var css string
	err := s.db.QueryRow(ctx, `SELECT css FROM custom_css WHERE site_id = ?`, siteID).Scan(&css)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read custom css of site %d: %w", siteID, err)
	}
	return css, nil
}

// Save replaces the site's stylesheet with css, after Check; "" removes
// it. Only a plan with custom code may; the pages show the change at once
// (the site's content version moves on).
func (s *Store) Save(ctx context.Context, siteID int64, plan plans.Plan, css string) error {
	if !plan.CustomCode {
		return fault.ErrForbidden
	}
	css = strings.TrimSpace(strings.ReplaceAll(css, "\r\n", "\n"))
	if err := Check(css); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO custom_css (site_id, css, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (site_id) DO UPDATE SET css = excluded.css, updated_at = excluded.updated_at`,
			siteID, css, sqldb.Millis(s.now()))
		if err != nil {
			return fmt.Errorf("save custom css of site %d: %w", siteID, err)
		}
		res, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID)
		if err != nil {
			return fmt.Errorf("bump content version of site %d: %w", siteID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fault.ErrNotFound
		}
		tx.Changed(ctx, siteID)
		return nil
	})
}

// Version names a stylesheet's content: its address carries it, so the
// address changes with the rules and may be cached for ever.
func Version(css string) string {
	sum := sha256.Sum256([]byte(css))
	return hex.EncodeToString(sum[:6])
}

var (
	// importRule finds an @import and what it imports: url(…) or a string.
	importRule = regexp.MustCompile(`(?i)@import\s*(?:url\(\s*)?["']?\s*([^"')\s;]*)`)
	// escape is a CSS escape: a backslash and up to six hex digits and a
	// space, or any one other character.
	escape = regexp.MustCompile(`\\(?:([0-9a-fA-F]{1,6})\s?|(.))`)
)

// Check refuses what would not stay the site's own stylesheet, with a
// sentence for the owner. The file is served as text/css, where markup
// means nothing, but its text must still never close a <style> element
// (should it ever be inlined or pasted into one) nor pull rules from
// another host (the page's security policy would block them anyway:
// refusing says so at once, instead of a stylesheet that silently does not
// work).
func Check(css string) error {
	switch {
	case len(css) > MaxBytes:
		return fault.Invalidf("css", fmt.Sprintf("Keep your CSS under %d KB (it has %d KB).", MaxBytes>>10, (len(css)+1023)>>10))
	case !utf8.ValidString(css) || strings.ContainsRune(css, 0):
		return fault.Invalidf("css", "The CSS contains characters that are not text. Paste it again from a text editor.")
	}
	// Escapes could spell "</style" or "@import" without the letters; the
	// checks read the text as CSS would.
	plain := strings.ToLower(unescape(css))
	if strings.Contains(plain, "</style") || strings.Contains(plain, "<style") || strings.Contains(plain, "</script") {
		return fault.Invalidf("css", "Paste only the CSS rules, without <style> or </style> tags around them.")
	}
	for _, m := range importRule.FindAllStringSubmatch(plain, -1) {
		target := m[1]
		if target == "" || strings.Contains(target, ":") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, `\`) {
			return fault.Invalidf("css", "@import can only load stylesheets from your own site (an address starting with /). "+
				"Stylesheets and fonts from other websites are blocked on your pages.")
		}
	}
	return nil
}

// unescape replaces CSS escapes by the characters they stand for.
func unescape(css string) string {
	if !strings.Contains(css, `\`) {
		return css
	}
	return escape.ReplaceAllStringFunc(css, func(e string) string {
		m := escape.FindStringSubmatch(e)
		if m[1] != "" {
			var r rune
			_, _ = fmt.Sscanf(m[1], "%x", &r)
			if r == 0 || !utf8.ValidRune(r) {
				return "\uFFFD"
			}
			return string(r)
		}
		return m[2]
	})
}
