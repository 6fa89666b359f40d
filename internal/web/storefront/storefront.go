// Package storefront serves a site's public pages in the site's design.
package storefront

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/assets"
	"github.com/pagecart/pagecart/internal/web/compress"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/themes"
)

// Storefront renders sites' pages.
type Storefront struct {
	d     Deps
	cache *pageCache
	// searches keeps search result pages apart, so that visitors typing
	// many different words cannot push the site's pages out of the cache.
	searches *pageCache
	// files are the designs' stylesheets, scripts and pictures.
	files *assets.Files
}

// New builds the storefront.
func New(d Deps) (*Storefront, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	s := &Storefront{d: d, cache: newPageCache(20_000), searches: newPageCache(2_000)}
	files, err := assets.New(d.Themes.Assets(), "/assets/theme/", d.Themes.AssetVersion(),
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { d.Errors.Write(w, r, fault.ErrNotFound, nil) }))
	if err != nil {
		return nil, fmt.Errorf("design files: %w", err)
	}
	s.files = files
	return s, nil
}

// assets serves the designs' files: for a year under the content-hashed
// addresses pages link to, for an hour under the plain ones.
func (s *Storefront) assets() http.Handler { return s.files }

// handle adapts a storefront handler: its errors leave through the one
// error writer, which draws them in the site's design.
func (s *Storefront) handle(h request.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.d.Errors.Write(w, r, err, nil)
		}
	})
}

// page serves "/" and "/{slug}" from the page cache, rendering on a miss.
func (s *Storefront) page(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	return s.cached(w, r, s.cache, slug, func(site sites.Site) (response, error) {
		body, status, err := s.render(r, site, slug)
		if err == nil && status == http.StatusNotFound {
			// An old address: checked only when no page answered, so a
			// hit costs nothing.
			if res, ok, err := s.redirectResponse(r, site); ok || err != nil {
				return res, err
			}
		}
		// A page with a contact form carries a captcha of its own.
		return response{body: body, status: status, noCache: bytes.Contains(body, []byte(`class="contact-form"`))}, err
	})
}

// response is a rendered answer: a page with its status, or a redirect.
type response struct {
	body        []byte
	status      int
	location    string // a 301 to this address when set
	contentType string // "" for HTML
	noCache     bool   // rendered for this request only (a form's captcha)
}

// maxKey bounds the addresses that are cached: a longer one (a search of
// many words) is rendered every time rather than fill the cache.
const maxKey = 300

// cached serves the page at key (a page's slug, or the path and the
// canonical query of a shop page) from c, rendering it on a miss. Only a
// 200 is kept: a 404 or a redirect is worked out again each time.
func (s *Storefront) cached(w http.ResponseWriter, r *http.Request, c *pageCache, key string, render func(sites.Site) (response, error)) error {
	site, _ := request.Site(r.Context())
	k := cacheKey{site: site.ID, version: site.ContentVersion, theme: site.Theme, plan: string(site.Plan), slug: key,
		chosen: chosen(r, site), host: r.Host}
	now := time.Now()
	if p, ok := c.get(k, now); ok {
		writeCached(w, r, http.StatusOK, contentTypeOf(k.slug), p)
		return nil
	}
	// A scheduled post goes live without an edit, so without a new content
	// version: whatever is rendered now is kept only until then. Asked
	// before rendering, so a post going live meanwhile is not missed.
	until, err := s.d.Blog.NextScheduled(r.Context(), site.ID)
	if err != nil {
		return err
	}
	res, err := render(site)
	if err != nil {
		return err
	}
	if res.location != "" {
		w.Header().Set("Cache-Control", "no-cache")
		http.Redirect(w, r, res.location, http.StatusMovedPermanently)
		return nil
	}
	if k.chosen {
		res.body = hideBar(res.body)
	}
	p := compress.NewVariants(res.body, contentTypeOf(key))
	if res.status == http.StatusOK && len(key) <= maxKey && !res.noCache {
		c.put(k, p, until)
	}
	writeCached(w, r, res.status, contentTypeOf(key), p)
	return nil
}

// writeCached sends a page of the cache in the coding the client accepts.
// The compressed forms are kept with the page, made the first time a
// client asks for each, so a cache hit costs no compression.
func writeCached(w http.ResponseWriter, r *http.Request, status int, contentType string, p *compress.Variants) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-cache")
	p.Write(w, r, status)
}

