package storefront

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sites"
)

// maxSitemapURLs is the most one sitemap file may list (sitemaps.org).
// A site with more products lists its pages, categories and newest
// products up to it.
const maxSitemapURLs = 50_000

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// sitemap serves /sitemap.xml: the site's pages, categories and products
// on sale, at absolute addresses of the site's own host.
func (s *Storefront) sitemap(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, s.cache, "/sitemap.xml", func(site sites.Site) (response, error) {
		ctx := r.Context()
		base := s.d.Config.SiteURL(site.Name)
		set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
		all, err := s.d.Pages.List(ctx, site.ID, site.Entitlements())
		if err != nil {
			return response{}, err
		}
		for _, p := range all {
			set.URLs = append(set.URLs, sitemapURL{Loc: base + "/" + p.Slug, LastMod: lastmod(p.UpdatedAt)})
		}
		tree, err := s.d.Catalog.CategoryTree(ctx, site.ID)
		if err != nil {
			return response{}, err
		}
		for _, c := range tree {
			set.URLs = append(set.URLs, sitemapURL{Loc: base + "/categories/" + c.Slug, LastMod: lastmod(c.UpdatedAt)})
		}
		q := catalog.ListQuery{Status: catalog.StatusActive, Limit: 200}
		for len(set.URLs) < maxSitemapURLs {
			page, err := s.d.Catalog.ListProducts(ctx, site.ID, q)
			if err != nil {
				return response{}, err
			}
			if q.Cursor == "" && len(page.Products) > 0 {
				set.URLs = append(set.URLs, sitemapURL{Loc: base + "/products"})
			}
			for _, p := range page.Products {
				if len(set.URLs) < maxSitemapURLs {
					set.URLs = append(set.URLs, sitemapURL{Loc: base + "/products/" + p.Slug, LastMod: lastmod(p.UpdatedAt)})
				}
			}
			if page.Next == "" {
				break
			}
			q.Cursor = page.Next
		}
		var buf bytes.Buffer
		buf.WriteString(xml.Header)
		enc := xml.NewEncoder(&buf)
		enc.Indent("", " ")
		if err := enc.Encode(set); err != nil {
			return response{}, fmt.Errorf("sitemap of site %d: %w", site.ID, err)
		}
		return response{body: buf.Bytes(), status: http.StatusOK}, nil
	})
}

// robots serves /robots.txt: everything may be read but the admin, the API
// and search results (endless and thin), and the sitemap is named.
func (s *Storefront) robots(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, s.cache, "/robots.txt", func(site sites.Site) (response, error) {
		body := "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api\nDisallow: /search?\n\nSitemap: " +
			s.d.Config.SiteURL(site.Name) + "/sitemap.xml\n"
		return response{body: []byte(body), status: http.StatusOK}, nil
	})
}
