package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// Login throttling: after freeFailures failures of one key (an e-mail or an
// IP address), each further attempt must wait firstDelay since the last
// failure, doubling with every extra failure up to maxDelay. A key's count
// starts again once failureWindow has passed without a failure.
const (
	freeFailures  = 5
	firstDelay    = time.Second
	maxDelay      = 15 * time.Minute
	failureWindow = 15 * time.Minute
	// claimTries bounds the retries of a lost race on one key; past it the
	// key is under a burst of attempts and is treated as throttled.
	claimTries = 4
)

// Authenticate checks an e-mail and password and returns the account, or
// ErrInvalidCredentials, or a *fault.Throttled while the e-mail or the IP
// address has to wait after too many failures; the password is then not
// checked at all, so waiting cannot be skipped by guessing faster.
//
// Each attempt is counted as a failure before the password is checked, with
// a conditional update that only one of several concurrent attempts can win:
// a burst of parallel guesses therefore cannot slip past the limit together.
// A success takes its count back: it clears the e-mail's failures and
// returns the one it added to the IP address, whose earlier failures stay.
func (s *Store) Authenticate(ctx context.Context, email, password, ip string) (Account, error) {
	var a Account
	err := s.Throttle(ctx, loginKeys(email, ip), func() (bool, error) {
		var hash string
		var err error
		a, err = s.ByEmail(ctx, email)
		if err == nil {
			hash, err = passwordHash(ctx, s.db, a.ID)
		}
		if errors.Is(err, ErrNotFound) {
			// Spend the same time as for a real account, so that response
			// times do not tell which e-mails have one.
			_, err := s.HashPassword(ctx, password)
			return false, err
		}
		if err != nil {
			return false, err
		}
		return s.CheckPassword(ctx, hash, password)
	})
	if err != nil {
		return Account{}, err
	}
	return a, nil
}

// Throttle runs check, a password check, under the login throttling of the
// given keys (login_failures rows such as "email:…" and "ip:…"). It returns
// a *fault.Throttled without calling check while a key must wait,
// ErrInvalidCredentials when check says no, and nil when it says yes. The
// operator console's login uses it with keys of its own.
func (s *Store) Throttle(ctx context.Context, keys []string, check func() (bool, error)) error {
	now := s.now()
	// Look at every key before counting against any, so that an attempt
	// refused for its IP address does not also count against the e-mail.
	var wait time.Duration
	for _, k := range keys {
		st, err := s.loadFailures(ctx, k)
		if err != nil {
			return err
		}
		wait = max(wait, st.wait(now))
	}
	if wait > 0 {
		return throttled(wait)
	}
	claims := make([]failureState, 0, len(keys))
	for _, k := range keys {
		prev, wait, err := s.claim(ctx, k, now)
		if err != nil {
			return err
		}
		if wait > 0 {
			return throttled(wait)
		}
		claims = append(claims, prev)
	}
	ok, err := check()
	if err != nil {
		return err
	}
	if !ok {
		return ErrInvalidCredentials
	}
	return s.forgive(ctx, keys, claims, now)
}

// loginKeys names the login_failures rows an attempt counts against. An
// e-mail that is not valid is still a key, so that guessing at malformed
// addresses is throttled too; length is capped to keep the table small.
func loginKeys(email, ip string) []string {
	norm, _ := NormalizeEmail(email)
	if norm == "" {
		norm = strings.ToLower(strings.TrimSpace(email))
		if len(norm) > maxEmailLen {
			norm = norm[:maxEmailLen]
		}
	}
	keys := []string{"email:" + norm}
	if ip != "" {
		keys = append(keys, "ip:"+ip)
	}
	return keys
}

// failureState is one login_failures row as read; found is false when the
// key has none.
type failureState struct {
	key      string
	found    bool
	failures int
	lastMS   int64
}

// current is the number of failures that still count at now.
func (f failureState) current(now time.Time) int {
	if !f.found || now.Sub(sqldb.Time(f.lastMS)) >= failureWindow {
		return 0
	}
	return f.failures
}

// wait is how long the key must still wait at now; zero when it may try.
func (f failureState) wait(now time.Time) time.Duration {
	n := f.current(now)
	if n < freeFailures {
		return 0
	}
	delay := maxDelay
	if extra := n - freeFailures; extra < 30 {
		delay = min(firstDelay<<extra, maxDelay)
	}
	return max(0, delay-now.Sub(sqldb.Time(f.lastMS)))
}

func (s *Store) loadFailures(ctx context.Context, key string) (failureState, error) {
	st := failureState{key: key, found: true}
	err := s.db.QueryRow(ctx,
		`SELECT failures, last_failure_at FROM login_failures WHERE key = ?`, key,
	).Scan(&st.failures, &st.lastMS)
	if errors.Is(err, sql.ErrNoRows) {
		return failureState{key: key}, nil
	}
	if err != nil {
		return failureState{}, fmt.Errorf("login failures: %w", err)
	}
	return st, nil
}

// claim counts one failure against key unless the key must wait, and returns
// the state it replaced. The update only applies if the row is still as it
// was read, so that of concurrent attempts exactly one wins each step and
// the others read again and see the new count.
func (s *Store) claim(ctx context.Context, key string, now time.Time) (failureState, time.Duration, error) {
	for range claimTries {
		st, err := s.loadFailures(ctx, key)
		if err != nil {
			return failureState{}, 0, err
		}
		if wait := st.wait(now); wait > 0 {
			return st, wait, nil
		}
		var res sql.Result
		if st.found {
			res, err = s.db.Exec(ctx, `UPDATE login_failures SET failures = ?, last_failure_at = ?
				WHERE key = ? AND failures = ? AND last_failure_at = ?`,
				st.current(now)+1, sqldb.Millis(now), key, st.failures, st.lastMS)
		} else {
			res, err = s.db.Exec(ctx, `INSERT INTO login_failures (key, failures, last_failure_at)
				VALUES (?, 1, ?) ON CONFLICT (key) DO NOTHING`, key, sqldb.Millis(now))
		}
		if err != nil {
			return failureState{}, 0, fmt.Errorf("count login attempt: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return failureState{}, 0, fmt.Errorf("count login attempt: %w", err)
		} else if n == 1 {
			return st, 0, nil
		}
	}
	return failureState{}, firstDelay, nil
}

// forgive undoes the counting of a successful attempt: the e-mail's
// failures are cleared, and each other key gets its count back and, if no
// other attempt came since, its time of last failure.
func (s *Store) forgive(ctx context.Context, keys []string, claims []failureState, now time.Time) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM login_failures WHERE key = ?`, keys[0]); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	for _, prev := range claims[1:] {
		_, err := s.db.Exec(ctx, `UPDATE login_failures SET failures = failures - 1,
			last_failure_at = CASE WHEN last_failure_at = ? THEN ? ELSE last_failure_at END
			WHERE key = ? AND failures > 0`,
			sqldb.Millis(now), prev.lastMS, prev.key)
		if err == nil {
			_, err = s.db.Exec(ctx, `DELETE FROM login_failures WHERE key = ? AND failures <= 0`, prev.key)
		}
		if err != nil {
			return fmt.Errorf("give back login attempt: %w", err)
		}
	}
	return nil
}
