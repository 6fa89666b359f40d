// Package captcha is the human check on signup and contact forms: six
// digits drawn as a distorted picture, or read out as sound, kept in the
// database so that any node can draw and check a captcha another node made.
//
// It uses dchest/captcha only to draw and to speak digits; that package's
// own New and Verify keep captchas in a process-wide memory store, which
// would neither survive a restart nor work across nodes, so this package
// replaces them.
package captcha

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	dcaptcha "github.com/dchest/captcha"

	"github.com/pagecart/pagecart/internal/sqldb"
)

const (
	// Length is the number of digits to read.
	Length = 6
	// Lifetime is how long a captcha can be answered.
	Lifetime = 10 * time.Minute
	// ImageWidth and ImageHeight are the picture's size in pixels.
	ImageWidth  = 240
	ImageHeight = 80
	// sweepEvery is how many new captchas a Store makes between deletions
	// of expired ones: often enough to keep the table small, rarely enough
	// that a page view seldom pays for the scan.
	sweepEvery = 16
)

// ErrNotFound is returned for an unknown or expired captcha.
var ErrNotFound = errors.New("captcha not found")

// Store keeps captchas in the captchas table.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
	// made counts New calls, to sweep expired rows every sweepEvery.
	made atomic.Uint64
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// WithClock returns a Store on the same database that reads the time from
// now, so that tests can make captchas expire.
func (s *Store) WithClock(now func() time.Time) *Store {
	return &Store{db: s.db, now: now}
}

// New makes a captcha and returns its ID, a random 256-bit token that is
// safe to put in a form and a URL.
func (s *Store) New(ctx context.Context) (string, error) {
	now := s.now()
	if s.made.Add(1)%sweepEvery == 1 {
		if _, err := s.db.Exec(ctx, `DELETE FROM captchas WHERE expires_at <= ?`, sqldb.Millis(now)); err != nil {
			return "", fmt.Errorf("sweep captchas: %w", err)
		}
	}
	id := sqldb.NewToken()
	_, err := s.db.Exec(ctx, `INSERT INTO captchas (id, digits, expires_at) VALUES (?, ?, ?)`,
		id, randomDigits(), sqldb.Millis(now.Add(Lifetime)))
	if err != nil {
		return "", fmt.Errorf("new captcha: %w", err)
	}
	return id, nil
}

// Reload gives the captcha new digits and a new lifetime, for the "another
// picture" link; the form keeps its ID.
func (s *Store) Reload(ctx context.Context, id string) error {
	now := s.now()
	res, err := s.db.Exec(ctx, `UPDATE captchas SET digits = ?, expires_at = ? WHERE id = ? AND expires_at > ?`,
		randomDigits(), sqldb.Millis(now.Add(Lifetime)), id, sqldb.Millis(now))
	if err != nil {
		return fmt.Errorf("reload captcha: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("reload captcha: %w", err)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// Verify reports whether answer is the captcha's digits, ignoring spaces.
// A captcha can be tried once: it is deleted whatever the answer, so that
// nobody can guess the same picture again and again.
func (s *Store) Verify(ctx context.Context, id, answer string) bool {
	var (
		digits  string
		expires int64
	)
	// One statement both reads and deletes, so two concurrent requests
	// cannot both use the same captcha. It runs in a transaction only
	// because that is how sqldb sends a query that returns rows to the
	// writer.
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.QueryRow(ctx, `DELETE FROM captchas WHERE id = ? RETURNING digits, expires_at`, id).
			Scan(&digits, &expires)
	})
	if err != nil {
		return false
	}
	if !s.now().Before(sqldb.Time(expires)) {
		return false
	}
	got := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, answer)
	return subtle.ConstantTimeCompare([]byte(got), []byte(digits)) == 1
}

// DigitsForTest returns the answer to a live captcha. Browser and scenario
// tests use it to fill in forms; no handler exposes it.
func (s *Store) DigitsForTest(ctx context.Context, id string) (string, error) {
	return s.digits(ctx, id)
}

// digits returns the live captcha's answer, or ErrNotFound.
func (s *Store) digits(ctx context.Context, id string) (string, error) {
	var digits string
	err := s.db.QueryRow(ctx, `SELECT digits FROM captchas WHERE id = ? AND expires_at > ?`,
		id, sqldb.Millis(s.now())).Scan(&digits)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("captcha: %w", err)
	}
	return digits, nil
}

// randomDigits makes an answer, stored as the characters '0' to '9'.
func randomDigits() string {
	b := dcaptcha.RandomDigits(Length)
	for i := range b {
		b[i] += '0'
	}
	return string(b)
}

// Issued returns when the captcha was made or last reloaded: a contact
// form refuses a message sent sooner after that than a person could type
// it. The time comes from the server's own row, so a bot cannot claim an
// earlier one.
func (s *Store) Issued(ctx context.Context, id string) (time.Time, error) {
	var expires int64
	err := s.db.QueryRow(ctx, `SELECT expires_at FROM captchas WHERE id = ? AND expires_at > ?`,
		id, sqldb.Millis(s.now())).Scan(&expires)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, ErrNotFound
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("captcha: %w", err)
	}
	return sqldb.Time(expires).Add(-Lifetime), nil
}
