package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		a := mustAccount(t, s, "anna@example.com")
		for _, tc := range []struct {
			name, email, password string
			want                  error
		}{
			{"right password", "anna@example.com", goodPassword, nil},
			{"e-mail in another case", " ANNA@example.com", goodPassword, nil},
			{"wrong password", "anna@example.com", "wrong password", ErrInvalidCredentials},
			{"unknown e-mail", "bob@example.com", goodPassword, ErrInvalidCredentials},
			{"not an e-mail", "anna", goodPassword, ErrInvalidCredentials},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.Authenticate(ctx, tc.email, tc.password, "192.0.2.1")
				if !errors.Is(err, tc.want) {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				if err == nil && got != a {
					t.Errorf("account %+v, want %+v", got, a)
				}
			})
		}
		if err := ErrInvalidCredentials.Error(); err != "The e-mail or password is not right." {
			t.Errorf("message %q", err)
		}
	})
}

func TestAuthenticateThrottlesAnEmailFromOneAddress(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		mustAccount(t, s, "anna@example.com")
		const guesser, anna = "192.0.2.1", "198.51.100.20"
		for range freeFailures {
			if _, err := s.Authenticate(ctx, "anna@example.com", "wrong password", guesser); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure: %v", err)
			}
		}
		_, err := s.Authenticate(ctx, "anna@example.com", goodPassword, guesser)
		te, ok := fault.AsThrottled(err)
		if !ok || !errors.Is(err, fault.ErrTooManyRequests) {
			t.Fatalf("sixth attempt from the guessing address, right password: %v, want a *fault.Throttled", err)
		}
		if te.Wait != time.Second || te.Error() != "Too many failed attempts. Try again in 1 second." {
			t.Errorf("wait %v, message %q", te.Wait, te.Error())
		}
		// Anna, from her own address, is not locked out by the guesser.
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, anna); err != nil {
			t.Fatalf("the owner from another address while the guesser waits: %v", err)
		}
		clk.advance(time.Second)
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, guesser); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
		// The success cleared this pair's failures: five more are free.
		for range freeFailures {
			if _, err := s.Authenticate(ctx, "anna@example.com", "wrong password", guesser); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure after a success: %v", err)
			}
		}
		// The delay doubles with each further failure.
		clk.advance(time.Second)
		if _, err := s.Authenticate(ctx, "anna@example.com", "wrong password", guesser); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("sixth failure: %v", err)
		}
		_, err = s.Authenticate(ctx, "anna@example.com", goodPassword, guesser)
		if te, ok := fault.AsThrottled(err); !ok || te.Wait != 2*time.Second {
			t.Fatalf("after six failures: %v, want a wait of 2s", err)
		}
	})
}

func TestAuthenticateThrottlesAnIP(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		mustAccount(t, s, "anna@example.com")
		const guesser = "198.51.100.7"
		// One guess at each of many addresses stays under every pair's
		// limit: only the address's own count can throttle.
		for i := range freeIPFailures {
			email := fmt.Sprintf("guess%d@example.com", i)
			if _, err := s.Authenticate(ctx, email, "wrong password", guesser); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure for %s: %v", email, err)
			}
		}
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, guesser); !errors.Is(err, fault.ErrTooManyRequests) {
			t.Fatalf("from the guessing address: %v, want fault.ErrTooManyRequests", err)
		}
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, "198.51.100.8"); err != nil {
			t.Fatalf("from another address: %v", err)
		}
		// A success does not clear the address's failures: the next failure
		// doubles the wait.
		clk.advance(time.Second)
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, guesser); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
		if _, err := s.Authenticate(ctx, "f@example.com", "wrong password", guesser); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("failure after a success: %v", err)
		}
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, guesser); !isWait(err, 2*time.Second) {
			t.Fatalf("after one more failure from the guessing address: %v, want a wait of 2s", err)
		}
		// Once the window has passed without failures, the count restarts.
		clk.advance(failureWindow)
		for i := range freeFailures {
			if _, err := s.Authenticate(ctx, fmt.Sprintf("x%d@example.com", i), "wrong password", guesser); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("after the window: %v", err)
			}
		}
	})
}

func isWait(err error, d time.Duration) bool {
	te, ok := fault.AsThrottled(err)
	return ok && te.Wait == d
}

