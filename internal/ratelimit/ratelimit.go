// Package ratelimit counts what API clients spend: a token bucket per token
// for the per-minute rate, and fixed windows (a day, a month, in the site's
// time zone) for the quotas of a token and of a site. One check takes the
// cost from all of them at once or from none; the unused part is given back
// after the work is done.
//
// Two real implementations sit behind Limiter: Memory, the default for a
// single node, and Redis, which lets many nodes enforce one limit together
// and falls back to Memory when Redis cannot be reached.
package ratelimit

import (
	"context"
	"math"
	"time"
)

// Limiter takes and refunds cost. Implementations are safe for concurrent
// use and never fail a check: a storage outage degrades to local counting,
// unless the operator made the Redis limiter strict (then the decision is
// Unreachable).
type Limiter interface {
	// Take decides a check. When it refuses, nothing was taken.
	Take(ctx context.Context, c Check) Decision
	// Refund gives back amount of what Take took for c (the same Check),
	// for work that turned out cheaper than asked.
	Refund(ctx context.Context, c Check, amount int64)
}

// Check is one request's claim on a bucket and on quotas.
type Check struct {
	// Now is the time of the check; a zero Now means time.Now().
	Now time.Time
	// Cost is what the request asks for, in points (at least 0).
	Cost int64
	// Bucket is the per-minute rate; a zero PerMinute means none.
	Bucket Bucket
	// Quotas are checked before the bucket: a used-up quota is the more
	// lasting refusal, and an integrator should hear of it first.
	Quotas []Quota
}

// Bucket is a token bucket that holds PerMinute points and refills at
// PerMinute points a minute, continuously.
type Bucket struct {
	Key       string
	PerMinute int64
}

// Quota is a fixed window: at most Limit points until Reset, when the
// window's counter is dropped. Key must name the window (see Windows), so
// that the next window starts from nothing.
type Quota struct {
	// Name is what the RateLimit headers call the policy ("day", "month").
	Name  string
	Key   string
	Limit int64
	Reset time.Time
}

// Reason says why a check was refused.
type Reason int

// The reasons, in the order they are decided.
const (
	Allowed Reason = iota
	QuotaExceeded
	RateExceeded
	// Unreachable: a strict limiter could not reach its shared counters,
	// and the request is refused rather than counted locally (502).
	Unreachable
)

// Decision is the answer to a check, with what remains of every limit for
// the response's headers.
type Decision struct {
	Reason Reason
	// RetryAfter is how long to wait before the same check can pass: until
	// the refusing window resets, or until the bucket has refilled enough.
	RetryAfter time.Duration
	Rate       State
	Quotas     []State
}

// OK reports whether the check was let through.
func (d Decision) OK() bool { return d.Reason == Allowed }

// State is what remains of one limit after a check.
type State struct {
	Name      string
	Limit     int64
	Remaining int64
	// Reset is how long until the limit is whole again (bucket full, or
	// the window over).
	Reset time.Duration
}

// RetrySeconds is RetryAfter in whole seconds, rounded up and at least 1,
// for a Retry-After header.
func (d Decision) RetrySeconds() int {
	return max(1, int(math.Ceil(d.RetryAfter.Seconds())))
}

func (c Check) now() time.Time {
	if c.Now.IsZero() {
		return time.Now()
	}
	return c.Now
}

// refillTime is how long an empty-ish bucket holding tokens takes to be
// full again.
func refillTime(b Bucket, tokens float64) time.Duration {
	if b.PerMinute <= 0 {
		return 0
	}
	missing := float64(b.PerMinute) - tokens
	if missing <= 0 {
		return 0
	}
	return time.Duration(missing / float64(b.PerMinute) * float64(time.Minute))
}

// waitFor is how long until a bucket holding tokens has cost.
func waitFor(b Bucket, tokens float64, cost int64) time.Duration {
	if b.PerMinute <= 0 {
		return 0
	}
	missing := float64(min(cost, b.PerMinute)) - tokens
	if missing <= 0 {
		return 0
	}
	return time.Duration(missing / float64(b.PerMinute) * float64(time.Minute))
}

// Windows returns the day and the month that contain now in loc, as a key
// suffix and the moment each ends, so that quotas reset at the site's
// midnight and on the first of its month.
func Windows(now time.Time, loc *time.Location) (day string, dayEnd time.Time, month string, monthEnd time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	y, m, d := t.Date()
	dayEnd = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	monthEnd = time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	return t.Format("2006-01-02"), dayEnd, t.Format("2006-01"), monthEnd
}
