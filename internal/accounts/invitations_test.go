package accounts

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// invite creates an invitation as the lead's handler would.
func invite(t *testing.T, s *Store, site, by int64, email string, role Role) (Invitation, string, error) {
	t.Helper()
	var inv Invitation
	var tok string
	err := s.db.InTx(context.Background(), func(tx *sqldb.Tx) (err error) {
		inv, tok, err = s.InviteTx(context.Background(), tx, site, by, email, role)
		return err
	})
	return inv, tok, err
}

func TestInviteValidation(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := newTestStore(db)
		anna := mustAccount(t, s, "anna@example.com")
		shop := mustSite(t, s, anna.ID)
		for _, tc := range []struct {
			email       string
			role        Role
			field, want string
		}{
			{"bob", RoleEditor, "email", "Enter a valid e-mail address, like name@example.com."},
			{"bob@example.com", "boss", "role", "Choose a role."},
			{"ANNA@example.com", RoleEditor, "email", "This person is already on your staff."},
		} {
			_, _, err := invite(t, s, shop, anna.ID, tc.email, tc.role)
			if got := validationField(t, err, tc.field); got != tc.want {
				t.Errorf("invite %q as %q: %s = %q, want %q", tc.email, tc.role, tc.field, got, tc.want)
			}
		}
	})
}

func TestAcceptInvitation(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		anna := mustAccount(t, s, "anna@example.com")
		bob := mustAccount(t, s, "bob@example.com")
		shop := mustSite(t, s, anna.ID)
		blog := mustSite(t, s, bob.ID)

		inv, tok, err := invite(t, s, shop, anna.ID, " Bob@Example.com", RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Email != "bob@example.com" || !inv.ExpiresAt.Equal(clk.now().Add(InvitationTTL)) {
			t.Errorf("invitation %+v", inv)
		}
		if list, err := s.Invitations(ctx, shop); err != nil || len(list) != 1 || list[0] != inv {
			t.Errorf("pending on shop: %+v, %v; want [%+v]", list, err, inv)
		}
		if list, err := s.Invitations(ctx, blog); err != nil || len(list) != 0 {
			t.Errorf("pending on blog: %+v, %v; want none", list, err)
		}

		// The token is bound to its site.
		if _, err := s.InvitationByToken(ctx, blog, tok); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("token on another site: %v", err)
		}
		if err := s.AcceptInvitation(ctx, blog, tok, bob.ID); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("accepting on another site: %v", err)
		}
		if got, err := s.InvitationByToken(ctx, shop, tok); err != nil || got != inv {
			t.Errorf("InvitationByToken = %+v, %v", got, err)
		}

		if err := s.AcceptInvitation(ctx, shop, tok, bob.ID); err != nil {
			t.Fatal(err)
		}
		if m, err := s.Membership(ctx, shop, bob.ID); err != nil || m.Role != RoleManager {
			t.Errorf("membership after accepting: %+v, %v", m, err)
		}
		if err := s.AcceptInvitation(ctx, shop, tok, bob.ID); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("accepting twice: %v", err)
		}
		if list, _ := s.Invitations(ctx, shop); len(list) != 0 {
			t.Errorf("accepted invitation still pending: %+v", list)
		}
	})
}

func TestAcceptInvitationNewAccount(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		anna := mustAccount(t, s, "anna@example.com")
		shop := mustSite(t, s, anna.ID)
		_, tok, err := invite(t, s, shop, anna.ID, "cleo@example.com", RoleEditor)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.AcceptInvitationNewAccount(ctx, shop, tok, "short", "2026-01")
		if msg := validationField(t, err, "password"); msg != "Use at least 10 characters." {
			t.Errorf("short password: %q", msg)
		}
		if _, err := s.ByEmail(ctx, "cleo@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a refused acceptance left an account: %v", err)
		}
		cleo, err := s.AcceptInvitationNewAccount(ctx, shop, tok, goodPassword, "2026-01")
		if err != nil {
			t.Fatal(err)
		}
		if cleo.Email != "cleo@example.com" || cleo.TermsVersion != "2026-01" {
			t.Errorf("account %+v", cleo)
		}
		if m, err := s.Membership(ctx, shop, cleo.ID); err != nil || m.Role != RoleEditor {
			t.Errorf("membership: %+v, %v", m, err)
		}
		if _, err := s.AcceptInvitationNewAccount(ctx, shop, tok, goodPassword, "2026-01"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("using the link again: %v", err)
		}

		// An address that already has an account is told to log in.
		_, tok2, err := invite(t, s, shop, anna.ID, "dan@example.com", RoleEditor)
		if err != nil {
			t.Fatal(err)
		}
		mustAccount(t, s, "dan@example.com")
		_, err = s.AcceptInvitationNewAccount(ctx, shop, tok2, goodPassword, "2026-01")
		if msg := validationField(t, err, "email"); msg != "An account with this e-mail already exists. Log in instead." {
			t.Errorf("existing account: %q", msg)
		}

		// Expired links do nothing.
		_, tok3, err := invite(t, s, shop, anna.ID, "eve@example.com", RoleEditor)
		if err != nil {
			t.Fatal(err)
		}
		clk.advance(InvitationTTL)
		if _, err := s.AcceptInvitationNewAccount(ctx, shop, tok3, goodPassword, "2026-01"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("expired link: %v", err)
		}
	})
}

func TestReinviteAndRevoke(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		anna := mustAccount(t, s, "anna@example.com")
		bob := mustAccount(t, s, "bob@example.com")
		shop := mustSite(t, s, anna.ID)
		blog := mustSite(t, s, bob.ID)

		_, first, err := invite(t, s, shop, anna.ID, "cleo@example.com", RoleEditor)
		if err != nil {
			t.Fatal(err)
		}
		inv, second, err := invite(t, s, shop, anna.ID, "cleo@example.com", RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.InvitationByToken(ctx, shop, first); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("the replaced link still works: %v", err)
		}
		if list, _ := s.Invitations(ctx, shop); len(list) != 1 || list[0].Role != RoleManager {
			t.Errorf("pending after re-inviting: %+v", list)
		}

		if err := s.RevokeInvitation(ctx, blog, inv.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("revoking from another site: %v, want ErrNotFound", err)
		}
		if _, err := s.InvitationByToken(ctx, shop, second); err != nil {
			t.Errorf("a revocation on another site touched this one: %v", err)
		}
		if err := s.RevokeInvitation(ctx, shop, inv.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InvitationByToken(ctx, shop, second); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("revoked link: %v", err)
		}
		if err := s.RevokeInvitation(ctx, shop, inv.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("revoking twice: %v", err)
		}
	})
}
