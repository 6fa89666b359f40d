package signup

import (
	"context"
	"errors"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
)

// DemoName is the site created on a fresh platform so there is something
// to look at.
const DemoName = "demo"

// DemoEmail is the demo owner's login.
const DemoEmail = "owner@demo.example"

// Demo describes the demo site after Seed.
type Demo struct {
	Created  bool   // false when it existed already
	Email    string // the owner's login
	Password string // set only when Created: printed once at start
	SiteID   int64
}

// SeedDemo creates the demo site with the default design on Business, an
// owner with a random password, and a small shop (twelve products with
// variants and pictures in three categories), unless it exists already.
func (s *Service) SeedDemo(ctx context.Context) (Demo, error) {
	site, err := s.Sites.ByName(ctx, DemoName)
	if err == nil {
		// A demo made before it was a shop, or whose shop was cut short,
		// gets its products now; one that has any is left alone.
		if err := s.seedDemoShop(ctx, site.ID, site.Currency); err != nil {
			return Demo{}, err
		}
		if err := s.seedDemoSelling(ctx, site.ID, site.Currency, false); err != nil {
			return Demo{}, err
		}
		return Demo{Email: DemoEmail, SiteID: site.ID}, nil
	}
	if !errors.Is(err, fault.ErrNotFound) {
		return Demo{}, err
	}
	// A readable random password: shown once on the console, stored hashed.
	password := "demo-" + randomWords()
	res, err := s.Create(ctx, NewSite{Name: DemoName, Email: DemoEmail, Password: password, Plan: plans.Business, NoSamples: true})
	if err != nil {
		return Demo{}, err
	}
	if err := s.seedDemoShop(ctx, res.Site.ID, res.Site.Currency); err != nil {
		return Demo{}, err
	}
	if err := s.seedDemoSelling(ctx, res.Site.ID, res.Site.Currency, true); err != nil {
		return Demo{}, err
	}
	return Demo{Created: true, Email: DemoEmail, Password: password, SiteID: res.Site.ID}, nil
}