// A burst of correct logins, as when a team opens the admin together or a
// script logs in in parallel, must never be refused as failed attempts.
func TestAuthenticateConcurrentCorrectLoginsAllSucceed(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		a := mustAccount(t, s, "anna@example.com")
		const logins = 200
		var wg sync.WaitGroup
		errs := make(chan error, logins)
		for range logins {
			wg.Go(func() {
				got, err := s.Authenticate(ctx, "anna@example.com", goodPassword, "192.0.2.9")
				if err == nil && got.ID != a.ID {
					err = fmt.Errorf("logged in as %d", got.ID)
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		refused := 0
		for err := range errs {
			if err != nil {
				refused++
				if refused == 1 {
					t.Errorf("a correct login was refused: %v", err)
				}
			}
		}
		if refused > 0 {
			t.Errorf("%d of %d concurrent correct logins refused", refused, logins)
		}
	})
}

func TestFailedLoginsAlertTheOwnerOnceAnHour(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		useTestMail(t, s, db)
		mustAccount(t, s, "anna@example.com")
		alerts := func() int {
			t.Helper()
			var n int
			err := db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_messages WHERE to_addr = ? AND subject = ?`,
				"anna@example.com", "Failed logins to your Pagecart account").Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Failures from many addresses, none of them throttled.
		fail := func(n int) {
			t.Helper()
			for i := range n {
				ip := fmt.Sprintf("203.0.113.%d", i+clk.t.Second())
				if _, err := s.Authenticate(ctx, "anna@example.com", "wrong password", ip); !errors.Is(err, ErrInvalidCredentials) {
					t.Fatalf("failure from %s: %v", ip, err)
				}
				clk.advance(time.Second)
			}
		}
		fail(alertFailures - 1)
		if n := alerts(); n != 0 {
			t.Fatalf("%d alerts after %d failures", n, alertFailures-1)
		}
		fail(1)
		if n := alerts(); n != 1 {
			t.Fatalf("%d alerts after %d failures, want 1", n, alertFailures)
		}
		fail(2 * alertFailures)
		if n := alerts(); n != 1 {
			t.Fatalf("%d alerts within the hour, want 1", n)
		}
		// An unknown e-mail has no owner to tell; nothing is sent.
		for i := range alertFailures {
			_, _ = s.Authenticate(ctx, "nobody@example.com", "wrong password", fmt.Sprintf("203.0.113.%d", 100+i))
		}
		clk.advance(alertEvery)
		fail(alertFailures)
		if n := alerts(); n != 2 {
			t.Fatalf("%d alerts after another hour of failures, want 2", n)
		}
		var text string
		if err := db.QueryRow(ctx, `SELECT body_text FROM mail_messages WHERE to_addr = ? ORDER BY id LIMIT 1`,
			"anna@example.com").Scan(&text); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "http://platform.test/password/forgot") {
			t.Errorf("alert without the reset link:\n%s", text)
		}
	})
}

func TestAuthenticateConcurrentGuesses(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		mustAccount(t, s, "anna@example.com")
		const attempts = 12
		var wg sync.WaitGroup
		errs := make(chan error, attempts)
		for range attempts {
			wg.Go(func() {
				_, err := s.Authenticate(ctx, "anna@example.com", "wrong password", "")
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		checked := 0
		for err := range errs {
			switch {
			case errors.Is(err, ErrInvalidCredentials):
				checked++
			case errors.Is(err, fault.ErrTooManyRequests):
			default:
				t.Errorf("unexpected %v", err)
			}
		}
		if checked < 1 || checked > freeFailures {
			t.Errorf("%d of %d parallel guesses were checked, want 1 to %d", checked, attempts, freeFailures)
		}
	})
}

func TestThrottleWait(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	for _, tc := range []struct {
		failures int
		ago      time.Duration
		want     time.Duration
	}{
		{4, 0, 0},
		{5, 0, time.Second},
		{5, 400 * time.Millisecond, 600 * time.Millisecond},
		{5, time.Second, 0},
		{6, 0, 2 * time.Second},
		{8, time.Second, 7 * time.Second},
		{14, 0, 512 * time.Second},
		{15, 0, 15 * time.Minute},
		{40, 0, 15 * time.Minute},
		{40, 14 * time.Minute, time.Minute},
		{40, 15 * time.Minute, 0},
	} {
		st := failureState{failures: tc.failures, last: at(tc.ago)}
		if got := st.wait(now, freeFailures); got != tc.want {
			t.Errorf("%d failures %v ago: wait %v, want %v", tc.failures, tc.ago, got, tc.want)
		}
	}
}
