package storefront

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/design"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/themes"
)

// Preview says how to draw a page for the owner's eyes only: in another
// design, with draft design settings. A preview is never cached.
type Preview struct {
	Theme         string          // "" keeps the site's design
	Settings      design.Settings // the settings to show
	StylesheetURL string          // where the settings' stylesheet is served for the preview
	Notice        string          // a banner saying this is a preview
}

type previewKey struct{}

func previewOf(ctx context.Context) *Preview {
	p, _ := ctx.Value(previewKey{}).(*Preview)
	return p
}

// RenderPreview writes the site's page at slug ("" the home page) drawn as p
// says. The admin calls it behind its own login; the answer may be framed by
// the admin (same origin) and is never stored by a cache.
func (s *Storefront) RenderPreview(w http.ResponseWriter, r *http.Request, site sites.Site, slug string, p Preview) error {
	if p.Theme != "" {
		if _, ok := s.d.Themes.Get(p.Theme); !ok {
			return fmt.Errorf("design %q: %w", p.Theme, fault.ErrNotFound)
		}
		site.Theme = p.Theme
	}
	r = r.WithContext(context.WithValue(r.Context(), previewKey{}, &p))
	body, status, err := s.render(r, site, slug)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"), "frame-ancestors 'none'", "frame-ancestors 'self'", 1))
	h.Set("X-Robots-Tag", "noindex")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return nil
}

// designView fills what the site's design settings add to a page, and its
// menus; current is the address of the page drawn.
func (s *Storefront) designView(ctx context.Context, v *themes.PageView, site sites.Site, all []pages.Page, blog, shop bool, current string) error {
	set, err := s.d.Design.Published(ctx, site.ID)
	if err != nil {
		return err
	}
	cssURL := "/assets/site/design-" + set.Hash() + ".css"
	if p := previewOf(ctx); p != nil {
		set, cssURL = p.Settings, p.StylesheetURL
		v.Notice = p.Notice
		// The owner previews the look; the cookie bar would only cover it.
		v.Consent = nil
	}
	if !set.IsZero() {
		v.Design.StylesheetURL = cssURL
	}
	v.Design.FooterText = set.FooterText
	if set.LogoID != 0 {
		if m, err := s.d.Media.Get(ctx, site.ID, set.LogoID); err == nil {
			v.Design.Logo = &themes.LogoView{Src: m.URL(), Width: m.Width, Height: m.Height, Alone: set.LogoMode != design.LogoBeside}
		}
	}
	if set.FaviconID != 0 {
		if m, err := s.d.Media.Get(ctx, site.ID, set.FaviconID); err == nil {
			v.Design.FaviconURL, v.Design.FaviconType = m.URL(), m.ContentType
		}
	}

	defaults := menus.Defaults(all, blog, shop)
	lookup := s.menuLookup(ctx, site.ID, all)
	for _, name := range menus.Names {
		items, edited, err := s.d.Menus.Items(ctx, site.ID, name)
		if err != nil {
			return err
		}
		if !edited {
			items = defaults
		}
		links := toView(menus.Resolve(items, lookup, current))
		if links == nil {
			links = []themes.MenuLink{} // an emptied menu stays empty: no fall back to Nav
		}
		if name == menus.Header {
			v.Menu = links
		} else {
			v.FooterMenu = links
		}
	}
	// Designs that still draw .Nav show the header menu's top level.
	v.Nav = v.Nav[:0]
	for _, l := range v.Menu {
		v.Nav = append(v.Nav, themes.NavItem{Title: l.Label, URL: l.URL, Current: l.Current})
	}
	return nil
}

func toView(links []menus.Link) []themes.MenuLink {
	var out []themes.MenuLink
	for _, l := range links {
		out = append(out, themes.MenuLink{Label: l.Label, URL: l.URL, Current: l.Current, Children: toView(l.Children)})
	}
	return out
}

// menuLookup finds the address of what a menu item links to: a page from
// the list already read, a category or an active product by a query (the
// page is cached afterwards) and a visible blog post.
func (s *Storefront) menuLookup(ctx context.Context, siteID int64, all []pages.Page) menus.Lookup {
	var cats map[int64]string
	return func(kind menus.Kind, id int64) (string, bool) {
		switch kind {
		case menus.KindPage:
			for _, p := range all {
				if p.ID == id {
					return "/" + p.Slug, true
				}
			}
		case menus.KindCategory:
			if cats == nil {
				cats = map[int64]string{}
				tree, err := s.d.Catalog.CategoryTree(ctx, siteID)
				if err == nil {
					for _, c := range tree {
						cats[c.ID] = "/categories/" + c.Slug
					}
				}
			}
			u, ok := cats[id]
			return u, ok
		case menus.KindProduct:
			p, err := s.d.Catalog.Product(ctx, siteID, id)
			if err == nil && p.Status == catalog.StatusActive {
				return "/products/" + p.Slug, true
			}
		case menus.KindPost:
			p, err := s.d.Blog.Get(ctx, siteID, id)
			if err == nil && p.Visible(time.Now()) {
				return p.URL(), true
			}
		}
		return "", false
	}
}

// designStylesheet serves the site's published design settings as CSS at an
// address naming their hash, so browsers keep it for a year; any other
// hash (another site's, or settings since changed) is not found.
func (s *Storefront) designStylesheet(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	set, err := s.d.Design.Published(r.Context(), site.ID)
	if err != nil {
		return err
	}
	if set.IsZero() || r.PathValue("file") != "design-"+set.Hash()+".css" {
		http.NotFound(w, r)
		return nil
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(set.CSS())
	return nil
}
