package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// Purpose says what a one-time token is for; a token works only for its
// own purpose. The values are stored in account_tokens.purpose.
type Purpose string

// The purposes of one-time tokens. Each has one lifetime, owned here, so
// that every caller of the same purpose gets the same one.
const (
	// PurposeReset is a password-reset link sent by e-mail.
	PurposeReset Purpose = "reset"
	// PurposeLogin hands a login made on the platform host over to a site's
	// host, whose cookies the platform cannot set: after signup, and from
	// "My sites". A redirect uses it a moment later, so it lives briefly.
	PurposeLogin Purpose = "login"
	// PurposeEmailChange confirms a new e-mail address: the link goes to
	// that address, and the change happens when it is opened.
	PurposeEmailChange Purpose = "email_change"
)

// Lifetime is how long a token of purpose p works; 0 for an unknown purpose.
func (p Purpose) Lifetime() time.Duration {
	switch p {
	case PurposeReset:
		// Long enough to find the mail in a slow inbox, short enough that
		// an old mail found later is useless.
		return time.Hour
	case PurposeLogin:
		// A redirect on a slow phone connection can take a while; two
		// minutes is still far too short to be worth stealing.
		return 2 * time.Minute
	case PurposeEmailChange:
		// A new mailbox is not always read at once, and the old address
		// was told, so a day is safe.
		return 24 * time.Hour
	}
	return 0
}

// NewTokenTx creates a one-time token of purpose for accountID inside tx, so
// that the caller can queue the e-mail carrying it in the same transaction.
// siteID is the site a login token is for (0 for none). Only the token's
// hash is stored.
func (s *Store) NewTokenTx(ctx context.Context, tx *sqldb.Tx, accountID int64, purpose Purpose, siteID int64) (string, error) {
	return s.newToken(ctx, tx, accountID, purpose, siteID, purpose.Lifetime())
}

// NewToken is NewTokenTx outside a transaction.
func (s *Store) NewToken(ctx context.Context, accountID int64, purpose Purpose, siteID int64) (string, error) {
	return s.newToken(ctx, s.db, accountID, purpose, siteID, purpose.Lifetime())
}

// NewTokenLasting is NewToken with a lifetime of the caller's choosing, for
// the rare link that is not followed at once by the person who asked for
// it, such as the demo admin's login link printed on the console.
func (s *Store) NewTokenLasting(ctx context.Context, accountID int64, purpose Purpose, siteID int64, ttl time.Duration) (string, error) {
	return s.newToken(ctx, s.db, accountID, purpose, siteID, ttl)
}

func (s *Store) newToken(ctx context.Context, q sqldb.Q, accountID int64, purpose Purpose, siteID int64, ttl time.Duration) (string, error) {
	if purpose.Lifetime() == 0 {
		return "", fmt.Errorf("new token: unknown purpose %q", purpose)
	}
	if ttl <= 0 {
		return "", fmt.Errorf("new %s token: lifetime %v", purpose, ttl)
	}
	site := sql.NullInt64{Int64: siteID, Valid: siteID != 0}
	token := sqldb.NewToken()
	now := s.now()
	_, err := q.Exec(ctx, `INSERT INTO account_tokens
		(token_hash, account_id, purpose, site_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		sqldb.HashToken(token), accountID, string(purpose), site, sqldb.Millis(now.Add(ttl)), sqldb.Millis(now))
	if err != nil {
		return "", fmt.Errorf("new %s token for account %d: %w", purpose, accountID, err)
	}
	return token, nil
}

// UseToken spends a token of purpose and returns its account and site (0
// when it has none). It is a single conditional update, so of two requests
// with the same token only one succeeds; every other case, including an
// unknown, used or expired token or one of another purpose, is
// ErrTokenInvalid.
func (s *Store) UseToken(ctx context.Context, purpose Purpose, token string) (accountID, siteID int64, err error) {
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		accountID, siteID, err = s.useToken(ctx, tx, purpose, token)
		return err
	})
	return accountID, siteID, err
}

func (s *Store) useToken(ctx context.Context, tx *sqldb.Tx, purpose Purpose, token string) (int64, int64, error) {
	if token == "" {
		return 0, 0, ErrTokenInvalid
	}
	now := sqldb.Millis(s.now())
	var accountID int64
	var site sql.NullInt64
	err := tx.QueryRow(ctx, `UPDATE account_tokens SET used_at = ?
		WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
		RETURNING account_id, site_id`,
		now, sqldb.HashToken(token), string(purpose), now).Scan(&accountID, &site)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, ErrTokenInvalid
	}
	if err != nil {
		return 0, 0, fmt.Errorf("use %s token: %w", purpose, err)
	}
	return accountID, site.Int64, nil
}

// peekToken returns the account of a usable token without spending it, so
// that a form can be checked before the token is used up.
func (s *Store) peekToken(ctx context.Context, purpose Purpose, token string) (int64, error) {
	var accountID int64
	err := s.db.QueryRow(ctx, `SELECT account_id FROM account_tokens
		WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`,
		sqldb.HashToken(token), string(purpose), sqldb.Millis(s.now())).Scan(&accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrTokenInvalid
	}
	if err != nil {
		return 0, fmt.Errorf("%s token: %w", purpose, err)
	}
	return accountID, nil
}

// DeleteOldTokens removes tokens that expired before now; a periodic job
// calls it so the table does not grow without bound.
func (s *Store) DeleteOldTokens(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM account_tokens WHERE expires_at <= ?`, sqldb.Millis(s.now()))
	if err != nil {
		return 0, fmt.Errorf("delete old tokens: %w", err)
	}
	return res.RowsAffected()
}
