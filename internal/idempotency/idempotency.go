// Package idempotency remembers the first answer to an API mutation sent
// with an idempotency key, for 24 hours, so that a client that retries
// after a lost reply gets that answer again instead of a second product or
// a second stock change.
package idempotency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// TTL is how long an answer is kept.
const TTL = 24 * time.Hour

// abandoned is how long a claim without an answer blocks its key: longer
// than any request may run (the deadline is 10 s), so a claim this old is
// from a node that died mid-request, and the key may be used again.
const abandoned = time.Minute

// ErrReused is a key sent again with a different request.
var ErrReused = fmt.Errorf("idempotency key used with a different request: %w", fault.ErrConflict)

// ErrInProgress is a key whose first request is still running.
var ErrInProgress = fmt.Errorf("idempotency key in use by a running request: %w", fault.ErrUnavailable)

// Store keeps the answers.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// Key names one client's key: per site and token, so that two tokens can
// never see each other's answers.
type Key struct {
	SiteID  int64
	TokenID int64
	Key     string
}

// Answer is a remembered reply.
type Answer struct {
	Status int
	Body   []byte
}

// Claim reserves key for a request whose hash is requestHash. It returns
// the first answer when there is one (replay), ErrReused when the key came
// with another request, ErrInProgress while the first is still running, or
// nothing when the caller now owns the key and must Finish or Release it.
func (s *Store) Claim(ctx context.Context, k Key, requestHash string) (*Answer, error) {
	now := s.now()
	// Old answers of the site go on the way; the index leads with site_id.
	if _, err := s.db.Exec(ctx, `DELETE FROM api_idempotency WHERE site_id = ? AND created_at < ?`,
		k.SiteID, sqldb.Millis(now.Add(-TTL))); err != nil {
		return nil, fmt.Errorf("idempotency: %w", err)
	}
	for range 2 {
		_, err := s.db.Exec(ctx, `INSERT INTO api_idempotency (site_id, token_id, idem_key, request_hash, status, body, created_at)
			VALUES (?, ?, ?, ?, 0, '', ?)`, k.SiteID, k.TokenID, k.Key, requestHash, sqldb.Millis(now))
		if err == nil {
			return nil, nil
		}
		if !sqldb.IsUniqueViolation(err) {
			return nil, fmt.Errorf("idempotency claim: %w", err)
		}
		var hash, body string
		var status int
		var created int64
		err = s.db.QueryRow(ctx, `SELECT request_hash, status, body, created_at FROM api_idempotency
			WHERE site_id = ? AND token_id = ? AND idem_key = ?`, k.SiteID, k.TokenID, k.Key).Scan(&hash, &status, &body, &created)
		if errors.Is(err, sql.ErrNoRows) {
			continue // released meanwhile: claim again
		}
		if err != nil {
			return nil, fmt.Errorf("idempotency read: %w", err)
		}
		switch {
		case hash != requestHash:
			return nil, ErrReused
		case status != 0:
			return &Answer{Status: status, Body: []byte(body)}, nil
		case now.Sub(sqldb.Time(created)) > abandoned:
			if err := s.Release(ctx, k); err != nil {
				return nil, err
			}
			continue
		}
		return nil, ErrInProgress
	}
	return nil, ErrInProgress
}

// Finish records the answer to the claimed key.
func (s *Store) Finish(ctx context.Context, k Key, a Answer) error {
	_, err := s.db.Exec(ctx, `UPDATE api_idempotency SET status = ?, body = ? WHERE site_id = ? AND token_id = ? AND idem_key = ?`,
		a.Status, string(a.Body), k.SiteID, k.TokenID, k.Key)
	if err != nil {
		return fmt.Errorf("idempotency finish: %w", err)
	}
	return nil
}

// Release gives the key up without an answer (the request failed before
// doing anything), so that a retry runs again.
func (s *Store) Release(ctx context.Context, k Key) error {
	_, err := s.db.Exec(ctx, `DELETE FROM api_idempotency WHERE site_id = ? AND token_id = ? AND idem_key = ?`, k.SiteID, k.TokenID, k.Key)
	if err != nil {
		return fmt.Errorf("idempotency release: %w", err)
	}
	return nil
}
