// Package web is Pagecart's HTTP front: it resolves the Host to the
// platform or a site, runs the middleware every request gets, and hands the
// request to the area that serves it (platform, operator console, a site's
// admin or storefront). It builds nothing but HTTP: the services it serves
// come ready from the composition root (internal/app).
package web

import (
	"context"
	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/designrequests"
	"github.com/pagecart/pagecart/internal/redirects"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/design"
	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/idempotency"
	"github.com/pagecart/pagecart/internal/invalidation"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/ordermail"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/taxes"
	"github.com/pagecart/pagecart/internal/web/admin"
	"github.com/pagecart/pagecart/internal/web/api"
	"github.com/pagecart/pagecart/internal/web/compress"
	"github.com/pagecart/pagecart/internal/web/operator"
	"github.com/pagecart/pagecart/internal/web/platform"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/storefront"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/internal/webhooks"
	"github.com/pagecart/pagecart/themes"
)

// Services are what the composition root built and the web serves; each
// area gets its own small part of them.
type Services struct {
	Config    config.Config
	Logger    *slog.Logger
	Themes    *themes.Set
	Help      *help.Centre
	Accounts  *accounts.Store
	Sites     *sites.Store
	Domains   *domains.Store
	Pages     *pages.Store
	Media     *media.Store
	Catalog   *catalog.Store
	Mail      *mail.Store
	Captcha   *captcha.Store
	Operators *operators.Store
	Support   *support.Store
	Signup    *signup.Service
	Webhooks  *webhooks.Store
	// The API's tokens, rate limits and remembered mutation answers.
	APITokens   *apitokens.Store
	Limiter     ratelimit.Limiter
	Idempotency *idempotency.Store

	// The shop's selling side (cart, checkout, orders, customers and the
	// shipping, payment and tax settings).
	Orders    *orders.Store
	Carts     *cart.Store
	Checkout  *checkout.Service
	Customers *customers.Store
	Payments  *payments.Store
	Shipping  *shipping.Store
	Taxes     *taxes.Store

	// Orders once placed, as the owner handles them: the owner's
	// operations, invoices and the wording of order e-mails.
	OrderAdmin *orders.Admin
	Invoices   *invoices.Store
	OrderMail  *ordermail.Store
	Consent    *consent.Store
	Forms      *forms.Store
	// CustomCSS is Premium sites' own stylesheets.
	CustomCSS *customcss.Store
	// Redirects of old addresses, and owners' requests for a design of
	// their own.
	Redirects      *redirects.Store
	DesignRequests *designrequests.Store
	// Blog is the sites' blog posts.
	Blog *blog.Store
	// The site's menus and design settings.
	Menus  *menus.Store
	Design *design.Store
}

// Server is the whole HTTP handler.
type Server struct {
	cfg       config.Config
	logger    *slog.Logger
	operators *operators.Store
	hosts     *resolver
	errors    *ui.Errors
	platform  http.Handler
	site      http.Handler
	handler   http.Handler

	maintMu      sync.Mutex
	maintRetry   int
	maintExpires time.Time
}

