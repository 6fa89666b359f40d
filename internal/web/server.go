// Package web is Pagecart's HTTP front: it resolves the Host to the
// platform or a site, runs the middleware every request gets, and hands the
// request to the area that serves it (platform, operator console, a site's
// admin or storefront).
package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pagecart/pagecart/internal/invalidation"
	"github.com/pagecart/pagecart/internal/web/admin"
	"github.com/pagecart/pagecart/internal/web/deps"
	"github.com/pagecart/pagecart/internal/web/operator"
	"github.com/pagecart/pagecart/internal/web/platform"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/storefront"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// Server is the whole HTTP handler.
type Server struct {
	d        *deps.Deps
	hosts    *resolver
	platform http.Handler
	site     http.Handler
	pages    *ui.Renderer
	handler  http.Handler

	// bus carries invalidations between nodes; nil on a single node.
	bus       *invalidation.Redis
	listening atomic.Bool

	maintMu      sync.Mutex
	maintRetry   int
	maintExpires time.Time
}

// NewServer builds the handler from the platform's services.
func NewServer(d *deps.Deps) (*Server, error) {
	s := &Server{d: d, hosts: newResolver(d.Config.BaseDomain, d.Sites)}
	d.Invalidate = func(siteID int64) { s.Invalidate(context.Background(), siteID) }
	d.InvalidatePlatform = func() { s.Invalidate(context.Background(), invalidation.Platform) }

	var err error
	s.pages, err = ui.New(nil, nil, d.Logger, func(r *http.Request, p *ui.Page) {
		p.HomeURL, p.PlatformURL, p.Area = d.Config.PlatformURL(), d.Config.PlatformURL(), "platform"
	})
	if err != nil {
		return nil, err
	}

	platformMux := http.NewServeMux()
	platformMux.Handle("GET /_ui/", ui.Static())
	p, err := platform.New(d)
	if err != nil {
		return nil, err
	}
	p.Routes(platformMux)
	op, err := operator.New(d)
	if err != nil {
		return nil, err
	}
	op.Routes(platformMux)
	s.platform = platformMux

	siteMux := http.NewServeMux()
	siteMux.Handle("GET /_ui/", ui.Static())
	a, err := admin.New(d)
	if err != nil {
		return nil, err
	}
	a.Routes(siteMux)
	sf, err := storefront.New(d)
	if err != nil {
		return nil, err
	}
	sf.Routes(siteMux)
	s.site = siteMux

	// Forms may post to the platform and to any site host (signup lands in
	// the new site's admin), and nowhere else.
	scheme := d.Config.PublicScheme
	port := ""
	if d.Config.PublicPort != "" {
		port = ":" + d.Config.PublicPort
	}
	formTargets := scheme + "://" + d.Config.BaseDomain + port + " " + scheme + "://*." + d.Config.BaseDomain + port

	var h http.Handler = http.HandlerFunc(s.route)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.pages.ErrorPage(w, r, ui.ErrorData(http.StatusForbidden, "Sent from another website",
			"This form was sent from another website, so we did not act on it. Open the page here and send it again."))
	}))
	h = cop.Handler(h)
	h = withDeadline(d.Config.RequestLimit, h)
	h = withLoadShedding(d.Config.MaxInFlight, h)
	h = withBodyLimit(2<<20, h)
	h = withSecurityHeaders(formTargets, h)
	h = withAccessLog(d.Logger, h)
	h = withRecovery(d.Logger, h)
	h = withRequestID(h)
	s.handler = h
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// route resolves the host, applies redirects and maintenance, and hands
// the request to the platform or the site.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	t, found, err := s.hosts.resolve(r.Context(), r.Host)
	if err != nil {
		s.pages.Error(w, r, err)
		return
	}
	if !found {
		s.unknownHost(w, r)
		return
	}
	if t.redirect != "" {
		redirectHost(w, r, t.redirect, s.d.Config)
		return
	}
	if retry := s.platformMaintenance(r.Context()); retry > 0 && !strings.HasPrefix(r.URL.Path, "/operator") && !strings.HasPrefix(r.URL.Path, "/_ui/") {
		maintenanceResponse(w, r, retry, s.maintenancePage)
		return
	}
	if t.platform {
		s.platform.ServeHTTP(w, r)
		return
	}
	if t.site.MaintenanceRetry > 0 && !strings.HasPrefix(r.URL.Path, "/_ui/") {
		maintenanceResponse(w, r, t.site.MaintenanceRetry, s.maintenancePage)
		return
	}
	// A suspended site is offline for visitors; its admin stays open so the
	// owner can read why and keep their content.
	if t.site.Suspended() && !strings.HasPrefix(r.URL.Path, "/_ui/") && !strings.HasPrefix(r.URL.Path, "/admin") {
		w.Header().Set("Retry-After", "3600")
		s.pages.ErrorPage(w, r, ui.ErrorData(http.StatusServiceUnavailable, "This site is unavailable",
			"The site has been suspended. If it is yours, contact Pagecart support."))
		return
	}
	s.site.ServeHTTP(w, r.WithContext(request.WithSite(r.Context(), t.site)))
}

func (s *Server) unknownHost(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"There is no site at this address.","code":"SITE_NOT_FOUND","requestId":"` + request.ID(r.Context()) + `"}` + "\n"))
		return
	}
	s.pages.ErrorPage(w, r, ui.ErrorData(http.StatusNotFound, "No site here",
		"There is no Pagecart site at this address. Check the spelling, or create the site yourself."))
}

func (s *Server) maintenancePage(w http.ResponseWriter, r *http.Request) {
	s.pages.ErrorPage(w, r, ui.ErrorData(http.StatusServiceUnavailable, "Back soon",
		"We are doing some maintenance. Please come back in a few minutes."))
}

// platformMaintenance reads the platform switch at most once a second.
func (s *Server) platformMaintenance(ctx context.Context) int {
	s.maintMu.Lock()
	defer s.maintMu.Unlock()
	if time.Now().Before(s.maintExpires) {
		return s.maintRetry
	}
	retry, err := s.d.Operators.Maintenance(ctx)
	if err != nil {
		s.d.Logger.Warn("read platform maintenance", "err", err)
	}
	s.maintRetry, s.maintExpires = retry, time.Now().Add(time.Second)
	return retry
}

// InvalidatePlatform drops the cached platform maintenance switch.
func (s *Server) InvalidatePlatform() {
	s.maintMu.Lock()
	s.maintExpires = time.Time{}
	s.maintMu.Unlock()
}

// Invalidate drops what this node cached of a site (or, for
// invalidation.Platform, of the platform's switches) and tells the other
// nodes to do the same when they share a Redis.
func (s *Server) Invalidate(ctx context.Context, siteID int64) {
	s.forget(siteID)
	if s.bus != nil {
		s.bus.Publish(ctx, siteID)
	}
}

// Listening reports whether this node hears other nodes' changes.
func (s *Server) Listening() bool { return s.listening.Load() }

// forget drops this node's cache of a site or of the platform's switches.
func (s *Server) forget(siteID int64) {
	if siteID == invalidation.Platform {
		s.InvalidatePlatform()
		return
	}
	s.hosts.invalidate(siteID)
}