// contentTypeOf tells the type of a cached body by its key: the two files
// for robots are text, everything else is a page.
func contentTypeOf(key string) string {
	switch {
	case strings.HasPrefix(key, "/sitemap.xml"):
		return "application/xml; charset=utf-8"
	case key == "/robots.txt":
		return "text/plain; charset=utf-8"
	case key == "/blog/feed.rss":
		return "application/rss+xml; charset=utf-8"
	case key == "/blog/feed.atom":
		return "application/atom+xml; charset=utf-8"
	}
	return "text/html; charset=utf-8"
}

// notFound is the design's own 404 page for any other path.
func (s *Storefront) notFound(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	if ok, err := s.redirected(w, r, site); ok || err != nil {
		return err
	}
	body, _, err := s.renderNotFound(r, site, nil)
	if err != nil {
		return err
	}
	if chosen(r, site) {
		body = hideBar(body)
	}
	writeHTML(w, http.StatusNotFound, body)
	return nil
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	writeBody(w, status, "text/html; charset=utf-8", body)
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// render builds a page, or the design's 404 page when the slug is unknown.
func (s *Storefront) render(r *http.Request, site sites.Site, slug string) ([]byte, int, error) {
	ctx := r.Context()
	all, err := s.d.Pages.List(ctx, site.ID, site.Entitlements())
	if err != nil {
		return nil, 0, err
	}
	var page *pages.Page
	for i := range all {
		if all[i].Slug == slug {
			page = &all[i]
		}
	}
	if page == nil {
		return s.renderNotFound(r, site, all)
	}
	return s.renderPage(r, site, all, *page, http.StatusOK)
}

// renderPage draws a page of the site with its SEO; status 404 is the
// owner's page-not-found page, which search engines are told to skip.
func (s *Storefront) renderPage(r *http.Request, site sites.Site, all []pages.Page, page pages.Page, status int) ([]byte, int, error) {
	ctx := r.Context()
	slug := page.Slug
	current := slug
	if status != http.StatusOK {
		current = "\x00"
	}
	v, err := s.view(ctx, site, all, current)
	if err != nil {
		return nil, 0, err
	}
	// The published sections (package pages keeps the draft apart).
	secs, err := sections.Decode(page.Sections)
	if err != nil {
		return nil, 0, fmt.Errorf("sections of page %d: %w", page.ID, err)
	}
	if v.Page, v.FormStyles, err = s.pageContent(ctx, site, page, secs); err != nil {
		return nil, 0, err
	}
	v.Page.IsHome = v.Page.IsHome && status == http.StatusOK
	// Without the "[form …]" lines of old text, which draw forms.
	text, image := sectionsSummary(splitFormPlaceholders(secs))
	if v.SEO, err = s.pageSEO(ctx, site, page, text, image); err != nil {
		return nil, 0, err
	}
	for _, sec := range secs {
		// The page with the contact details describes the business.
		if sec.Type == "contact" {
			base, err := s.baseURL(ctx, site)
			if err != nil {
				return nil, 0, err
			}
			v.SEO.JSONLD = localBusiness(site, base, sec)
			break
		}
	}
	if status != http.StatusOK {
		v.SEO = themes.SEOView{NoIndex: true, Description: v.SEO.Description}
	}
	var buf bytes.Buffer
	if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
		return nil, 0, fmt.Errorf("render %q of site %d: %w", slug, site.ID, err)
	}
	return buf.Bytes(), status, nil
}

// renderNotFound draws the answer to an unknown address: the owner's
// page-not-found page when one is chosen, else the design's own.
func (s *Storefront) renderNotFound(r *http.Request, site sites.Site, all []pages.Page) ([]byte, int, error) {
	if all == nil {
		var err error
		if all, err = s.d.Pages.List(r.Context(), site.ID, site.Entitlements()); err != nil {
			return nil, 0, err
		}
	}
	for _, p := range all {
		if p.NotFound && p.Slug != "" {
			return s.renderPage(r, site, all, p, http.StatusNotFound)
		}
	}
	v, err := s.view(r.Context(), site, all, "\x00")
	if err != nil {
		return nil, 0, err
	}
	var buf bytes.Buffer
	if err := s.d.Themes.RenderNotFound(&buf, site.Theme, v); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), http.StatusNotFound, nil
}