// NewServer builds the handler from the platform's services.
func NewServer(sv Services) (*Server, error) {
	s := &Server{cfg: sv.Config, logger: sv.Logger, operators: sv.Operators, hosts: newResolver(sv.Config.BaseDomain, sv.Sites)}
	look, err := ui.New(nil, nil, sv.Logger, func(r *http.Request, p *ui.Page) {
		p.HomeURL, p.PlatformURL, p.Area = sv.Config.PlatformURL(), sv.Config.PlatformURL(), "platform"
	}, nil)
	if err != nil {
		return nil, err
	}
	s.errors = ui.NewErrors(sv.Logger, look, sv.Themes, sv.Config.PlatformURL())
	sessions := session.New(sv.Accounts, sv.Config.SecureCookies())

	platformMux := http.NewServeMux()
	platformMux.Handle("GET /_ui/", ui.Static(s.errors))
	p, err := platform.New(platform.Deps{Config: sv.Config, Logger: sv.Logger, Errors: s.errors, Sessions: sessions,
		Accounts: sv.Accounts, Sites: sv.Sites, Themes: sv.Themes, Help: sv.Help, Captcha: sv.Captcha,
		Signup: sv.Signup, Support: sv.Support, Consent: sv.Consent})
	if err != nil {
		return nil, err
	}
	p.Routes(platformMux)
	op, err := operator.New(operator.Deps{Config: sv.Config, Logger: sv.Logger, Errors: s.errors, Sessions: sessions,
		Operators: sv.Operators, Accounts: sv.Accounts, Sites: sv.Sites, Domains: sv.Domains, Mail: sv.Mail, Support: sv.Support, Help: sv.Help,
		APITokens: sv.APITokens, Consent: sv.Consent, DesignRequests: sv.DesignRequests})
	if err != nil {
		return nil, err
	}
	op.Routes(platformMux)
	s.platform = platformMux

	siteMux := http.NewServeMux()
	siteMux.Handle("GET /_ui/", ui.Static(s.errors))
	// The storefront first: the admin previews posts with its rendering.
	sf, err := storefront.New(storefront.Deps{Config: sv.Config, Logger: sv.Logger, Errors: s.errors,
		Pages: sv.Pages, Media: sv.Media, Catalog: sv.Catalog, Themes: sv.Themes,
		Orders: sv.Orders, Carts: sv.Carts, Checkout: sv.Checkout, Customers: sv.Customers, Payments: sv.Payments,
		Sites: sv.Sites, Consent: sv.Consent, Forms: sv.Forms, Captcha: sv.Captcha, Blog: sv.Blog,
		CustomCSS: sv.CustomCSS, Redirects: sv.Redirects, Menus: sv.Menus, Design: sv.Design})
	if err != nil {
		return nil, err
	}
	sf.Routes(siteMux)
	a, err := admin.New(admin.Deps{Config: sv.Config, Logger: sv.Logger, Errors: s.errors, Sessions: sessions,
		Accounts: sv.Accounts, Sites: sv.Sites, Domains: sv.Domains, Pages: sv.Pages, Media: sv.Media, Catalog: sv.Catalog, Themes: sv.Themes,
		Webhooks: sv.Webhooks, Consent: sv.Consent, Forms: sv.Forms, APITokens: sv.APITokens,
		Orders: sv.Orders, Shipping: sv.Shipping, Payments: sv.Payments, Taxes: sv.Taxes,
		OrderAdmin: sv.OrderAdmin, Customers: sv.Customers, Invoices: sv.Invoices, OrderMail: sv.OrderMail,
		Checkout: sv.Checkout, CustomCSS: sv.CustomCSS, Redirects: sv.Redirects, DesignRequests: sv.DesignRequests,
		Blog: sv.Blog, PostPreview: sf.RenderPost,
		Menus: sv.Menus, Design: sv.Design, Preview: sf.RenderPreview})
	if err != nil {
		return nil, err
	}
	a.Routes(siteMux)
	a.UsePreview(sf.Preview) // the page editor's preview draws like the storefront
	ap, err := api.New(api.Deps{Config: sv.Config, Logger: sv.Logger, Errors: s.errors, Tokens: sv.APITokens,
		Limiter: sv.Limiter, Idempotency: sv.Idempotency, Catalog: sv.Catalog, Pages: sv.Pages,
		Orders: sv.Orders, OrderAdmin: sv.OrderAdmin, Checkout: sv.Checkout, Payments: sv.Payments, Invoices: sv.Invoices,
		Customers: sv.Customers, Webhooks: sv.Webhooks, Blog: sv.Blog, Media: sv.Media, Menus: sv.Menus})
	if err != nil {
		return nil, err
	}
	ap.Routes(siteMux)
	s.site = siteMux

	// Forms may post to the platform and to any site host (signup lands in
	// the new site's admin), and nowhere else.
	c := sv.Config
	port := ""
	if c.PublicPort != "" {
		port = ":" + c.PublicPort
	}
	formTargets := c.PublicScheme + "://" + c.BaseDomain + port + " " + c.PublicScheme + "://*." + c.BaseDomain + port

	var h http.Handler = http.HandlerFunc(s.route)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errors.Show(w, r, ui.ErrorData(http.StatusForbidden, "Sent from another website",
			"This form was sent from another website, so we did not act on it. Open the page here and send it again."), nil)
	}))
	h = cop.Handler(h)
	h = withDeadline(c.RequestLimit, h)
	h = withLoadShedding(c.MaxInFlight, s.errors, h)
	h = withBodyLimit(2<<20, maxUpload, admin.UploadPaths(), s.errors, h)
	h = withSecurityHeaders(formTargets, c.SecureCookies(), h)
	h = compress.Handler(h)
	h = withAccessLog(sv.Logger, h)
	h = withRecovery(sv.Logger, s.errors, h)
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
		s.errors.Write(w, r, err, nil)
		return
	}
	if !found {
		s.errors.Show(w, r, ui.ErrorInfo{Status: http.StatusNotFound, Code: "SITE_NOT_FOUND", Heading: "No site here",
			Message: "There is no Pagecart site at this address. Check the spelling, or create the site yourself."}, nil)
		return
	}
	// The admin lives on the site's own NAME.<base domain> host, whatever
	// the primary domain: that host always answers (and, under HTTPS, has
	// its certificate), so an owner whose domain's DNS broke can still log
	// in and fix it, and the login cookie, which belongs to one host, is
	// always on that one. The platform's links into the admin (signup, My
	// sites, e-mails) point there too. A custom domain's /admin sends the
	// owner over.
	admin := !t.platform && isAdminPath(r.URL.Path)
	switch {
	case t.subdomain && (admin || isAsset(r)):
		// Served here: the admin and the assets its pages load.
	case admin:
		redirectHost(w, r, s.cfg.SiteHost(t.site.Name), s.cfg)
		return
	case t.redirect != "":
		redirectHost(w, r, t.redirect, s.cfg)
		return
	}
	if !t.platform {
		r = r.WithContext(request.WithSite(r.Context(), t.site))
	}
	if retry := s.platformMaintenance(r.Context()); retry > 0 && !strings.HasPrefix(r.URL.Path, "/operator") && !strings.HasPrefix(r.URL.Path, "/_ui/") {
		s.errors.Show(w, r, maintenance(retry), nil)
		return
	}
	if t.platform {
		s.platform.ServeHTTP(w, r)
		return
	}
	if t.site.MaintenanceRetry > 0 && !isAsset(r) {
		s.errors.Show(w, r, maintenance(t.site.MaintenanceRetry), nil)
		return
	}
	// A suspended site is offline for visitors; its admin stays open so the
	// owner can read why and keep their content.
	if t.site.Suspended() && !isAsset(r) && !strings.HasPrefix(r.URL.Path, "/admin") {
		s.errors.Show(w, r, ui.ErrorInfo{Status: http.StatusServiceUnavailable, RetryAfter: 3600, Heading: "This site is unavailable",
			Message: "The site has been suspended. If it is yours, contact Pagecart support."}, nil)
		return
	}
	s.site.ServeHTTP(w, r)
}

