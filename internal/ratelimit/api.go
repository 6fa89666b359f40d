package ratelimit

import (
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/plans"
)

// APILimits are the limits one API request is checked against: its
// token's bucket and quotas and its site's quotas.
type APILimits struct {
	SiteID  int64
	TokenID int64
	Plan    plans.Plan
	// TokenDailyCap is the owner's optional cap on one token's points a
	// day; 0 means only the site's quotas apply.
	TokenDailyCap int64
	// TokenMonthlyCap is the same for a month.
	TokenMonthlyCap int64
	// Location is the site's time zone, where days and months begin.
	Location *time.Location
}

// Check builds the check of a request costing cost at now: the token's
// bucket at the plan's rate, the site's day and month quotas, and the
// token's own day cap when the owner set one.
func (l APILimits) Check(now time.Time, cost int64) Check {
	day, dayEnd, month, monthEnd := Windows(now, l.Location)
	site, token := strconv.FormatInt(l.SiteID, 10), strconv.FormatInt(l.TokenID, 10)
	c := Check{Now: now, Cost: cost,
		Bucket: Bucket{Key: "api:" + token, PerMinute: int64(l.Plan.APIRatePerMin)},
		Quotas: []Quota{
			{Name: "day", Key: "api:site:" + site + ":" + day, Limit: int64(l.Plan.APIQuotaDay), Reset: dayEnd},
			{Name: "month", Key: "api:site:" + site + ":" + month, Limit: int64(l.Plan.APIQuotaMonth), Reset: monthEnd},
		}}
	if l.TokenDailyCap > 0 {
		c.Quotas = append(c.Quotas, Quota{Name: "token-day", Key: "api:token:" + token + ":" + day, Limit: l.TokenDailyCap, Reset: dayEnd})
	}
	if l.TokenMonthlyCap > 0 {
		c.Quotas = append(c.Quotas, Quota{Name: "token-month", Key: "api:token:" + token + ":" + month, Limit: l.TokenMonthlyCap, Reset: monthEnd})
	}
	return c
}
