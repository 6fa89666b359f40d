package ratelimit

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// each runs f against the in-process limiter and, when
// PAGECART_TEST_REDIS_URL is set, against Redis; newLimiter returns
// limiters that share their counters (for Redis: the same key prefix).
func each(t *testing.T, f func(t *testing.T, newLimiter func() Limiter)) {
	t.Run("memory", func(t *testing.T) {
		m := NewMemory()
		f(t, func() Limiter { return m })
	})
	t.Run("redis", func(t *testing.T) {
		client := testRedis(t)
		prefix := fmt.Sprintf("test:%s:", sqldb.NewToken())
		var made []*Redis
		f(t, func() Limiter {
			r := NewRedis(client, prefix, quietLogger())
			made = append(made, r)
			return r
		})
		for _, r := range made {
			if n := r.outages.Load(); n > 0 {
				t.Errorf("%d checks fell back to local counters: Redis did not answer", n)
			}
		}
	})
}

func testRedis(t testing.TB) *redis.Client {
	url := os.Getenv("PAGECART_TEST_REDIS_URL")
	if url == "" {
		t.Skip("PAGECART_TEST_REDIS_URL not set; skipping the Redis limiter")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	return client
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// t0 is now, since Redis expires the windows on its own clock.
var t0 = time.Now().Truncate(time.Second)

func TestBucketAndQuotas(t *testing.T) {
	each(t, func(t *testing.T, newLimiter func() Limiter) {
		ctx := context.Background()
		l := newLimiter()
		check := func(at time.Duration, cost int64) Check {
			return Check{Now: t0.Add(at), Cost: cost, Bucket: Bucket{Key: "tok", PerMinute: 60},
				Quotas: []Quota{{Name: "day", Key: "site:day", Limit: 100, Reset: t0.Add(14 * time.Hour)}}}
		}
		steps := []struct {
			name      string
			at        time.Duration
			cost      int64
			refund    int64
			want      Reason
			rate, day int64 // remaining after the step
			retry     time.Duration
		}{
			{"a full bucket takes 50", 0, 50, 0, Allowed, 10, 50, 0},
			{"11 more do not fit the bucket", 0, 11, 0, RateExceeded, 10, 50, time.Second},
			{"a refund fills it back", 0, 0, 20, Allowed, 30, 70, 0},
			{"30 fit now", 0, 30, 0, Allowed, 0, 40, 0},
			{"after 30 s, 30 points came back", 30 * time.Second, 30, 0, Allowed, 0, 10, 0},
			{"the day's quota runs out before the bucket", 2 * time.Minute, 11, 0, QuotaExceeded, 60, 10, 14*time.Hour - 2*time.Minute},
			{"what is left of the day still fits", 2 * time.Minute, 10, 0, Allowed, 50, 0, 0},
			{"the next day starts afresh", 15 * time.Hour, 10, 0, Allowed, 50, 90, 0},
		}
		for _, s := range steps {
			c := check(s.at, s.cost)
			if s.name == "the next day starts afresh" {
				c.Quotas[0].Key, c.Quotas[0].Reset = "site:day2", t0.Add(38*time.Hour)
			}
			if s.refund > 0 {
				l.Refund(ctx, c, s.refund)
			}
			d := l.Take(ctx, c)
			if d.Reason != s.want || d.Rate.Remaining != s.rate || d.Quotas[0].Remaining != s.day {
				t.Fatalf("%s: got reason %d, rate %d, day %d; want %d, %d, %d", s.name, d.Reason, d.Rate.Remaining,
					d.Quotas[0].Remaining, s.want, s.rate, s.day)
			}
			if s.want != Allowed && (d.RetryAfter < s.retry-time.Second || d.RetryAfter > s.retry+time.Second) {
				t.Errorf("%s: retry after %s, want about %s", s.name, d.RetryAfter, s.retry)
			}
		}
	})
}

// TestRefusalTakesNothing: a check refused by one quota takes nothing from
// the others or from the bucket.
func TestRefusalTakesNothing(t *testing.T) {
	each(t, func(t *testing.T, newLimiter func() Limiter) {
		ctx := context.Background()
		l := newLimiter()
		c := Check{Now: t0, Cost: 5, Bucket: Bucket{Key: "tok", PerMinute: 100}, Quotas: []Quota{
			{Name: "month", Key: "m", Limit: 1000, Reset: t0.Add(time.Hour)},
			{Name: "token-day", Key: "d", Limit: 4, Reset: t0.Add(time.Hour)},
		}}
		d := l.Take(ctx, c)
		if d.Reason != QuotaExceeded || d.Rate.Remaining != 100 || d.Quotas[0].Remaining != 1000 || d.Quotas[1].Remaining != 4 {
			t.Fatalf("got %+v", d)
		}
		c.Cost = 4
		if d := l.Take(ctx, c); !d.OK() || d.Rate.Remaining != 96 || d.Quotas[0].Remaining != 996 || d.Quotas[1].Remaining != 0 {
			t.Fatalf("got %+v", d)
		}
	})
}

// TestSharedLimit: two limiters sharing one store, hammered concurrently,
// admit exactly the limit together.
func TestSharedLimit(t *testing.T) {
	each(t, func(t *testing.T, newLimiter func() Limiter) {
		ctx := context.Background()
		limiters := []Limiter{newLimiter(), newLimiter()}
		var admitted atomic.Int64
		var wg sync.WaitGroup
		for n := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l := limiters[n%2]
				for range 40 {
					c := Check{Now: t0, Cost: 1, Bucket: Bucket{Key: "tok", PerMinute: 1000},
						Quotas: []Quota{{Name: "day", Key: "day", Limit: 150, Reset: t0.Add(time.Hour)}}}
					if l.Take(ctx, c).OK() {
						admitted.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		if got := admitted.Load(); got != 150 {
			t.Fatalf("admitted %d, want exactly 150", got)
		}
	})
}

// TestRedisOutageFallsBack: with Redis unreachable the check is decided by
// local counters, never refused or failed for the outage.
func TestRedisOutageFallsBack(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 50 * time.Millisecond, MaxRetries: -1})
	defer client.Close()
	l := NewRedis(client, "x:", quietLogger())
	c := Check{Now: t0, Cost: 3, Bucket: Bucket{Key: "tok", PerMinute: 5}}
	if d := l.Take(context.Background(), c); !d.OK() || d.Rate.Remaining != 2 {
		t.Fatalf("first check during an outage: %+v", d)
	}
	if d := l.Take(context.Background(), c); d.Reason != RateExceeded {
		t.Fatalf("local counters should still limit: %+v", d)
	}
}

// TestRedisOutageStrict: a strict limiter refuses what Redis cannot
// decide (the API's 502) and counts nothing locally meanwhile.
func TestRedisOutageStrict(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 50 * time.Millisecond, MaxRetries: -1})
	defer client.Close()
	l := NewRedis(client, "x:", quietLogger()).Strict(true)
	c := Check{Now: t0, Cost: 3, Bucket: Bucket{Key: "tok", PerMinute: 5}}
	for range 2 {
		if d := l.Take(context.Background(), c); d.Reason != Unreachable || d.OK() {
			t.Fatalf("strict check during an outage: %+v", d)
		}
	}
	l.Refund(context.Background(), c, 3)
	if d := l.fallback.Take(context.Background(), c); !d.OK() || d.Rate.Remaining != 2 {
		t.Fatalf("the local counters were used: %+v", d)
	}
}

func TestWindows(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	tests := []struct {
		now              time.Time
		loc              *time.Location
		day, month       string
		dayEnd, monthEnd time.Time
	}{
		{time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), berlin, "2026-12-01", "2026-12",
			time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)},
		{time.Date(2026, 11, 30, 22, 30, 0, 0, time.UTC), nil, "2026-11-30", "2026-11",
			time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		day, dayEnd, month, monthEnd := Windows(tt.now, tt.loc)
		if day != tt.day || month != tt.month || !dayEnd.Equal(tt.dayEnd) || !monthEnd.Equal(tt.monthEnd) {
			t.Errorf("Windows(%s) = %s %s %s %s", tt.now, day, dayEnd, month, monthEnd)
		}
	}
}
