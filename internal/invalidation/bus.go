package invalidation

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
)

// Bus is the one way a change reaches every cache: the database announces
// committed changes to it (sqldb.DB.SetAnnouncer), it tells this process's
// subscribers (the web layer's host cache) at once and, with Redis, the
// other nodes, whose own buses tell their subscribers.
type Bus struct {
	logger *slog.Logger
	remote *Redis // nil on a single node

	mu   sync.RWMutex
	subs []func(siteID int64)

	listening atomic.Bool
	stop      context.CancelFunc
	done      chan struct{}
}

// NewBus returns a bus for this process; remote is nil on a single node.
func NewBus(remote *Redis, logger *slog.Logger) *Bus {
	return &Bus{remote: remote, logger: logger}
}

// Subscribe makes f hear every change, from this node and from others.
// f must be quick: it runs on the announcing goroutine.
func (b *Bus) Subscribe(f func(siteID int64)) {
	b.mu.Lock()
	b.subs = append(b.subs, f)
	b.mu.Unlock()
}

// Announce tells this node's subscribers, then the other nodes, that siteID
// changed (sqldb.PlatformChange for a platform-wide switch).
func (b *Bus) Announce(ctx context.Context, siteID int64) {
	b.deliver(siteID)
	if b.remote != nil {
		b.remote.Publish(ctx, siteID)
	}
}

func (b *Bus) deliver(siteID int64) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, f := range b.subs {
		f(siteID)
	}
}

// Start listens for other nodes' announcements until Close; without Redis
// it does nothing. A Redis outage is logged, never fatal: each node still
// serves, with caches that expire within seconds, until Redis is back.
func (b *Bus) Start(ctx context.Context) {
	if b.remote == nil {
		return
	}
	if err := b.remote.Ping(ctx); err != nil {
		b.logger.Warn("redis unreachable; other nodes' changes show within seconds", "err", err)
	}
	listen, stop := context.WithCancel(context.WithoutCancel(ctx))
	b.stop, b.done = stop, make(chan struct{})
	go func() {
		defer close(b.done)
		defer b.listening.Store(false)
		b.remote.Listen(listen, func() { b.listening.Store(true) }, b.deliver)
	}()
}

// Listening reports whether this node hears other nodes' changes.
func (b *Bus) Listening() bool { return b.listening.Load() }

// Close stops listening and disconnects from Redis.
func (b *Bus) Close() error {
	if b.remote == nil {
		return nil
	}
	if b.stop != nil {
		b.stop()
		<-b.done
	}
	return b.remote.Close()
}
