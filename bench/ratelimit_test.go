package bench

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// limiterCheck is the check of one API request of a Business site whose
// owner capped the token's day: a bucket and three quotas, over 1,000
// tokens so that the counters are not all in one cache line.
func limiterCheck(i int) ratelimit.Check {
	p, _ := plans.Get(plans.Business)
	p.APIQuotaDay, p.APIQuotaMonth = 1<<40, 1<<40
	l := ratelimit.APILimits{SiteID: int64(i % 1000), TokenID: int64(i % 1000), Plan: p, TokenDailyCap: 1 << 40, Location: time.UTC}
	return l.Check(time.Now(), 1)
}

// BenchmarkLimiterMemory is one API rate and quota check in process.
// Goal: under 50 µs.
func BenchmarkLimiterMemory(b *testing.B) {
	l := ratelimit.NewMemory()
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.Take(ctx, limiterCheck(i))
		i++
	}
}

// BenchmarkLimiterRedis is the same check as one Lua script in Redis, over
// loopback. Goal: under 500 µs.
func BenchmarkLimiterRedis(b *testing.B) {
	url := os.Getenv("PAGECART_TEST_REDIS_URL")
	if url == "" {
		b.Skip("PAGECART_TEST_REDIS_URL not set; skipping the Redis limiter")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		b.Fatal(err)
	}
	client := redis.NewClient(opts)
	defer client.Close()
	l := ratelimit.NewRedis(client, "bench:"+sqldb.NewToken()+":", slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if d := l.Take(ctx, limiterCheck(i)); !d.OK() {
			b.Fatal("refused", d)
		}
		i++
	}
}
