package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// Messages of the staff forms.
const (
	msgRoleInvalid  = "Choose a role."
	msgAlreadyStaff = "This person is already on your staff."
)

// Invitation asks a person, by e-mail, to join a site's staff with a role.
type Invitation struct {
	ID, SiteID int64
	Email      string
	Role       Role
	InvitedBy  int64
	ExpiresAt  time.Time
	AcceptedAt time.Time
	CreatedAt  time.Time
}

const invitationColumns = `id, site_id, email, role, invited_by, expires_at, accepted_at, created_at`

func scanInvitation(row interface{ Scan(...any) error }) (Invitation, error) {
	var inv Invitation
	var role string
	var expires, created int64
	var accepted sql.NullInt64
	err := row.Scan(&inv.ID, &inv.SiteID, &inv.Email, &role, &inv.InvitedBy, &expires, &accepted, &created)
	if err != nil {
		return Invitation{}, err
	}
	inv.Role = Role(role)
	inv.ExpiresAt = sqldb.Time(expires)
	inv.AcceptedAt = sqldb.NullTime(accepted)
	inv.CreatedAt = sqldb.Time(created)
	return inv, nil
}

// InviteTx creates an invitation inside tx, in which the caller queues the
// e-mail with the returned token; only the token's hash is stored. Inviting
// an address again replaces its pending invitation, so that the latest
// e-mail is the one whose link works.
func (s *Store) InviteTx(ctx context.Context, tx *sqldb.Tx, siteID, invitedBy int64, email string, role Role) (Invitation, string, error) {
	norm, msg := NormalizeEmail(email)
	var v fault.Invalid
	if msg != "" {
		v.Add("email", msg)
	}
	if _, ok := ParseRole(string(role)); !ok {
		v.Add("role", msgRoleInvalid)
	}
	if err := v.Err(); err != nil {
		return Invitation{}, "", err
	}
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM site_members m JOIN accounts a ON a.id = m.account_id
		WHERE m.site_id = ? AND a.email = ?`, siteID, norm).Scan(&n)
	if err != nil {
		return Invitation{}, "", fmt.Errorf("invite to site %d: %w", siteID, err)
	}
	if n > 0 {
		return Invitation{}, "", fault.Invalidf("email", msgAlreadyStaff)
	}
	_, err = tx.Exec(ctx, `DELETE FROM invitations WHERE site_id = ? AND email = ? AND accepted_at IS NULL`,
		siteID, norm)
	if err != nil {
		return Invitation{}, "", fmt.Errorf("invite to site %d: %w", siteID, err)
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	inv := Invitation{
		ID: sqldb.NewID(), SiteID: siteID, Email: norm, Role: role, InvitedBy: invitedBy,
		ExpiresAt: now.Add(InvitationTTL), CreatedAt: now,
	}
	token := sqldb.NewToken()
	_, err = tx.Exec(ctx, `INSERT INTO invitations
		(site_id, id, email, role, token_hash, invited_by, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		siteID, inv.ID, norm, string(role), sqldb.HashToken(token), invitedBy,
		sqldb.Millis(inv.ExpiresAt), sqldb.Millis(now))
	if err != nil {
		return Invitation{}, "", fmt.Errorf("invite %s to site %d: %w", norm, siteID, err)
	}
	return inv, token, nil
}

// Invitations lists a site's pending invitations, newest first.
func (s *Store) Invitations(ctx context.Context, siteID int64) ([]Invitation, error) {
	rows, err := s.db.Query(ctx, `SELECT `+invitationColumns+` FROM invitations
		WHERE site_id = ? AND accepted_at IS NULL AND expires_at > ?
		ORDER BY created_at DESC, id DESC`, siteID, sqldb.Millis(s.now()))
	if err != nil {
		return nil, fmt.Errorf("invitations of site %d: %w", siteID, err)
	}
	defer rows.Close()
	var list []Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("invitations of site %d: %w", siteID, err)
		}
		list = append(list, inv)
	}
	return list, rows.Err()
}

// InvitationByToken returns the pending invitation of the site that token
// opens, for the page where a person accepts it; a token that is unknown,
// expired, accepted or of another site is ErrTokenInvalid.
func (s *Store) InvitationByToken(ctx context.Context, siteID int64, token string) (Invitation, error) {
	return s.pendingInvitation(ctx, s.db, siteID, token)
}

func (s *Store) pendingInvitation(ctx context.Context, q sqldb.Q, siteID int64, token string) (Invitation, error) {
	inv, err := scanInvitation(q.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations
		WHERE site_id = ? AND token_hash = ? AND accepted_at IS NULL AND expires_at > ?`,
		siteID, sqldb.HashToken(token), sqldb.Millis(s.now())))
	if errors.Is(err, sql.ErrNoRows) {
		return Invitation{}, ErrTokenInvalid
	}
	if err != nil {
		return Invitation{}, fmt.Errorf("invitation of site %d: %w", siteID, err)
	}
	return inv, nil
}

// AcceptInvitation puts an existing account on the site's staff with the
// invited role and marks the invitation accepted, both or neither. The
// account need not have the invited address: holding the link, which only
// went to that address, is the proof, and people often sign in with another.
func (s *Store) AcceptInvitation(ctx context.Context, siteID int64, token string, accountID int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		return s.acceptTx(ctx, tx, siteID, token, accountID)
	})
}

// acceptTx spends the invitation with a conditional update, so that a link
// is accepted once even when clicked twice at the same moment.
func (s *Store) acceptTx(ctx context.Context, tx *sqldb.Tx, siteID int64, token string, accountID int64) error {
	now := sqldb.Millis(s.now())
	var role string
	err := tx.QueryRow(ctx, `UPDATE invitations SET accepted_at = ?
		WHERE site_id = ? AND token_hash = ? AND accepted_at IS NULL AND expires_at > ?
		RETURNING role`, now, siteID, sqldb.HashToken(token), now).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrTokenInvalid
	}
	if err != nil {
		return fmt.Errorf("accept invitation to site %d: %w", siteID, err)
	}
	return s.addMember(ctx, tx, siteID, accountID, Role(role))
}

// AcceptInvitationNewAccount creates an account for the invited address and
// accepts the invitation with it, in one transaction: a person who never had
// an account joins the staff in one step, and a failure leaves neither. The
// password is hashed before the transaction begins.
func (s *Store) AcceptInvitationNewAccount(ctx context.Context, siteID int64, token, password, termsVersion string) (Account, error) {
	inv, err := s.pendingInvitation(ctx, s.db, siteID, token)
	if err != nil {
		return Account{}, err
	}
	cred, err := s.NewCredential(ctx, inv.Email, password)
	if err != nil {
		return Account{}, err
	}
	var a Account
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if a, err = s.CreateTx(ctx, tx, cred, termsVersion); err != nil {
			return err
		}
		// Accepting spends the invitation only if it is still pending, so
		// one revoked or accepted meanwhile rolls the account back too.
		return s.acceptTx(ctx, tx, siteID, token, a.ID)
	})
	if err != nil {
		return Account{}, err
	}
	return a, nil
}

// RevokeInvitation withdraws a pending invitation of the site, so that its
// link stops working; ErrNotFound when there is none with that ID.
func (s *Store) RevokeInvitation(ctx context.Context, siteID, id int64) error {
	res, err := s.db.Exec(ctx, `DELETE FROM invitations WHERE site_id = ? AND id = ? AND accepted_at IS NULL`,
		siteID, id)
	if err != nil {
		return fmt.Errorf("revoke invitation %d of site %d: %w", id, siteID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("revoke invitation %d of site %d: %w", id, siteID, err)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}
