package storefront

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sites"
)

// maxSitemapURLs is the most one sitemap file may list (sitemaps.org).
// A site with more addresses gets a sitemap index at /sitemap.xml that
// names its parts, /sitemap.xml?part=1, 2, …, each within the limit.
const maxSitemapURLs = 50_000

// maxSitemapParts bounds the work of one sitemap: past a million products
// the newest are listed and the rest are not.
const maxSitemapParts = 20

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// sitemap serves /sitemap.xml: the site's pages, categories and products
// on sale, at absolute addresses of the site's own host; for a site with
// more than one file can hold, an index of its parts.
func (s *Storefront) sitemap(w http.ResponseWriter, r *http.Request) error {
	part := 0
	if p := r.URL.Query().Get("part"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxSitemapParts || strconv.Itoa(n) != p {
			return s.notFound(w, r)
		}
		part = n
	}
	key := "/sitemap.xml"
	if part > 0 {
		key += "?part=" + strconv.Itoa(part)
	}
	return s.cached(w, r, s.cache, key, func(site sites.Site) (response, error) {
		urls, err := s.sitemapURLs(r.Context(), site)
		if err != nil {
			return response{}, err
		}
		base, err := s.baseURL(r.Context(), site)
		if err != nil {
			return response{}, err
		}
		doc, ok := sitemapDoc(urls, part, maxSitemapURLs, base)
		if !ok {
			return s.notFoundResponse(r, site)
		}
		var buf bytes.Buffer
		buf.WriteString(xml.Header)
		enc := xml.NewEncoder(&buf)
		enc.Indent("", " ")
		if err := enc.Encode(doc); err != nil {
			return response{}, fmt.Errorf("sitemap of site %d: %w", site.ID, err)
		}
		return response{body: buf.Bytes(), status: http.StatusOK}, nil
	})
}

// sitemapDoc is the document at /sitemap.xml (part 0) or at one of its
// parts, for a site whose addresses are urls, perFile to a file: the
// whole list when it fits one file, else an index of the parts; ok is
// false for a part that does not exist.
func sitemapDoc(urls []sitemapURL, part, perFile int, base string) (doc any, ok bool) {
	parts := (len(urls) + perFile - 1) / perFile
	switch {
	case part == 0 && parts <= 1:
		return urlset{NS: sitemapNS, URLs: urls}, true
	case part == 0:
		index := sitemapIndex{NS: sitemapNS}
		for i := 1; i <= parts; i++ {
			index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: fmt.Sprintf("%s/sitemap.xml?part=%d", base, i)})
		}
		return index, true
	case part <= parts && parts > 1:
		return urlset{NS: sitemapNS, URLs: urls[(part-1)*perFile : min(part*perFile, len(urls))]}, true
	}
	return nil, false
}

// sitemapURLs lists every address of the site a search engine should
// know, up to maxSitemapParts files' worth: pages, categories, the
// product list and the products on sale, newest first.
func (s *Storefront) sitemapURLs(ctx context.Context, site sites.Site) ([]sitemapURL, error) {
	base, err := s.baseURL(ctx, site)
	if err != nil {
		return nil, err
	}
	limit := maxSitemapParts * maxSitemapURLs
	var urls []sitemapURL
	all, err := s.d.Pages.List(ctx, site.ID, site.Entitlements())
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.NotFound {
			continue // answered with a 404 where it stands in; not a page of its own
		}
		urls = append(urls, sitemapURL{Loc: base + "/" + p.Slug, LastMod: lastmod(p.UpdatedAt)})
	}
	posts, err := s.blogURLs(ctx, site, base, limit)
	if err != nil {
		return nil, err
	}
	urls = append(urls, posts...)
	tree, err := s.d.Catalog.CategoryTree(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range tree {
		urls = append(urls, sitemapURL{Loc: base + "/categories/" + c.Slug, LastMod: lastmod(c.UpdatedAt)})
	}
	q := catalog.ListQuery{Status: catalog.StatusActive, Limit: 200}
	for len(urls) < limit {
		page, err := s.d.Catalog.ListProducts(ctx, site.ID, q)
		if err != nil {
			return nil, err
		}
		if q.Cursor == "" && len(page.Products) > 0 {
			urls = append(urls, sitemapURL{Loc: base + "/products"})
		}
		for _, p := range page.Products {
			if len(urls) < limit {
				urls = append(urls, sitemapURL{Loc: base + "/products/" + p.Slug, LastMod: lastmod(p.UpdatedAt)})
			}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	return urls, nil
}

// robots serves /robots.txt: everything may be read but the admin, the API
// and search results (endless and thin), and the sitemap is named.
func (s *Storefront) robots(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, s.cache, "/robots.txt", func(site sites.Site) (response, error) {
		base, err := s.baseURL(r.Context(), site)
		if err != nil {
			return response{}, err
		}
		body := "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api\nDisallow: /search?\n\nSitemap: " +
			base + "/sitemap.xml\n"
		return response{body: []byte(body), status: http.StatusOK}, nil
	})
}
