// Package invalidation carries "site X changed" from the domain operation
// that committed the change to every cache that holds X: this process's
// (Bus) and, in a multi-node deployment, every other node's (Redis pub/sub),
// so each drops what it cached at once instead of serving it until its
// cache entry expires.
package invalidation

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// Platform is the ID announced for a platform-wide change (maintenance).
const Platform = sqldb.PlatformChange

// Redis announces changes over Redis pub/sub.
type Redis struct {
	client  *redis.Client
	channel string
	logger  *slog.Logger
}

// DefaultChannel is the pub/sub channel all nodes of one platform share.
const DefaultChannel = "pagecart:invalidate"

// NewRedis connects to the Redis at url (redis://host:port/db).
func NewRedis(url, channel string, logger *slog.Logger) (*Redis, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis url: %w", err)
	}
	if channel == "" {
		channel = DefaultChannel
	}
	return &Redis{client: redis.NewClient(opts), channel: channel, logger: logger}, nil
}

// Ping checks that Redis answers.
func (r *Redis) Ping(ctx context.Context) error { return r.client.Ping(ctx).Err() }

// Publish announces that siteID changed. A Redis outage is logged and
// otherwise ignored: the other nodes then catch up when their short-lived
// cache entries expire, and the request that made the change still succeeds.
func (r *Redis) Publish(ctx context.Context, siteID int64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := r.client.Publish(ctx, r.channel, strconv.FormatInt(siteID, 10)).Err(); err != nil {
		r.logger.Warn("announce site change", "site_id", siteID, "err", err)
	}
}

// Listen calls f with every announced site ID until ctx ends; ready, if
// not nil, is called once Redis has confirmed the subscription. The client
// reconnects by itself after an outage; changes announced meanwhile are
// covered by the cache's expiry.
func (r *Redis) Listen(ctx context.Context, ready func(), f func(siteID int64)) {
	sub := r.client.Subscribe(ctx, r.channel)
	defer sub.Close()
	if _, err := sub.Receive(ctx); err != nil {
		r.logger.Warn("subscribe to site changes", "err", err)
	} else if ready != nil {
		ready()
	}
	ch := sub.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			id, err := strconv.ParseInt(msg.Payload, 10, 64)
			if err != nil {
				r.logger.Warn("bad invalidation message", "payload", msg.Payload)
				continue
			}
			f(id)
		}
	}
}

// Subscribed waits until the subscription is active, so that a test does
// not publish before anyone listens.
func (r *Redis) Subscribed(ctx context.Context) error {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		n, err := r.client.PubSubNumSub(ctx, r.channel).Result()
		if err == nil && n[r.channel] > 0 {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no subscriber on %s", r.channel)
}

// Close disconnects.
func (r *Redis) Close() error { return r.client.Close() }
