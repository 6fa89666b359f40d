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
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sites"
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
}

// New builds the storefront.
func New(d Deps) (*Storefront, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	return &Storefront{d: d, cache: newPageCache(20_000), searches: newPageCache(2_000)}, nil
}

func (s *Storefront) assets() http.Handler {
	files := http.FileServer(http.FS(s.d.Themes.Assets()))
	return http.StripPrefix("/assets/theme/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Design files change only with a new binary; an hour is a safe
		// cache without fingerprinted names.
		w.Header().Set("Cache-Control", "public, max-age=3600")
		if strings.HasSuffix(r.URL.Path, ".woff2") {
			// Not in Go's own table of types.
			w.Header().Set("Content-Type", "font/woff2")
		}
		files.ServeHTTP(w, r)
	}))
}

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
		chosen: chosen(r, site)}
	if body, ok := c.get(k); ok {
		writeBody(w, http.StatusOK, contentTypeOf(k.slug), body)
		return nil
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
	if res.status == http.StatusOK && len(key) <= maxKey && !res.noCache {
		c.put(k, res.body)
	}
	writeBody(w, res.status, contentTypeOf(key), res.body)
	return nil
}

// contentTypeOf tells the type of a cached body by its key: the two files
// for robots are text, everything else is a page.
func contentTypeOf(key string) string {
	switch {
	case strings.HasPrefix(key, "/sitemap.xml"):
		return "application/xml; charset=utf-8"
	case key == "/robots.txt":
		return "text/plain; charset=utf-8"
	}
	return "text/html; charset=utf-8"
}

// notFound is the design's own 404 page for any other path.
func (s *Storefront) notFound(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
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
	v, err := s.view(ctx, site, all, slug)
	if err != nil {
		return nil, 0, err
	}
	body, hasForm, err := s.placeForms(ctx, site.ID, page.Body, "/"+page.Slug)
	if err != nil {
		return nil, 0, err
	}
	v.Page = themes.PageContent{Slug: page.Slug, Title: page.Title, Body: body, IsHome: page.Slug == ""}
	v.FormStyles = hasForm
	var buf bytes.Buffer
	if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
		return nil, 0, fmt.Errorf("render %q of site %d: %w", slug, site.ID, err)
	}
	return buf.Bytes(), http.StatusOK, nil
}

func (s *Storefront) renderNotFound(r *http.Request, site sites.Site, all []pages.Page) ([]byte, int, error) {
	if all == nil {
		var err error
		if all, err = s.d.Pages.List(r.Context(), site.ID, site.Entitlements()); err != nil {
			return nil, 0, err
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
	for _, p := range all {
		if p.InNav {
			url := "/" + p.Slug
			v.Nav = append(v.Nav, themes.NavItem{Title: p.Title, URL: url, Current: p.Slug == current})
		}
	}
	if len(shop.Products) > 0 {
		v.Nav = append(v.Nav, themes.NavItem{Title: "Shop", URL: "/products", Current: current == "/products"})
		v.Shop = &themes.ShopView{}
	}
	here := current
	if !strings.HasPrefix(here, "/") && here != "\x00" {
		here = "/" + here
	}
	if err := s.designView(ctx, &v, site, all, len(shop.Products) > 0, here); err != nil {
		return themes.PageView{}, err
	}
	return v, nil
}

// pageCache keeps rendered pages by site, content version, design, plan and
// slug: any edit moves the version on, so a stale page is never served.
type pageCache struct {
	mu    sync.RWMutex
	max   int
	pages map[cacheKey][]byte
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
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, pages: map[cacheKey][]byte{}}
}

func (c *pageCache) get(k cacheKey) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.pages[k]
	return b, ok
}

func (c *pageCache) put(k cacheKey, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= c.max {
		// Old versions are never asked for again; starting over is simpler
		// than tracking recency and costs one render per live page.
		clear(c.pages)
	}
	c.pages[k] = b
}