// view fills what every page of the site shares: names, navigation, footer,
// and, when the site has products on sale, a "Shop" link and a search box.
// It asks the catalog once a render: rendered pages are cached until the
// content changes, so visitors do not pay for the question.
func (s *Storefront) view(ctx context.Context, site sites.Site, all []pages.Page, current string) (themes.PageView, error) {
	if all == nil {
		var err error
		if all, err = s.d.Pages.List(ctx, site.ID, site.Entitlements()); err != nil {
			return themes.PageView{}, err
		}
	}
	shop, err := s.d.Catalog.ListProducts(ctx, site.ID, catalog.ListQuery{Status: catalog.StatusActive, Limit: 1})
	if err != nil {
		return themes.PageView{}, err
	}
	set, err := s.d.Consent.Settings(ctx, site.ID)
	if err != nil {
		return themes.PageView{}, err
	}
	v := themes.PageView{
		Site:        themes.SiteView{Name: site.Name, Title: site.Title, Language: site.Language, PublicEmail: site.PublicEmail},
		AssetBase:   "/assets/theme/" + site.Theme + "/",
		Branding:    !site.Entitlements().RemoveBranding,
		PlatformURL: s.d.Config.PlatformURL(),
		Year:        time.Now().Year(),
		Consent:     s.consentView(ctx, site, set),
	}
	if site.Entitlements().CustomCode {
		css, err := s.d.CustomCSS.CSS(ctx, site.ID)
		if err != nil {
			return themes.PageView{}, err
		}
		if css != "" {
			v.CustomCSS = customCSSPath + "?v=" + customcss.Version(css)
		}
	}
	for _, p := range all {
		if p.InNav {
			url := "/" + p.Slug
			v.Nav = append(v.Nav, themes.NavItem{Title: p.Title, URL: url, Current: p.Slug == current})
		}
	}
	// Like the shop, the blog is linked once it has something to read.
	blog, err := s.hasPosts(ctx, site.ID)
	if err != nil {
		return themes.PageView{}, err
	}
	if blog {
		v.Nav = append(v.Nav, themes.NavItem{Title: "Blog", URL: "/blog", Current: current == "/blog"})
	}
	if len(shop.Products) > 0 {
		v.Nav = append(v.Nav, themes.NavItem{Title: "Shop", URL: "/products", Current: current == "/products"})
		v.Shop = &themes.ShopView{}
	}
	here := current
	if !strings.HasPrefix(here, "/") && here != "\x00" {
		here = "/" + here
	}
	if err := s.designView(ctx, &v, site, all, blog, len(shop.Products) > 0, here); err != nil {
		return themes.PageView{}, err
	}
	return v, nil
}

// pageCache keeps rendered pages by site, content version, design, plan and
// slug: any edit moves the version on, so a stale page is never served.
type pageCache struct {
	mu    sync.RWMutex
	max   int
	pages map[cacheKey]cachedPage
}

// cachedPage is a rendered page, in every encoding it is sent in, and when
// it expires (zero: when the content version moves on).
type cachedPage struct {
	body  *compress.Variants
	until time.Time
}

type cacheKey struct {
	site    int64
	version int64
	theme   string
	plan    string
	slug    string // a page's slug, or "/path?canonical-query" of a shop page
	// chosen: the page for visitors who answered the consent bar, which
	// starts hidden; the two variants are otherwise the same.
	chosen bool
	// host the page was asked on: a new primary domain changes canonical
	// links without changing content, and is asked for on its new host.
	// Only hosts that resolve to the site reach here, so this is bounded.
	host string
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, pages: map[cacheKey]cachedPage{}}
}

// get returns the page kept at k, unless it expired by now.
func (c *pageCache) get(k cacheKey, now time.Time) (*compress.Variants, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.pages[k]
	if ok && !p.until.IsZero() && !now.Before(p.until) {
		return nil, false
	}
	return p.body, ok
}

// put keeps b at k until the content version moves on or, when until is
// set, until then.
func (c *pageCache) put(k cacheKey, b *compress.Variants, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= c.max {
		// Old versions are never asked for again; starting over is simpler
		// than tracking recency and costs one render per live page.
		clear(c.pages)
	}
	c.pages[k] = cachedPage{body: b, until: until}
}
