package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

const msgSameEmail = "This is already your e-mail address."

// RequestEmailChange starts moving an account to a new e-mail address. The
// address is where reset links go, so changing it is as sensitive as
// changing the password: the password is checked, the change waits until
// the link sent to the new address is opened (proving it is the person's),
// and the old address is told, so that a stolen session cannot quietly
// take the account over. link makes the confirmation URL from the token;
// the caller knows on which host it is served. The token and both mails
// are written in one transaction.
func (s *Store) RequestEmailChange(ctx context.Context, accountID int64, password, newEmail string, link func(token string) string) error {
	if s.outbox == nil {
		return errors.New("request e-mail change: the accounts store has no mail (UseOutbox)")
	}
	a, err := s.ByID(ctx, accountID)
	if err != nil {
		return err
	}
	norm, msg := NormalizeEmail(newEmail)
	switch {
	case msg != "":
		return fault.Invalidf("email", msg)
	case norm == a.Email:
		return fault.Invalidf("email", msgSameEmail)
	}
	if err := s.checkAccountPassword(ctx, accountID, password, "password", msgPasswordWrong); err != nil {
		return err
	}
	if taken, err := emailTaken(ctx, s.db, norm); err != nil {
		return fmt.Errorf("request e-mail change of account %d: %w", accountID, err)
	} else if taken {
		return fault.Invalidf("email", msgEmailInUse)
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// Only the latest request's link works.
		if err := spendTokens(ctx, tx, accountID, PurposeEmailChange, s.now()); err != nil {
			return err
		}
		token, err := s.NewTokenTx(ctx, tx, accountID, PurposeEmailChange, 0)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE account_tokens SET new_email = ? WHERE token_hash = ?`, norm, sqldb.HashToken(token))
		if err != nil {
			return fmt.Errorf("request e-mail change of account %d: %w", accountID, err)
		}
		hours := int(PurposeEmailChange.Lifetime() / time.Hour)
		_, err = s.outbox.Send(ctx, tx, mail.Message{To: norm,
			Subject: "Confirm your new Pagecart e-mail address",
			Text: fmt.Sprintf("Hello,\n\nto log in to Pagecart with %s from now on, open this link (it works once, for %d hours):\n%s\n\n"+
				"Until then, your account keeps its current address. If you did not ask for this, ignore this e-mail.\n",
				norm, hours, link(token))})
		if err != nil {
			return err
		}
		_, err = s.outbox.Send(ctx, tx, mail.Message{To: a.Email,
			Subject: "Your Pagecart e-mail address is about to change",
			Text: fmt.Sprintf("Hello,\n\nsomeone logged in to your Pagecart account asked to change its e-mail address from %s to %s.\n"+
				"The change happens only when the link we sent to %s is opened.\n\n"+
				"If this was not you, someone may know your password: choose a new one now, which also logs everyone else out:\n%s/password/forgot\n",
				a.Email, norm, norm, s.platformURL)})
		return err
	})
}

// ConfirmEmailChange spends an e-mail change token and moves its account to
// the new address, or returns ErrTokenInvalid, or ErrEmailTaken when
// another account took the address meanwhile (the token then stays unspent,
// and the account keeps its address).
func (s *Store) ConfirmEmailChange(ctx context.Context, token string) (Account, error) {
	var a Account
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var accountID int64
		var newEmail string
		err := tx.QueryRow(ctx, `SELECT account_id, new_email FROM account_tokens
			WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`,
			sqldb.HashToken(token), string(PurposeEmailChange), sqldb.Millis(s.now())).Scan(&accountID, &newEmail)
		if errors.Is(err, sqldb.ErrNoRows) || (err == nil && newEmail == "") {
			return ErrTokenInvalid
		}
		if err != nil {
			return fmt.Errorf("e-mail change token: %w", err)
		}
		// Checked first so that a PostgreSQL transaction is not aborted by
		// the unique index; the index still settles a race.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM accounts WHERE email = ? AND id <> ?`, newEmail, accountID).Scan(&n); err != nil {
			return fmt.Errorf("confirm e-mail change: %w", err)
		} else if n > 0 {
			return ErrEmailTaken
		}
		if _, _, err := s.useToken(ctx, tx, PurposeEmailChange, token); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE accounts SET email = ?, updated_at = ? WHERE id = ?`,
			newEmail, sqldb.Millis(s.now()), accountID)
		if sqldb.IsUniqueViolation(err) {
			return ErrEmailTaken
		}
		if err != nil {
			return fmt.Errorf("change e-mail of account %d: %w", accountID, err)
		}
		// A reset link sent to the old address must not outlive the change.
		if err := spendTokens(ctx, tx, accountID, PurposeReset, s.now()); err != nil {
			return err
		}
		a, err = scanAccount(tx.QueryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, accountID))
		return err
	})
	if err != nil {
		return Account{}, err
	}
	return a, nil
}

// spendTokens marks every unused token of purpose of the account used.
func spendTokens(ctx context.Context, q sqldb.Q, accountID int64, purpose Purpose, now time.Time) error {
	_, err := q.Exec(ctx, `UPDATE account_tokens SET used_at = ?
		WHERE account_id = ? AND purpose = ? AND used_at IS NULL`,
		sqldb.Millis(now), accountID, string(purpose))
	if err != nil {
		return fmt.Errorf("spend %s tokens of account %d: %w", purpose, accountID, err)
	}
	return nil
}
