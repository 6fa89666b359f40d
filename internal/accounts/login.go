package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Login throttling. Only failures count, in ratelimit.Failures (this
// process's memory, or Redis when the platform has it, shared by every
// node). Each attempt counts against two
// keys: the pair of e-mail and IP address, and the IP address alone. Once
// a key has had its free failures, each further attempt must wait
// firstDelay since the last failure, doubling with every extra failure up
// to maxDelay; the count starts again once failureWindow has passed
// without a failure. The e-mail alone is not a key: anyone could then lock
// an owner out from anywhere by failing on purpose, whereas now a guesser
// throttles only their own address, and the owner, from theirs, gets in.
const (
	// freeFailures is per e-mail and address: one person mistyping.
	freeFailures = 5
	// freeIPFailures is per address across e-mails: higher, since an
	// office or a mobile carrier puts many people behind one address.
	freeIPFailures = 20
	firstDelay     = time.Second
	maxDelay       = 15 * time.Minute
	failureWindow  = 15 * time.Minute
)

// The owner of an account is told by e-mail after alertFailures failures
// on their e-mail within failureWindow, from any address, and then at most
// once per alertEvery.
const (
	alertFailures = 5
	alertEvery    = time.Hour
)

// counter is a login_failures row that an attempt counts against, with the
// failures it allows before attempts must wait.
type counter struct {
	key  string
	free int
}

// loginCounters names the rows a login of scope ("login" for owners,
// "operator" for the console) counts against. An e-mail that is not valid
// is still a key, so that guessing at malformed addresses is throttled too;
// its length is capped to keep the table small.
func loginCounters(scope, email, ip string) []counter {
	norm, _ := NormalizeEmail(email)
	if norm == "" {
		norm = strings.ToLower(strings.TrimSpace(email))
		if len(norm) > maxEmailLen {
			norm = norm[:maxEmailLen]
		}
	}
	cs := []counter{{scope + ":" + norm + "|" + ip, freeFailures}}
	if ip != "" {
		cs = append(cs, counter{scope + "-ip:" + ip, freeIPFailures})
	}
	return cs
}

// Authenticate checks an e-mail and password and returns the account, or
// ErrInvalidCredentials, or a *fault.Throttled while the pair of e-mail and
// IP address, or the address, has to wait after too many failures; the
// password is then not checked at all, so waiting cannot be skipped by
// guessing faster. A failure on an existing account may send its owner an
// alert (see alertFailures).
func (s *Store) Authenticate(ctx context.Context, email, password, ip string) (Account, error) {
	var a Account
	failed := false
	err := s.throttle(ctx, loginCounters("login", email, ip), func() (bool, error) {
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
		ok, err := s.CheckPassword(ctx, hash, password)
		failed = err == nil && !ok
		return ok, err
	})
	if failed {
		if aerr := s.countAccountFailure(ctx, a); aerr != nil {
			return Account{}, aerr
		}
	}
	if err != nil {
		return Account{}, err
	}
	return a, nil
}

// ThrottleLogin runs check, a password check, under the same throttling as
// Authenticate, on keys of its own scope: the operator console's login uses
// it. It returns a *fault.Throttled without calling check while a key must
// wait, ErrInvalidCredentials when check says no, and nil when it says yes.
func (s *Store) ThrottleLogin(ctx context.Context, scope, email, ip string, check func() (bool, error)) error {
	return s.throttle(ctx, loginCounters(scope, email, ip), check)
}

// throttle checks first and counts only failures, so that any number of
// correct logins at once all get in. Attempts running alongside each other
// all read the keys before any has counted its failure; so that a parallel
// burst of guesses learns no more than the same guesses one after another,
// an attempt whose keys were throttled meanwhile by the others' failures
// answers "wait" instead of its result, right or wrong.
func (s *Store) throttle(ctx context.Context, counters []counter, check func() (bool, error)) error {
	now := s.now()
	before := make([]int, len(counters))
	var wait time.Duration
	for i, c := range counters {
		st, err := s.loadFailures(ctx, c.key)
		if err != nil {
			return err
		}
		before[i] = st.current(now)
		wait = max(wait, st.wait(now, c.free))
	}
	if wait > 0 {
		return throttled(wait)
	}
	ok, err := check()
	if err != nil {
		return err
	}
	if ok {
		for _, c := range counters {
			st, err := s.loadFailures(ctx, c.key)
			if err != nil {
				return err
			}
			wait = max(wait, st.wait(now, c.free))
		}
		if wait > 0 {
			return throttled(wait)
		}
		// The person proved they know the password from this address:
		// their own mistakes are forgiven; the address's count stays, as
		// it may hold others' failures.
		if err := s.failures.Clear(ctx, counters[0].key); err != nil {
			return fmt.Errorf("clear login failures: %w", err)
		}
		return nil
	}
	for i, c := range counters {
		st, err := s.recordFailure(ctx, c.key, now)
		if err != nil {
			return err
		}
		if others := st.failures - 1; others > before[i] && others >= c.free {
			wait = max(wait, st.wait(now, c.free))
		}
	}
	if wait > 0 {
		return throttled(wait)
	}
	return ErrInvalidCredentials
}

// failureState is one key's failures as counted by ratelimit.Failures;
// a key without any has failures 0.
type failureState struct {
	failures int
	last     time.Time
}

// current is the number of failures that still count at now.
func (f failureState) current(now time.Time) int {
	if f.failures == 0 || now.Sub(f.last) >= failureWindow {
		return 0
	}
	return f.failures
}

// wait is how long a key allowing free failures must still wait at now;
// zero when it may try.
func (f failureState) wait(now time.Time, free int) time.Duration {
	n := f.current(now)
	if n < free {
		return 0
	}
	delay := maxDelay
	if extra := n - free; extra < 30 {
		delay = min(firstDelay<<extra, maxDelay)
	}
	return max(0, delay-now.Sub(f.last))
}

func (s *Store) loadFailures(ctx context.Context, key string) (failureState, error) {
	f, err := s.failures.Load(ctx, key)
	if err != nil {
		return failureState{}, fmt.Errorf("login failures: %w", err)
	}
	return failureState{failures: f.Count, last: f.Last}, nil
}

// recordFailure counts one failure against key atomically, so that
// concurrent failures each count, and returns the count as it became. A
// count older than failureWindow starts again at one.
func (s *Store) recordFailure(ctx context.Context, key string, now time.Time) (failureState, error) {
	f, err := s.failures.Record(ctx, key, now, failureWindow)
	if err != nil {
		return failureState{}, fmt.Errorf("count login failure: %w", err)
	}
	return failureState{failures: f.Count, last: f.Last}, nil
}
