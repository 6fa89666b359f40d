package accounts

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// queuedMail returns the body of the newest mail to addr with subject, or
// "" when there is none.
func queuedMail(t *testing.T, db *sqldb.DB, addr, subject string) string {
	t.Helper()
	var text string
	err := db.QueryRow(context.Background(), `SELECT body_text FROM mail_messages WHERE to_addr = ? AND subject = ?
		ORDER BY id DESC LIMIT 1`, addr, subject).Scan(&text)
	if errors.Is(err, sqldb.ErrNoRows) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// tokenIn cuts the token out of a link made by testLink.
func tokenIn(t *testing.T, text string) string {
	t.Helper()
	_, rest, ok := strings.Cut(text, "https://site.test/confirm/")
	if !ok {
		t.Fatalf("no confirmation link in %q", text)
	}
	token, _, _ := strings.Cut(rest, "\n")
	return token
}

func testLink(token string) string { return "https://site.test/confirm/" + token }

const (
	subjectConfirm = "Confirm your new Pagecart e-mail address"
	subjectNotice  = "Your Pagecart e-mail address is about to change"
)

func TestRequestEmailChangeRefusesBadInput(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		useTestMail(t, s, db)
		a := mustAccount(t, s, "anna@example.com")
		mustAccount(t, s, "bob@example.com")
		for _, tc := range []struct {
			name, password, email, field, msg string
		}{
			{"wrong password", "wrong password", "anna2@example.com", "password", "The password is not right."},
			{"invalid address", goodPassword, "anna", "email", "Enter a valid e-mail address, like name@example.com."},
			{"not UTF-8", goodPassword, "anna\xff@example.com", "email", "Enter a valid e-mail address, like name@example.com."},
			{"taken address", goodPassword, "Bob@Example.com", "email", "Another account already uses this e-mail."},
			{"the same address", goodPassword, "ANNA@example.com", "email", "This is already your e-mail address."},
		} {
			err := s.RequestEmailChange(ctx, a.ID, tc.password, tc.email, testLink)
			if msg := validationField(t, err, tc.field); msg != tc.msg {
				t.Errorf("%s: %s = %q, want %q", tc.name, tc.field, msg, tc.msg)
			}
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_messages`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d mails queued for refused requests (%v)", n, err)
		}
		if err := s.RequestEmailChange(ctx, a.ID+1, goodPassword, "x@example.com", testLink); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown account: %v", err)
		}
	})
}

func TestEmailChangeTakesEffectWhenConfirmed(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		useTestMail(t, s, db)
		a := mustAccount(t, s, "anna@example.com")
		reset, err := s.NewToken(ctx, a.ID, PurposeReset, 0)
		if err != nil {
			t.Fatal(err)
		}

		if err := s.RequestEmailChange(ctx, a.ID, goodPassword, " Anna.New@Example.com", testLink); err != nil {
			t.Fatal(err)
		}
		// Nothing changes until the link is opened.
		if got, _ := s.ByID(ctx, a.ID); got.Email != "anna@example.com" {
			t.Fatalf("the address changed before confirmation: %q", got.Email)
		}
		notice := queuedMail(t, db, "anna@example.com", subjectNotice)
		if !strings.Contains(notice, "anna.new@example.com") || !strings.Contains(notice, "http://platform.test/password/forgot") {
			t.Errorf("notice to the old address: %q", notice)
		}
		if strings.Contains(notice, "https://site.test/confirm/") {
			t.Error("the old address got the confirmation link")
		}
		token := tokenIn(t, queuedMail(t, db, "anna.new@example.com", subjectConfirm))

		// A second request replaces the first: only the latest link works.
		if err := s.RequestEmailChange(ctx, a.ID, goodPassword, "anna.other@example.com", testLink); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConfirmEmailChange(ctx, token); !errors.Is(err, ErrTokenInvalid) {
			t.Fatalf("the replaced link: %v, want ErrTokenInvalid", err)
		}
		token = tokenIn(t, queuedMail(t, db, "anna.other@example.com", subjectConfirm))
		got, err := s.ConfirmEmailChange(ctx, token)
		if err != nil || got.Email != "anna.other@example.com" || got.ID != a.ID {
			t.Fatalf("confirm: %+v, %v", got, err)
		}
		if _, err := s.Authenticate(ctx, "anna.other@example.com", goodPassword, ""); err != nil {
			t.Errorf("login with the new address: %v", err)
		}
		if _, err := s.ConfirmEmailChange(ctx, token); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("the link used twice: %v", err)
		}
		if _, err := s.ResetPassword(ctx, reset, "a brand new secret"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("a reset link from before the change still works: %v", err)
		}

		// A link past its lifetime does nothing.
		if err := s.RequestEmailChange(ctx, a.ID, goodPassword, "late@example.com", testLink); err != nil {
			t.Fatal(err)
		}
		clk.advance(PurposeEmailChange.Lifetime())
		if _, err := s.ConfirmEmailChange(ctx, tokenIn(t, queuedMail(t, db, "late@example.com", subjectConfirm))); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("expired link: %v", err)
		}
		if _, err := s.ConfirmEmailChange(ctx, "unknown"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("unknown token: %v", err)
		}
	})
}

func TestEmailChangeRefusedWhenTheAddressWasTakenMeanwhile(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		useTestMail(t, s, db)
		a := mustAccount(t, s, "anna@example.com")
		if err := s.RequestEmailChange(ctx, a.ID, goodPassword, "shared@example.com", testLink); err != nil {
			t.Fatal(err)
		}
		token := tokenIn(t, queuedMail(t, db, "shared@example.com", subjectConfirm))
		clk.advance(time.Minute)
		mustAccount(t, s, "shared@example.com") // someone signs up with it first
		_, err := s.ConfirmEmailChange(ctx, token)
		if !errors.Is(err, ErrEmailTaken) || !errors.Is(err, fault.ErrConflict) || err.Error() != "Another account already uses this e-mail." {
			t.Fatalf("confirm a taken address: %v", err)
		}
		if got, _ := s.ByID(ctx, a.ID); got.Email != "anna@example.com" {
			t.Errorf("the address changed anyway: %q", got.Email)
		}
	})
}
