package domains

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
)

// ErrNoCertificate refuses a certificate for a host the platform does not
// serve; the TLS handshake for it fails.
var ErrNoCertificate = errors.New("no certificate for this host")

// AllowCertificate decides whether a TLS certificate may be obtained for
// host (asked during a handshake for a host without one): the platform's
// base domain, the own address NAME.<base domain> of an existing site, and
// a verified domain of a site whose plan includes own domains. Anything
// else is refused, so that nobody can make the platform request
// certificates (and spend its rate limit at the CA) for names that merely
// point at it.
func (s *Store) AllowCertificate(ctx context.Context, host string) error {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == s.opt.BaseDomain {
		return nil
	}
	if name, ok := strings.CutSuffix(host, "."+s.opt.BaseDomain); ok {
		if strings.Contains(name, ".") {
			return fmt.Errorf("%s: %w", host, ErrNoCertificate)
		}
		if _, err := s.sites.ByName(ctx, name); err != nil {
			if errors.Is(err, fault.ErrNotFound) {
				return fmt.Errorf("%s: no such site: %w", host, ErrNoCertificate)
			}
			return err
		}
		return nil
	}
	site, _, err := s.sites.ByDomain(ctx, host)
	if errors.Is(err, fault.ErrNotFound) {
		return fmt.Errorf("%s: not a verified domain: %w", host, ErrNoCertificate)
	}
	if err != nil {
		return err
	}
	if !site.Entitlements().CustomDomain {
		return fmt.Errorf("%s: the site's plan has no own domains: %w", host, ErrNoCertificate)
	}
	return nil
}
