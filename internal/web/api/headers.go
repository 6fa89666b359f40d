package api

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/ratelimit"
)

// setPolicy writes RateLimit-Policy (IETF draft): the plan's minute rate,
// day and month quotas.
func setPolicy(h http.Header, p plans.Plan) {
	if !p.API {
		return
	}
	h.Set("RateLimit-Policy", fmt.Sprintf(`"minute";q=%d;w=60, "day";q=%d;w=86400, "month";q=%d;w=2592000`,
		p.APIRatePerMin, p.APIQuotaDay, p.APIQuotaMonth))
}

// setRemaining writes RateLimit: the limit closest to exhaustion, with
// what remains of it and the seconds until it is whole again.
func setRemaining(h http.Header, d ratelimit.Decision) {
	states := append([]ratelimit.State{d.Rate}, d.Quotas...)
	best, bestShare := ratelimit.State{}, math.Inf(1)
	for _, s := range states {
		if s.Limit <= 0 {
			continue
		}
		if share := float64(s.Remaining) / float64(s.Limit); share < bestShare {
			best, bestShare = s, share
		}
	}
	if best.Limit == 0 {
		return
	}
	name := strings.TrimPrefix(best.Name, "token-")
	h.Set("RateLimit", fmt.Sprintf(`"%s";r=%d;t=%d`, name, best.Remaining, seconds(best.Reset)))
}

func seconds(d time.Duration) int { return max(0, int(math.Ceil(d.Seconds()))) }

// costExtension is extensions.cost of a reply.
func costExtension(requested, actual int, d *ratelimit.Decision) map[string]any {
	out := map[string]any{"requested": requested, "actual": actual}
	if d == nil {
		return out
	}
	out["rate"] = map[string]any{"limit": d.Rate.Limit, "remaining": d.Rate.Remaining, "resetSeconds": seconds(d.Rate.Reset)}
	quota := map[string]any{}
	for _, q := range d.Quotas {
		quota[q.Name] = map[string]any{"limit": q.Limit, "remaining": q.Remaining, "resetSeconds": seconds(q.Reset)}
	}
	out["quota"] = quota
	return out
}
