// Package storefront serves a site's public pages in the site's design.
package storefront

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/themes"
)

// Storefront renders sites' pages.
type Storefront struct {
	d     Deps
	cache *pageCache
}

// New builds the storefront.
func New(d Deps) (*Storefront, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	return &Storefront{d: d, cache: newPageCache(20_000)}, nil
}

func (s *Storefront) assets() http.Handler {
	files := http.FileServer(http.FS(s.d.Themes.Assets()))
	return http.StripPrefix("/assets/theme/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Design files change only with a new binary; an hour is a safe
		// cache without fingerprinted names.
		w.Header().Set("Cache-Control", "public, max-age=3600")
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
	site, _ := request.Site(r.Context())
	slug := r.PathValue("slug")
	key := cacheKey{site: site.ID, version: site.ContentVersion, theme: site.Theme, plan: string(site.Plan), slug: slug}
	if body, ok := s.cache.get(key); ok {
		writeHTML(w, http.StatusOK, body)
		return nil
	}
	body, status, err := s.render(r, site, slug)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		s.cache.put(key, body)
	}
	writeHTML(w, status, body)
	return nil
}

// notFound is the design's own 404 page for any other path.
func (s *Storefront) notFound(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	body, _, err := s.renderNotFound(r, site, nil)
	if err != nil {
		return err
	}
	writeHTML(w, http.StatusNotFound, body)
	return nil
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
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
	v := s.view(site, all, slug)
	v.Page = themes.PageContent{Slug: page.Slug, Title: page.Title, Body: page.Body, IsHome: page.Slug == ""}
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
	var buf bytes.Buffer
	if err := s.d.Themes.RenderNotFound(&buf, site.Theme, s.view(site, all, "\x00")); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), http.StatusNotFound, nil
}

// view fills what every page of the site shares: names, navigation, footer.
func (s *Storefront) view(site sites.Site, all []pages.Page, current string) themes.PageView {
	v := themes.PageView{
		Site:        themes.SiteView{Name: site.Name, Title: site.Title, Language: site.Language, PublicEmail: site.PublicEmail},
		AssetBase:   "/assets/theme/" + site.Theme + "/",
		Branding:    !site.Entitlements().RemoveBranding,
		PlatformURL: s.d.Config.PlatformURL(),
		Year:        time.Now().Year(),
	}
	for _, p := range all {
		if p.InNav {
			url := "/" + p.Slug
			v.Nav = append(v.Nav, themes.NavItem{Title: p.Title, URL: url, Current: p.Slug == current})
		}
	}
	return v
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
	slug    string
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
