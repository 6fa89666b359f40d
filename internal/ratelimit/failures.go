package ratelimit

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Failures counts failed attempts per key (a login's e-mail and address)
// in a sliding window: the count starts again at one when the last failure
// is a window old. Login throttling (accounts) decides its delays from it.
// Like Limiter, it has two implementations: in-process (the default) and
// Redis, so that every node throttles a guesser together.
type Failures interface {
	// Load returns key's count and the time of its last failure; a zero
	// Failure when it has none.
	Load(ctx context.Context, key string) (Failure, error)
	// Record counts one failure of key at now and returns the count as it
	// became: 1 when the last failure was window or more before now.
	Record(ctx context.Context, key string, now time.Time, window time.Duration) (Failure, error)
	// Clear forgets key's failures.
	Clear(ctx context.Context, key string) error
}

// Failure is one key's count.
type Failure struct {
	Count int
	Last  time.Time
}

// MemoryFailures keeps the counts in this process.
type MemoryFailures struct {
	mu     sync.Mutex
	counts map[string]memFailure
	checks int
}

type memFailure struct {
	Failure
	expires time.Time
}

// NewMemoryFailures returns an empty in-process count.
func NewMemoryFailures() *MemoryFailures {
	return &MemoryFailures{counts: map[string]memFailure{}}
}

// Load implements Failures.
func (m *MemoryFailures) Load(_ context.Context, key string) (Failure, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counts[key].Failure, nil
}

// Record implements Failures.
func (m *MemoryFailures) Record(_ context.Context, key string, now time.Time, window time.Duration) (Failure, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.counts[key]
	if f.Count == 0 || !f.Last.After(now.Add(-window)) {
		f.Count = 0
	}
	f.Count++
	f.Last = now
	f.expires = now.Add(window)
	m.counts[key] = f
	// Drop the counts whose window is over now and then, so that the map
	// does not keep every address that ever failed.
	if m.checks++; m.checks%sweepEvery == 0 {
		for k, v := range m.counts {
			if !v.expires.After(now) {
				delete(m.counts, k)
			}
		}
	}
	return f.Failure, nil
}

// Clear implements Failures.
func (m *MemoryFailures) Clear(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.counts, key)
	return nil
}

// RedisFailures keeps the counts in Redis, one hash per key that expires
// with its window. When Redis cannot be reached the count is kept in this
// process meanwhile and the outage logged: a login is never refused or
// failed because Redis is down.
type RedisFailures struct {
	client   redis.UniversalClient
	prefix   string
	fallback *MemoryFailures
	logger   *slog.Logger

	mu       sync.Mutex
	loggedAt time.Time
}

// NewRedisFailures returns counts on client under prefix.
func NewRedisFailures(client redis.UniversalClient, prefix string, logger *slog.Logger) *RedisFailures {
	return &RedisFailures{client: client, prefix: prefix, fallback: NewMemoryFailures(), logger: logger}
}

// recordScript counts one failure (ARGV: now ms, window ms) atomically and
// returns the count and the last failure's time.
var recordScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'n', 'last')
local n = tonumber(b[1]) or 0
local last = tonumber(b[2]) or 0
if last <= now - window then n = 0 end
n = n + 1
redis.call('HSET', KEYS[1], 'n', n, 'last', now)
redis.call('PEXPIRE', KEYS[1], window)
return {n, now}
`)

// Load implements Failures.
func (r *RedisFailures) Load(ctx context.Context, key string) (Failure, error) {
	vals, err := r.client.HMGet(ctx, r.prefix+key, "n", "last").Result()
	if err != nil {
		r.outage(ctx, err)
		return r.fallback.Load(ctx, key)
	}
	var f Failure
	if len(vals) == 2 {
		n, _ := vals[0].(string)
		last, _ := vals[1].(string)
		f.Count, _ = strconv.Atoi(n)
		if ms, _ := strconv.ParseInt(last, 10, 64); ms > 0 {
			f.Last = time.UnixMilli(ms).UTC()
		}
	}
	return f, nil
}

// Record implements Failures.
func (r *RedisFailures) Record(ctx context.Context, key string, now time.Time, window time.Duration) (Failure, error) {
	res, err := recordScript.Run(ctx, r.client, []string{r.prefix + key}, now.UnixMilli(), window.Milliseconds()).Int64Slice()
	if err != nil || len(res) != 2 {
		r.outage(ctx, err)
		return r.fallback.Record(ctx, key, now, window)
	}
	return Failure{Count: int(res[0]), Last: time.UnixMilli(res[1]).UTC()}, nil
}

// Clear implements Failures.
func (r *RedisFailures) Clear(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.prefix+key).Err(); err != nil {
		r.outage(ctx, err)
	}
	return r.fallback.Clear(ctx, key)
}

func (r *RedisFailures) outage(ctx context.Context, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.loggedAt) < time.Minute {
		return
	}
	r.loggedAt = time.Now()
	r.logger.WarnContext(ctx, "login throttling: redis unreachable, counting on this node only", slog.Any("err", err))
}