// isAdminPath reports whether path is the site administration's.
func isAdminPath(path string) bool { return path == "/admin" || strings.HasPrefix(path, "/admin/") }

// isAsset reports whether the request is for a stylesheet, script or
// picture, which every page, including the error pages, needs.
func isAsset(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/_ui/") || strings.HasPrefix(r.URL.Path, "/assets/")
}

// maintenance is the answer during maintenance: a page with 503, and 501
// with the API's body (API.md), both with Retry-After.
func maintenance(retry int) ui.ErrorInfo {
	return ui.ErrorInfo{Status: http.StatusServiceUnavailable, APIStatus: http.StatusNotImplemented, Code: "MAINTENANCE",
		RetryAfter: retry, Heading: "Back soon", Message: "We are doing some maintenance. Please come back in a few minutes."}
}

// platformMaintenance reads the platform switch at most once a second.
func (s *Server) platformMaintenance(ctx context.Context) int {
	s.maintMu.Lock()
	defer s.maintMu.Unlock()
	if time.Now().Before(s.maintExpires) {
		return s.maintRetry
	}
	retry, err := s.operators.Maintenance(ctx)
	if err != nil {
		s.logger.Warn("read platform maintenance", "err", err)
	}
	s.maintRetry, s.maintExpires = retry, time.Now().Add(time.Second)
	return retry
}

// Forget drops what this node cached of a site, or for
// sqldb.PlatformChange of the platform's switches. The composition root
// subscribes it to the invalidation bus; nothing else calls it.
func (s *Server) Forget(siteID int64) {
	if siteID == invalidation.Platform {
		s.maintMu.Lock()
		s.maintExpires = time.Time{}
		s.maintMu.Unlock()
		return
	}
	s.hosts.invalidate(siteID)
}
