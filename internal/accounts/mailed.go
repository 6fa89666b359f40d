package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// InviteInput is an invitation to a site's staff, with what its e-mail
// says about the site and who invites.
type InviteInput struct {
	SiteID       int64
	SiteTitle    string
	SiteURL      string // https://NAME.<base domain>, where the link leads
	InviterID    int64
	InviterEmail string
	Email        string
	Role         Role
}

// Invite creates the invitation and queues its e-mail in one transaction:
// an invitation is never stored without its e-mail, nor sent without it.
// The admin and the API call this one function.
func (s *Store) Invite(ctx context.Context, in InviteInput) (Invitation, error) {
	var inv Invitation
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var token string
		var err error
		inv, token, err = s.InviteTx(ctx, tx, in.SiteID, in.InviterID, in.Email, in.Role)
		if err != nil {
			return err
		}
		_, err = s.outbox.Send(ctx, tx, mail.Message{SiteID: in.SiteID, To: inv.Email,
			Subject: "You are invited to help run " + in.SiteTitle, Text: invitationText(in, inv, token)})
		return err
	})
	return inv, err
}

func invitationText(in InviteInput, inv Invitation, token string) string {
	return fmt.Sprintf(`Hello,

%s invites you to help run %s (%s) on Pagecart, as %s.

To accept, open this link within 7 days:
%s/admin/invite/%s

If you did not expect this invitation, you can ignore this e-mail.

Pagecart
`, in.InviterEmail, in.SiteTitle, in.SiteURL, inv.Role.Label(), in.SiteURL, token)
}

// RequestPasswordReset queues a reset link to the account with this
// e-mail, if there is one, and says nothing either way: the caller shows
// the same page whether or not the address has an account. linkBase is
// the URL the token is appended to.
func (s *Store) RequestPasswordReset(ctx context.Context, email, linkBase string) error {
	acct, err := s.ByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		token, err := s.NewTokenTx(ctx, tx, acct.ID, PurposeReset, 0)
		if err != nil {
			return err
		}
		_, err = s.outbox.Send(ctx, tx, mail.Message{To: acct.Email,
			Subject: "Reset your Pagecart password",
			Text: fmt.Sprintf("Hello,\n\nsomeone (hopefully you) asked to reset the password of your Pagecart account.\n\n"+
				"Choose a new password here (the link works once, for one hour):\n%s%s\n\n"+
				"If you did not ask for this, ignore this e-mail: your password stays as it is.\n", linkBase, token)})
		return err
	})
}
