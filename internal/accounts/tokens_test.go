package accounts

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestUseToken(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		a := mustAccount(t, s, "anna@example.com")
		site := mustSite(t, s, a.ID)

		login, err := s.NewToken(ctx, a.ID, PurposeLogin, site)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UseToken(ctx, PurposeReset, login); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("login token used as a reset token: %v", err)
		}
		acc, st, err := s.UseToken(ctx, PurposeLogin, login)
		if err != nil || acc != a.ID || st != site {
			t.Errorf("UseToken = %d, %d, %v; want %d, %d", acc, st, err, a.ID, site)
		}
		if _, _, err := s.UseToken(ctx, PurposeLogin, login); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("second use: %v, want ErrTokenInvalid", err)
		}

		var reset string
		err = db.InTx(ctx, func(tx *sqldb.Tx) (err error) {
			reset, err = s.NewTokenTx(ctx, tx, a.ID, PurposeReset, 0)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		late, err := s.NewToken(ctx, a.ID, PurposeLogin, site)
		if err != nil {
			t.Fatal(err)
		}
		clk.advance(PurposeLogin.Lifetime())
		if _, _, err := s.UseToken(ctx, PurposeLogin, late); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("expired login token: %v, want ErrTokenInvalid", err)
		}
		acc, st, err = s.UseToken(ctx, PurposeReset, reset)
		if err != nil || acc != a.ID || st != 0 {
			t.Errorf("reset token after the login lifetime = %d, %d, %v", acc, st, err)
		}

		short, err := s.NewTokenLasting(ctx, a.ID, PurposeReset, 0, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Minute)
		if _, _, err := s.UseToken(ctx, PurposeReset, short); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("token past its own lifetime: %v", err)
		}
		for _, tok := range []string{"", "unknown"} {
			if _, _, err := s.UseToken(ctx, PurposeReset, tok); !errors.Is(err, ErrTokenInvalid) {
				t.Errorf("token %q: %v", tok, err)
			}
		}
		if _, err := s.NewToken(ctx, a.ID, Purpose("other"), 0); err == nil {
			t.Error("a token of unknown purpose got a lifetime")
		}
	})
}

func TestPurposeLifetimes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		purpose Purpose
		want    time.Duration
	}{
		{PurposeReset, time.Hour},
		{PurposeLogin, 2 * time.Minute},
		{Purpose("other"), 0},
	} {
		if got := tc.purpose.Lifetime(); got != tc.want {
			t.Errorf("%q lives %v, want %v", tc.purpose, got, tc.want)
		}
	}
}

func TestResetPassword(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		a := mustAccount(t, s, "anna@example.com")
		sess, _ := s.NewSession(ctx, SessionAccount, a.ID)
		tok, _ := s.NewToken(ctx, a.ID, PurposeReset, 0)
		older, _ := s.NewToken(ctx, a.ID, PurposeReset, 0)

		_, err := s.ResetPassword(ctx, tok, "1234567890")
		if msg := validationField(t, err, "password"); msg != "This password is too common. Choose another." {
			t.Errorf("message %q", msg)
		}
		const newPassword = "a brand new secret"
		got, err := s.ResetPassword(ctx, tok, newPassword)
		if err != nil || got.ID != a.ID {
			t.Fatalf("reset after a refused try: %+v, %v", got, err)
		}
		if _, err := s.Session(ctx, SessionAccount, sess); !errors.Is(err, ErrNotFound) {
			t.Errorf("session survived the reset: %v", err)
		}
		if _, err := s.Authenticate(ctx, a.Email, newPassword, ""); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
		if _, err := s.Authenticate(ctx, a.Email, goodPassword, ""); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("login with the old password: %v", err)
		}
		for name, token := range map[string]string{"used": tok, "older": older} {
			if _, err := s.ResetPassword(ctx, token, "yet another secret"); !errors.Is(err, ErrTokenInvalid) {
				t.Errorf("%s token: %v, want ErrTokenInvalid", name, err)
			}
		}
		expired, _ := s.NewToken(ctx, a.ID, PurposeReset, 0)
		clk.advance(PurposeReset.Lifetime())
		if _, err := s.ResetPassword(ctx, expired, "yet another secret"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("expired token: %v, want ErrTokenInvalid", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		a := mustAccount(t, s, "anna@example.com")

		err := s.ChangePassword(ctx, a.ID, "wrong password", "a brand new secret")
		if msg := validationField(t, err, "current"); msg != "The current password is not right." {
			t.Errorf("wrong current: %q", msg)
		}
		err = s.ChangePassword(ctx, a.ID, goodPassword, "short")
		if msg := validationField(t, err, "password"); msg != "Use at least 10 characters." {
			t.Errorf("short new: %q", msg)
		}
		if err := s.ChangePassword(ctx, a.ID, goodPassword, "a brand new secret"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "anna@example.com", "a brand new secret", ""); err != nil {
			t.Errorf("login with the changed password: %v", err)
		}

	})
}
