package sites

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Domain is a host name of a site other than its subdomain. Only verified
// domains serve the site; the custom domains issue adds verification.
type Domain struct {
	ID        int64
	SiteID    int64
	Host      string
	IsPrimary bool
	Verified  bool
}

// ByDomain returns the site a verified custom domain belongs to, and the
// domain, or ErrNotFound.
func (s *Store) ByDomain(ctx context.Context, host string) (Site, Domain, error) {
	var d Domain
	var verified sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT site_id, id, host, is_primary, verified_at FROM domains WHERE host = ?`,
		strings.ToLower(host)).Scan(&d.SiteID, &d.ID, &d.Host, &d.IsPrimary, &verified)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !verified.Valid) {
		return Site{}, Domain{}, ErrNotFound
	}
	if err != nil {
		return Site{}, Domain{}, fmt.Errorf("domain %q: %w", host, err)
	}
	d.Verified = true
	site, err := s.ByID(ctx, d.SiteID)
	return site, d, err
}

// PrimaryDomain returns the verified primary custom domain of a site, or ""
// when the site's subdomain is its primary address.
func (s *Store) PrimaryDomain(ctx context.Context, siteID int64) (string, error) {
	var host string
	err := s.db.QueryRow(ctx, `SELECT host FROM domains WHERE site_id = ? AND is_primary AND verified_at IS NOT NULL`,
		siteID).Scan(&host)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("primary domain of site %d: %w", siteID, err)
	}
	return host, nil
}
