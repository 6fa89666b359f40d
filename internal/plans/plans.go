// Package plans declares the service plans once, with everything each one
// entitles a site to. Every limit check in Pagecart reads it from here.
package plans

import "time"

// ID names a plan as stored in sites.plan.
type ID string

// The plans a site can be on. Trial is Business entitlements for a limited
// time; when it ends the site drops to Free.
const (
	Trial    ID = "trial"
	Free     ID = "free"
	Starter  ID = "starter"
	Business ID = "business"
	Premium  ID = "premium"
)

// TrialLength is how long a new site enjoys Business entitlements.
const TrialLength = 15 * 24 * time.Hour

// Unlimited marks a limit that does not apply.
const Unlimited = -1

// Plan is one plan and its entitlements.
type Plan struct {
	ID             ID
	Name           string
	Summary        string
	PriceMonthly   int64  // minor units
	Currency       string // ISO 4217
	Pages          int    // Unlimited or a count
	Products       int
	StorageMB      int
	CustomDomain   bool
	API            bool
	APIRatePerMin  int // token bucket capacity and refill per minute, in cost points
	APIQuotaDay    int
	APIQuotaMonth  int
	RemoveBranding bool
	// CustomCode: the owner may add their own CSS to the design (Settings
	// → Custom CSS).
	CustomCode bool
	Selectable bool // shown on the owner's plans page
}

// all is the single declaration of every plan, in the order they are shown.
func all() []Plan {
	return []Plan{
		{ID: Free, Name: "Free", Summary: "A simple site with a small Pagecart footer.", Currency: "EUR",
			Pages: 5, Products: 0, StorageMB: 100, Selectable: true},
		{ID: Starter, Name: "Starter", Summary: "Your own domain, no branding, a small shop.", PriceMonthly: 900, Currency: "EUR",
			Pages: 50, Products: 100, StorageMB: 1024, CustomDomain: true, RemoveBranding: true, Selectable: true},
		{ID: Business, Name: "Business", Summary: "A full shop with the API for your other software.", PriceMonthly: 2900, Currency: "EUR",
			Pages: Unlimited, Products: 5000, StorageMB: 10240, CustomDomain: true, RemoveBranding: true,
			API: true, APIRatePerMin: 2000, APIQuotaDay: 50000, APIQuotaMonth: 1000000, Selectable: true},
		{ID: Premium, Name: "Premium", Summary: "Everything, with four times the API capacity.", PriceMonthly: 7900, Currency: "EUR",
			Pages: Unlimited, Products: Unlimited, StorageMB: 51200, CustomDomain: true, RemoveBranding: true,
			API: true, APIRatePerMin: 4000, APIQuotaDay: 200000, APIQuotaMonth: 4000000, CustomCode: true, Selectable: true},
	}
}

// All returns every plan a site can be on, cheapest first.
func All() []Plan { return all() }

// Get returns the plan with the given ID. Trial resolves to Business
// entitlements under the name "Free trial".
func Get(id ID) (Plan, bool) {
	want := id
	if id == Trial {
		want = Business
	}
	for _, p := range all() {
		if p.ID == want {
			if id == Trial {
				p.ID, p.Name, p.Summary, p.PriceMonthly, p.Selectable = Trial, "Free trial", "Business features for 15 days.", 0, false
			}
			return p, true
		}
	}
	return Plan{}, false
}

// MustGet is Get for IDs that come from the database, where an unknown
// value means the plan was removed from code: Free is the safe answer.
func MustGet(id ID) Plan {
	if p, ok := Get(id); ok {
		return p
	}
	p, _ := Get(Free)
	return p
}

// Allows reports whether n items fit under limit.
func Allows(limit, n int) bool { return limit == Unlimited || n <= limit }
