package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// The kinds of session: a site owner's or staff member's account, or a
// platform operator. Keeping the kind in the lookup means an operator's
// session ID can never be read as an account's, or the other way round.
const (
	SessionAccount  = "account"
	SessionOperator = "operator"
)

// SessionTTL is how long a session lasts after login. Sessions do not slide:
// a stolen cookie stops working at the latest this long after the login.
const SessionTTL = 30 * 24 * time.Hour

// NewSession starts a session for subjectID and returns its token, to be
// put in a cookie. Only the token's hash is stored, so a copy of the
// database does not let anyone log in.
func (s *Store) NewSession(ctx context.Context, kind string, subjectID int64) (string, error) {
	if kind != SessionAccount && kind != SessionOperator {
		return "", fmt.Errorf("new session: unknown kind %q", kind)
	}
	token := sqldb.NewToken()
	now := s.now()
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (token_hash, kind, subject_id, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`,
		sqldb.HashToken(token), kind, subjectID, sqldb.Millis(now), sqldb.Millis(now.Add(SessionTTL)))
	if err != nil {
		return "", fmt.Errorf("new session: %w", err)
	}
	return token, nil
}

// Session returns the subject of a live session of kind, or ErrNotFound when
// the token is unknown, expired or of another kind.
func (s *Store) Session(ctx context.Context, kind, token string) (int64, error) {
	if token == "" {
		return 0, ErrNotFound
	}
	var id int64
	err := s.db.QueryRow(ctx, `SELECT subject_id FROM sessions
		WHERE token_hash = ? AND kind = ? AND expires_at > ?`,
		sqldb.HashToken(token), kind, sqldb.Millis(s.now())).Scan(&id)
	if errors.Is(err, sqldb.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("session: %w", err)
	}
	return id, nil
}

// EndSession ends the session with token (logout). Ending an unknown
// session is not an error: the result is the same.
func (s *Store) EndSession(ctx context.Context, token string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, sqldb.HashToken(token)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// EndAllSessions ends every session of a subject, as after a password reset
// or when a person asks to be logged out everywhere.
func (s *Store) EndAllSessions(ctx context.Context, kind string, subjectID int64) error {
	return endAllSessions(ctx, s.db, kind, subjectID)
}

func endAllSessions(ctx context.Context, q sqldb.Q, kind string, subjectID int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE kind = ? AND subject_id = ?`, kind, subjectID); err != nil {
		return fmt.Errorf("end sessions of %s %d: %w", kind, subjectID, err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired before now; a periodic
// job calls it so the table does not grow without bound.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, sqldb.Millis(s.now()))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
