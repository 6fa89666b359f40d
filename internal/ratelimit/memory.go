package ratelimit

import (
	"context"
	"sync"
	"time"
)

// Memory keeps the counters in this process: exact for one node, and what
// Redis falls back to when it cannot be reached.
type Memory struct {
	mu      sync.Mutex
	buckets map[string]*bucketState
	windows map[string]*windowState
	checks  int
}

type bucketState struct {
	tokens float64
	at     time.Time
}

type windowState struct {
	used  int64
	reset time.Time
}

// NewMemory returns an empty in-process limiter.
func NewMemory() *Memory {
	return &Memory{buckets: map[string]*bucketState{}, windows: map[string]*windowState{}}
}

// sweepEvery is how many checks pass between drops of finished windows and
// full buckets, so that the maps do not grow with every token ever seen.
const sweepEvery = 4096

// Take implements Limiter.
func (m *Memory) Take(_ context.Context, c Check) Decision {
	now := c.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.checks++
	if m.checks%sweepEvery == 0 {
		m.sweep(now)
	}
	d := Decision{Quotas: make([]State, len(c.Quotas))}
	windows := make([]*windowState, len(c.Quotas))
	for i, q := range c.Quotas {
		w := m.window(q, now)
		windows[i] = w
		d.Quotas[i] = State{Name: q.Name, Limit: q.Limit, Remaining: max(0, q.Limit-w.used), Reset: q.Reset.Sub(now)}
		if w.used+c.Cost > q.Limit && d.Reason == Allowed {
			d.Reason, d.RetryAfter = QuotaExceeded, q.Reset.Sub(now)
		}
	}
	var b *bucketState
	if c.Bucket.PerMinute > 0 {
		b = m.bucket(c.Bucket, now)
		d.Rate = State{Name: "minute", Limit: c.Bucket.PerMinute, Remaining: int64(b.tokens), Reset: refillTime(c.Bucket, b.tokens)}
		if d.Reason == Allowed && b.tokens < float64(c.Cost) {
			d.Reason, d.RetryAfter = RateExceeded, waitFor(c.Bucket, b.tokens, c.Cost)
		}
	}
	if d.Reason != Allowed {
		return d
	}
	for i, w := range windows {
		w.used += c.Cost
		d.Quotas[i].Remaining = max(0, c.Quotas[i].Limit-w.used)
	}
	if b != nil {
		b.tokens -= float64(c.Cost)
		d.Rate.Remaining, d.Rate.Reset = int64(b.tokens), refillTime(c.Bucket, b.tokens)
	}
	return d
}

// Refund implements Limiter.
func (m *Memory) Refund(_ context.Context, c Check, amount int64) {
	if amount <= 0 {
		return
	}
	now := c.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, q := range c.Quotas {
		w := m.window(q, now)
		w.used = max(0, w.used-amount)
	}
	if c.Bucket.PerMinute > 0 {
		b := m.bucket(c.Bucket, now)
		b.tokens = min(float64(c.Bucket.PerMinute), b.tokens+float64(amount))
	}
}

// bucket returns the bucket for b, refilled up to now.
func (m *Memory) bucket(b Bucket, now time.Time) *bucketState {
	s, ok := m.buckets[b.Key]
	if !ok {
		s = &bucketState{tokens: float64(b.PerMinute), at: now}
		m.buckets[b.Key] = s
		return s
	}
	if elapsed := now.Sub(s.at); elapsed > 0 {
		s.tokens = min(float64(b.PerMinute), s.tokens+elapsed.Minutes()*float64(b.PerMinute))
		s.at = now
	}
	return s
}

// window returns the counter of q's window, new once the old one ended.
func (m *Memory) window(q Quota, now time.Time) *windowState {
	w, ok := m.windows[q.Key]
	if !ok || !now.Before(w.reset) {
		w = &windowState{reset: q.Reset}
		m.windows[q.Key] = w
	}
	return w
}

// sweep drops ended windows and buckets untouched for over a minute (they
// would be full again, which is what a missing bucket means).
func (m *Memory) sweep(now time.Time) {
	for k, w := range m.windows {
		if !now.Before(w.reset) {
			delete(m.windows, k)
		}
	}
	for k, b := range m.buckets {
		if now.Sub(b.at) > time.Minute {
			delete(m.buckets, k)
		}
	}
}
