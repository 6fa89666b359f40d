package web

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sites"
)

// hostTTL bounds how stale a node's view of a site may be when another
// node changed it; changes made on this node invalidate at once.
const hostTTL = 3 * time.Second

// target is what a Host header resolves to.
type target struct {
	platform bool
	site     sites.Site
	// subdomain is set for the site's own NAME.<base domain> host, where
	// the admin lives (see route).
	subdomain bool
	// redirect is the primary host when this host is another name of the site.
	redirect string
}

type hostEntry struct {
	t       target
	found   bool
	expires time.Time
}

// resolver maps Host headers to sites with a small in-memory cache, so that
// a storefront request costs no query for the site itself.
type resolver struct {
	base  string
	sites *sites.Store

	mu    sync.Mutex
	cache map[string]hostEntry
}

func newResolver(base string, st *sites.Store) *resolver {
	return &resolver{base: base, sites: st, cache: map[string]hostEntry{}}
}

// normalizeHost strips the port and a trailing dot and lowercases.
func normalizeHost(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

// resolve returns the target of host; found is false for unknown hosts.
func (rv *resolver) resolve(ctx context.Context, rawHost string) (target, bool, error) {
	host := normalizeHost(rawHost)
	if host == rv.base {
		return target{platform: true}, true, nil
	}
	now := time.Now()
	rv.mu.Lock()
	e, ok := rv.cache[host]
	rv.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.t, e.found, nil
	}
	t, found, err := rv.lookup(ctx, host)
	if err != nil {
		return target{}, false, err
	}
	rv.mu.Lock()
	if len(rv.cache) > 100_000 {
		// A crude bound against hosts made up by scanners; real sites
		// come back on the next request.
		clear(rv.cache)
	}
	rv.cache[host] = hostEntry{t: t, found: found, expires: now.Add(hostTTL)}
	rv.mu.Unlock()
	return t, found, nil
}

// lookup finds the site behind a host. A site's own NAME.<base domain>
// and its verified domains all reach it; once the owner chose a primary
// domain, every other host of the site redirects there. Without a primary,
// each verified domain serves the site itself. A plan without own domains
// (Free, after a trial) keeps only the site's own address: its domains
// stop routing and nothing redirects to them, until the plan allows them
// again.
func (rv *resolver) lookup(ctx context.Context, host string) (target, bool, error) {
	if name, ok := strings.CutSuffix(host, "."+rv.base); ok && !strings.Contains(name, ".") {
		site, err := rv.sites.ByName(ctx, name)
		if errors.Is(err, fault.ErrNotFound) {
			return target{}, false, nil
		}
		if err != nil {
			return target{}, false, err
		}
		t := target{site: site, subdomain: true}
		if site.Entitlements().CustomDomain {
			if t.redirect, err = rv.sites.PrimaryDomain(ctx, site.ID); err != nil {
				return target{}, false, err
			}
		}
		return t, true, nil
	}
	site, d, err := rv.sites.ByDomain(ctx, host)
	if err == nil && !site.Entitlements().CustomDomain {
		err = fault.ErrNotFound
	}
	if errors.Is(err, fault.ErrNotFound) {
		return target{}, false, nil
	}
	if err != nil {
		return target{}, false, err
	}
	t := target{site: site}
	if !d.IsPrimary {
		if t.redirect, err = rv.sites.PrimaryDomain(ctx, site.ID); err != nil {
			return target{}, false, err
		}
	}
	return t, true, nil
}

// invalidate forgets every cached host of a site, and every host cached as
// unknown: a new site or domain may be behind one of them now.
func (rv *resolver) invalidate(siteID int64) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	for h, e := range rv.cache {
		if !e.found || e.t.site.ID == siteID {
			delete(rv.cache, h)
		}
	}
}
