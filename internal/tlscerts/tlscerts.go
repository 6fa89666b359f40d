// Package tlscerts serves the platform over HTTPS with certificates that
// an ACME certificate authority (Let's Encrypt in production) issues on
// demand: the first TLS handshake for a host without a certificate asks a
// decision function (internal/domains: the base domain, a site's own
// address, a verified domain) and only then obtains one. It also answers
// the CA's HTTP challenges on the plain-HTTP port and sends every other
// plain-HTTP request to HTTPS.
package tlscerts

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/caddyserver/certmagic"
	"go.uber.org/zap"
)

// Options configure a Manager.
type Options struct {
	// Storage holds the certificates, keys and ACME account. Several nodes
	// must share it: every node has to find the certificate another node
	// obtained (or each would ask the CA again and soon hit its rate
	// limits), and certmagic takes a lock in the storage so that one node
	// obtains a certificate while the others wait for it. The binary uses
	// DBStorage, the platform's own database; nil uses files under
	// DataDir/certificates, for one node.
	Storage certmagic.Storage
	DataDir string
	// CA is the ACME directory URL; Email the account's contact address.
	CA    string
	Email string
	// TrustedRoots, when set, are the roots trusted for the CA's own HTTPS
	// (a local test CA such as pebble); nil trusts the system's.
	TrustedRoots *x509.CertPool
	// Allow decides whether host may have a certificate.
	Allow func(ctx context.Context, host string) error
	// HTTPSPort is the public HTTPS port in redirects; "" or "443" for none.
	HTTPSPort string
	Logger    *slog.Logger
}

// Manager holds the certificates.
type Manager struct {
	cfg    *certmagic.Config
	issuer *certmagic.ACMEIssuer
	opt    Options
}

// New returns a Manager; certificates already in storage are loaded on
// the first handshake for their host.
func New(opt Options) (*Manager, error) {
	if opt.Allow == nil || opt.Storage == nil && opt.DataDir == "" || opt.CA == "" {
		return nil, errors.New("tlscerts: Allow, Storage or DataDir, and CA are required")
	}
	if opt.Storage == nil {
		opt.Storage = &certmagic.FileStorage{Path: filepath.Join(opt.DataDir, "certificates")}
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	m := &Manager{opt: opt}
	cache := certmagic.NewCache(certmagic.CacheOptions{
		GetConfigForCert: func(certmagic.Certificate) (*certmagic.Config, error) { return m.cfg, nil },
		Logger:           zap.NewNop(),
	})
	m.cfg = certmagic.New(cache, certmagic.Config{
		Storage: opt.Storage,
		OnDemand: &certmagic.OnDemandConfig{DecisionFunc: func(ctx context.Context, name string) error {
			err := opt.Allow(ctx, name)
			if err != nil {
				opt.Logger.Info("certificate refused", "host", name, "err", err)
			}
			return err
		}},
		Logger: zap.NewNop(),
	})
	m.issuer = certmagic.NewACMEIssuer(m.cfg, certmagic.ACMEIssuer{
		CA: opt.CA, TestCA: opt.CA, Email: opt.Email, Agreed: true, TrustedRoots: opt.TrustedRoots,
		CertObtainTimeout: 2 * time.Minute, Logger: zap.NewNop(),
	})
	m.cfg.Issuers = []certmagic.Issuer{m.issuer}
	return m, nil
}

// TLSConfig is the configuration of the HTTPS listener: certificates on
// demand, and the ALPN protocols of the CA's TLS-ALPN challenge and HTTP/2.
func (m *Manager) TLSConfig() *tls.Config {
	c := m.cfg.TLSConfig()
	c.NextProtos = append([]string{"h2", "http/1.1"}, c.NextProtos...)
	c.MinVersion = tls.VersionTLS12
	return c
}

// HTTPHandler serves the plain-HTTP port: the CA's HTTP-01 challenges, and
// a redirect to HTTPS for everything else (301 for GET and HEAD, 308
// otherwise), keeping host, path and query.
func (m *Manager) HTTPHandler() http.Handler {
	return m.issuer.HTTPChallengeHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if m.opt.HTTPSPort != "" && m.opt.HTTPSPort != "443" {
			host = net.JoinHostPort(host, m.opt.HTTPSPort)
		}
		code := http.StatusMovedPermanently
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			code = http.StatusPermanentRedirect
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), code)
	}))
}
