package consent

import (
	"context"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/ratelimit"
)

// The limits on logged choices. A person makes a choice or two per visit;
// these stop a script from filling a site's log (which its owner exports
// as proof) with made-up entries, while an office behind one address
// still gets through.
const (
	// PerAddress choices a minute from one address to one log.
	PerAddress = 30
	// PerLog choices a minute to one log from everyone.
	PerLog = 3000
)

// UseLimiter makes Record count choices per address and per log; without
// one, nothing is counted (tests of other behaviour).
func (s *Store) UseLimiter(l ratelimit.Limiter) { s.limiter = l }

func (s *Store) allow(ctx context.Context, sc logScope, ip string) error {
	if s.limiter == nil {
		return nil
	}
	for _, b := range []ratelimit.Bucket{{Key: sc.limits + ":" + ip, PerMinute: PerAddress}, {Key: sc.limits, PerMinute: PerLog}} {
		if d := s.limiter.Take(ctx, ratelimit.Check{Cost: 1, Bucket: b}); !d.OK() {
			return &fault.Throttled{Reason: "Too many cookie choices were sent from here.", Wait: d.RetryAfter}
		}
	}
	return nil
}
