package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Messages about the password a person types to confirm a change.
const (
	msgCurrentWrong  = "The current password is not right."
	msgPasswordWrong = "The password is not right."
	msgEmailInUse    = "Another account already uses this e-mail."
)

// ResetPassword sets a new password through a reset link: it spends the
// token, stores the new hash and ends all the account's sessions, since a
// reset usually means someone else may know the old password. The new
// password is checked before the token is spent, so a person whose choice
// is refused can try again with the same link. Other reset links of the
// account stop working too.
func (s *Store) ResetPassword(ctx context.Context, token, newPassword string) (Account, error) {
	id, err := s.peekToken(ctx, PurposeReset, token)
	if err != nil {
		return Account{}, err
	}
	a, err := s.ByID(ctx, id)
	if err != nil {
		return Account{}, err
	}
	if msg := PasswordProblem(newPassword, a.Email); msg != "" {
		return Account{}, fault.Invalidf("password", msg)
	}
	// Hash before the transaction: on SQLite it holds the only writer.
	hash, err := s.HashPassword(ctx, newPassword)
	if err != nil {
		return Account{}, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		used, _, err := s.useToken(ctx, tx, PurposeReset, token)
		if err != nil {
			return err
		}
		if used != a.ID {
			return ErrTokenInvalid
		}
		if err := s.setPasswordHash(ctx, tx, a.ID, hash); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE account_tokens SET used_at = ?
			WHERE account_id = ? AND purpose = ? AND used_at IS NULL`,
			sqldb.Millis(s.now()), a.ID, string(PurposeReset))
		if err != nil {
			return fmt.Errorf("spend other reset tokens: %w", err)
		}
		return endAllSessions(ctx, tx, SessionAccount, a.ID)
	})
	if err != nil {
		return Account{}, err
	}
	return a, nil
}

// ChangePassword sets a new password for a logged-in person, who must give
// the current one, so that an unattended browser is not enough to take the
// account over. Sessions are left alone: the caller decides whether to end
// the person's other sessions (EndAllSessions, then a new session).
func (s *Store) ChangePassword(ctx context.Context, accountID int64, current, newPassword string) error {
	a, err := s.ByID(ctx, accountID)
	if err != nil {
		return err
	}
	if err := s.checkAccountPassword(ctx, accountID, current, "current", msgCurrentWrong); err != nil {
		return err
	}
	if msg := PasswordProblem(newPassword, a.Email); msg != "" {
		return fault.Invalidf("password", msg)
	}
	hash, err := s.HashPassword(ctx, newPassword)
	if err != nil {
		return err
	}
	return s.setPasswordHash(ctx, s.db, accountID, hash)
}

// checkAccountPassword returns a *fault.Invalid on field unless pw is the
// account's password.
func (s *Store) checkAccountPassword(ctx context.Context, accountID int64, pw, field, msg string) error {
	hash, err := passwordHash(ctx, s.db, accountID)
	if errors.Is(err, ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("account %d: %w", accountID, err)
	}
	if ok, err := s.CheckPassword(ctx, hash, pw); err != nil {
		return err
	} else if !ok {
		return fault.Invalidf(field, msg)
	}
	return nil
}

func (s *Store) setPasswordHash(ctx context.Context, q sqldb.Q, accountID int64, hash string) error {
	_, err := q.Exec(ctx, `UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?`,
		hash, sqldb.Millis(s.now()), accountID)
	if err != nil {
		return fmt.Errorf("set password of account %d: %w", accountID, err)
	}
	return nil
}
