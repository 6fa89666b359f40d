package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// eachFailures runs f against the in-process failure count and, when
// PAGECART_TEST_REDIS_URL is set, against Redis.
func eachFailures(t *testing.T, f func(t *testing.T, fs Failures)) {
	t.Run("memory", func(t *testing.T) { f(t, NewMemoryFailures()) })
	t.Run("redis", func(t *testing.T) {
		f(t, NewRedisFailures(testRedis(t), fmt.Sprintf("test:%s:", sqldb.NewToken()), quietLogger()))
	})
}

// TestFailuresWindow: failures add up within the window, start again at
// one once the last is a window old, and are forgotten on Clear. The times
// are given, not read, so that a loaded machine changes nothing.
func TestFailuresWindow(t *testing.T) {
	eachFailures(t, func(t *testing.T, fs Failures) {
		ctx := context.Background()
		const window = time.Minute
		if f, err := fs.Load(ctx, "k"); err != nil || f.Count != 0 {
			t.Fatalf("nothing yet: %+v %v", f, err)
		}
		for i, step := range []struct {
			at   time.Duration
			want int
		}{{0, 1}, {10 * time.Second, 2}, {69 * time.Second, 3}, {129 * time.Second, 1}, {130 * time.Second, 2}} {
			f, err := fs.Record(ctx, "k", t0.Add(step.at), window)
			if err != nil || f.Count != step.want || !f.Last.Equal(t0.Add(step.at)) {
				t.Fatalf("failure %d at +%v: %+v %v, want count %d", i, step.at, f, err, step.want)
			}
		}
		if f, _ := fs.Load(ctx, "k"); f.Count != 2 || !f.Last.Equal(t0.Add(130*time.Second)) {
			t.Fatalf("load: %+v", f)
		}
		if f, _ := fs.Load(ctx, "other"); f.Count != 0 {
			t.Fatalf("another key: %+v", f)
		}
		if err := fs.Clear(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if f, _ := fs.Load(ctx, "k"); f.Count != 0 {
			t.Fatalf("after clear: %+v", f)
		}
	})
}

// TestFailuresConcurrent: concurrent failures each count.
func TestFailuresConcurrent(t *testing.T) {
	eachFailures(t, func(t *testing.T, fs Failures) {
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := fs.Record(context.Background(), "k", t0, time.Hour); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if f, _ := fs.Load(context.Background(), "k"); f.Count != 20 {
			t.Fatalf("%d failures counted, want 20", f.Count)
		}
	})
}

// TestFailuresRedisOutage: with Redis unreachable failures are counted in
// this process, and nothing fails.
func TestFailuresRedisOutage(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 50 * time.Millisecond, MaxRetries: -1})
	defer client.Close()
	fs := NewRedisFailures(client, "x:", quietLogger())
	ctx := context.Background()
	for want := 1; want <= 2; want++ {
		if f, err := fs.Record(ctx, "k", t0, time.Minute); err != nil || f.Count != want {
			t.Fatalf("record during an outage: %+v %v", f, err)
		}
	}
	if f, err := fs.Load(ctx, "k"); err != nil || f.Count != 2 {
		t.Fatalf("load during an outage: %+v %v", f, err)
	}
}
