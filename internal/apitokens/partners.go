package apitokens

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Partner is a partner token as the operator console lists it.
type Partner struct {
	ID         int64
	Name       string
	Prefix     string
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// CreatePartner issues a partner token and returns its secret, shown once.
func (s *Store) CreatePartner(ctx context.Context, name, createdBy string) (Partner, string, error) {
	var v fault.Invalid
	name = strings.TrimSpace(name)
	if v.CheckText("name", name) && (name == "" || len(name) > 100) {
		v.Add("name", "Name the partner (under 100 characters).")
	}
	if err := v.Err(); err != nil {
		return Partner{}, "", err
	}
	now := s.now().UTC()
	p := Partner{ID: sqldb.NewID(), Name: name, CreatedBy: createdBy, CreatedAt: now}
	var err error
	for range 3 {
		secret := newSecret(partnerSecretPrefix)
		p.Prefix = secret[:prefixLen]
		_, err = s.db.Exec(ctx, `INSERT INTO partner_tokens (id, name, prefix, secret_hash, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, p.ID, p.Name, p.Prefix, sqldb.HashToken(secret), createdBy, sqldb.Millis(now))
		if sqldb.IsUniqueViolation(err) {
			continue
		}
		if err != nil {
			return Partner{}, "", fmt.Errorf("create partner token: %w", err)
		}
		return p, secret, nil
	}
	return Partner{}, "", fmt.Errorf("create partner token: %w", err)
}

// Partners lists the partner tokens, newest first.
func (s *Store) Partners(ctx context.Context) ([]Partner, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, prefix, created_by, created_at, last_used_at, revoked_at
		FROM partner_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list partner tokens: %w", err)
	}
	defer rows.Close()
	var out []Partner
	for rows.Next() {
		var p Partner
		var created, used, revoked int64
		if err := rows.Scan(&p.ID, &p.Name, &p.Prefix, &p.CreatedBy, &created, &used, &revoked); err != nil {
			return nil, err
		}
		p.CreatedAt, p.LastUsedAt, p.RevokedAt = sqldb.Time(created), timeOrZero(used), timeOrZero(revoked)
		out = append(out, p)
	}
	return out, rows.Err()
}

// RevokePartner stops a partner token at once.
func (s *Store) RevokePartner(ctx context.Context, id int64) error {
	res, err := s.db.Exec(ctx, `UPDATE partner_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = 0`, sqldb.Millis(s.now()), id)
	if err != nil {
		return fmt.Errorf("revoke partner token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if err := s.db.QueryRow(ctx, `SELECT 1 FROM partner_tokens WHERE id = ?`, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("partner token %d: %w", id, fault.ErrNotFound)
		}
	}
	return nil
}

// AuthenticatePartner returns the partner whose secret this is; an
// unknown or revoked one is ErrUnknown.
func (s *Store) AuthenticatePartner(ctx context.Context, secret string) (Partner, error) {
	if !strings.HasPrefix(secret, partnerSecretPrefix) || len(secret) < prefixLen+8 || len(secret) > 200 {
		return Partner{}, ErrUnknown
	}
	var p Partner
	var hash string
	var revoked int64
	err := s.db.QueryRow(ctx, `SELECT id, name, prefix, secret_hash, revoked_at FROM partner_tokens WHERE prefix = ?`,
		secret[:prefixLen]).Scan(&p.ID, &p.Name, &p.Prefix, &hash, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return Partner{}, ErrUnknown
	}
	if err != nil {
		return Partner{}, fmt.Errorf("authenticate partner token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(sqldb.HashToken(secret))) != 1 || revoked != 0 {
		return Partner{}, ErrUnknown
	}
	s.touch(ctx, "partner_tokens", 0, p.ID, s.now())
	return p, nil
}
