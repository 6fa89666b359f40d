package invalidation_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/invalidation"
	"github.com/pagecart/pagecart/internal/sqldb"
)

func redisURL(t *testing.T) string {
	u := os.Getenv("PAGECART_TEST_REDIS_URL")
	if u == "" {
		t.Skip("PAGECART_TEST_REDIS_URL is not set: Redis tests skipped (.ci/run sets it)")
	}
	return u
}

// Two nodes share a channel: what one announces, the other hears.
func TestAnnouncementsReachOtherNodes(t *testing.T) {
	url := redisURL(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	channel := "pagecart:test:" + strconv.FormatInt(sqldb.NewID(), 10)
	a, err := invalidation.NewRedis(url, channel, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := invalidation.NewRedis(url, channel, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan int64, 4)
	go b.Listen(ctx, nil, func(id int64) { got <- id })
	if err := a.Subscribed(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{42, invalidation.Platform} {
		a.Publish(ctx, id)
		select {
		case v := <-got:
			if v != id {
				t.Fatalf("heard %d, want %d", v, id)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("announcement of %d not heard", id)
		}
	}
}

// An unreachable Redis never fails the change that is being announced.
func TestOutageIsHarmless(t *testing.T) {
	r, err := invalidation.NewRedis("redis://127.0.0.1:1/0", "x", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	done := make(chan struct{})
	go func() { r.Publish(context.Background(), 1); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on an unreachable Redis")
	}
	if err := r.Ping(context.Background()); err == nil {
		t.Fatal("ping of a closed port succeeded")
	}
}
