package accounts

import (
	"context"
	"errors"
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

func TestAuthenticateThrottlesAnEmail(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		mustAccount(t, s, "anna@example.com")
		// Each failure comes from another address, so that only the
		// e-mail's count can be what throttles.
		ips := []string{"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6"}
		for _, ip := range ips[:freeFailures] {
			if _, err := s.Authenticate(ctx, "anna@example.com", "wrong password", ip); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure from %s: %v", ip, err)
			}
			clk.advance(time.Second)
		}
		clk.advance(-time.Second) // back to the moment of the last failure
		_, err := s.Authenticate(ctx, "anna@example.com", goodPassword, ips[5])
		var te *fault.Throttled
		if !errors.As(err, &te) || !errors.Is(err, fault.ErrTooManyRequests) {
			t.Fatalf("sixth attempt with the right password: %v, want a *fault.Throttled", err)
		}
		if te.Wait != time.Second || te.Error() != "Too many failed attempts. Try again in 1 second." {
			t.Errorf("wait %v, message %q", te.Wait, te.Error())
		}
		clk.advance(time.Second)
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, ips[5]); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
		// The success cleared the e-mail's failures: five more are free.
		for range freeFailures {
			if _, err := s.Authenticate(ctx, "anna@example.com", "wrong password", ""); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure after a success: %v", err)
			}
		}
		// The delay doubles with each further failure.
		clk.advance(time.Second)
		if _, err := s.Authenticate(ctx, "anna@example.com", "wrong password", ""); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("sixth failure: %v", err)
		}
		_, err = s.Authenticate(ctx, "anna@example.com", goodPassword, "")
		if !errors.As(err, &te) || te.Wait != 2*time.Second {
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
		for _, email := range []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"} {
			if _, err := s.Authenticate(ctx, email, "wrong password", "198.51.100.7"); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure for %s: %v", email, err)
			}
		}
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, "198.51.100.7"); !errors.Is(err, fault.ErrTooManyRequests) {
			t.Fatalf("from the guessing address: %v, want fault.ErrTooManyRequests", err)
		}
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, "198.51.100.8"); err != nil {
			t.Fatalf("from another address: %v", err)
		}
		// A success does not clear the address's failures: the next failure
		// is the sixth, and doubles the wait.
		clk.advance(time.Second)
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, "198.51.100.7"); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
		if _, err := s.Authenticate(ctx, "f@example.com", "wrong password", "198.51.100.7"); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("failure after a success: %v", err)
		}
		var te *fault.Throttled
		if _, err := s.Authenticate(ctx, "anna@example.com", goodPassword, "198.51.100.7"); !errors.As(err, &te) || te.Wait != 2*time.Second {
			t.Fatalf("after a sixth failure from the guessing address: %v, want a wait of 2s", err)
		}
		// Once the window has passed without failures, the count restarts.
		clk.advance(failureWindow)
		for range freeFailures {
			if _, err := s.Authenticate(ctx, "x@example.com", "wrong password", "198.51.100.7"); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("after the window: %v", err)
			}
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
	at := func(d time.Duration) int64 { return sqldb.Millis(now.Add(-d)) }
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
		st := failureState{found: true, failures: tc.failures, lastMS: at(tc.ago)}
		if got := st.wait(now); got != tc.want {
			t.Errorf("%d failures %v ago: wait %v, want %v", tc.failures, tc.ago, got, tc.want)
		}
	}
	if got := throttled(1500 * time.Millisecond).Error(); got != "Too many failed attempts. Try again in 2 seconds." {
		t.Errorf("message %q", got)
	}
}
