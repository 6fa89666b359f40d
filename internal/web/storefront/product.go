package storefront

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// The <img> sizes of the shop's pictures, matching the designs' grids.
const (
	productSizes = "(min-width: 52rem) 36rem, 100vw"
	cardSizes    = "(min-width: 64rem) 17rem, (min-width: 40rem) 33vw, 50vw"
)

// optionFields are the names of the variant form's selects, one per option
// (a product has at most catalog.MaxOptions).
var optionFields = [catalog.MaxOptions]string{"o1", "o2", "o3"}

// product serves /products/{slug}, for the variant chosen by ?variant=ID or
// by the form's option values (?o1=M&o2=Red).
func (s *Storefront) product(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	q := r.URL.Query()
	key := "/products/" + slug + "?" + canonicalQuery(q, "variant", "o1", "o2", "o3")
	return s.cached(w, r, s.cache, key, func(site sites.Site) (response, error) {
		return s.renderProduct(r, site, slug, q)
	})
}

// canonicalQuery keeps the parameters a page reads, in a fixed order, so
// that one page has one cache key whatever else the address carries.
func canonicalQuery(q url.Values, names ...string) string {
	kept := url.Values{}
	for _, n := range names {
		if v := q.Get(n); v != "" {
			kept.Set(n, v)
		}
	}
	return kept.Encode()
}

func (s *Storefront) renderProduct(r *http.Request, site sites.Site, slug string, q url.Values) (response, error) {
	ctx := r.Context()
	p, err := s.d.Catalog.ActiveProductBySlug(ctx, site.ID, slug)
	if errors.Is(err, catalog.ErrProductNotFound) {
		to, rerr := s.d.Catalog.ProductRedirect(ctx, site.ID, slug)
		if rerr == nil {
			loc := "/products/" + to
			if r.URL.RawQuery != "" {
				loc += "?" + r.URL.RawQuery
			}
			return response{location: loc}, nil
		}
		if !errors.Is(rerr, catalog.ErrProductNotFound) {
			return response{}, rerr
		}
		return s.notFoundResponse(r, site)
	}
	if err != nil || len(p.Variants) == 0 {
		return response{}, err
	}
	v, err := s.view(ctx, site, nil, "/products")
	if err != nil {
		return response{}, err
	}
	m := newMoney(site.Language)
	pv := s.productView(p, q, m)
	if pv.Crumbs, err = s.productCrumbs(ctx, site.ID, p); err != nil {
		return response{}, err
	}
	var imageURLs []string
	siteURL := s.d.Config.SiteURL(site.Name)
	for i, mediaID := range pictureIDs(p, pv.VariantID) {
		img, err := s.d.Media.Get(ctx, site.ID, mediaID)
		if errors.Is(err, media.ErrNotFound) {
			continue
		} else if err != nil {
			return response{}, err
		}
		for _, im := range p.Images {
			if im.MediaID == mediaID && im.Alt != "" {
				img.Alt = im.Alt
			}
		}
		if img.Alt == "" {
			img.Alt = p.Title
		}
		pv.Pictures = append(pv.Pictures, themes.Picture{Img: img.Img(productSizes, i == 0)})
		imageURLs = append(imageURLs, siteURL+img.URL())
	}
	description := p.SEODescription
	if description == "" {
		description = plainText(string(p.Description), 300)
	}
	pv.JSONLD = jsonLD(p, siteURL, description, imageURLs)
	v.Product = &pv
	base, err := s.baseURL(ctx, site)
	if err != nil {
		return response{}, err
	}
	v.SEO = themes.SEOView{Canonical: base + "/products/" + p.Slug, Description: description, Type: "product"}
	if len(imageURLs) > 0 {
		v.SEO.Image = imageURLs[0]
	}
	v.Page.Title = p.Title
	if p.SEOTitle != "" {
		v.Page.Title = p.SEOTitle
	}
	return s.renderShop(site, v)
}

// productView draws p for the variant the query chooses: ?variant=ID, or
// the option values of the form, or else the first one that can be sold.
func (s *Storefront) productView(p catalog.Product, q url.Values, m money) themes.ProductView {
	pv := themes.ProductView{Title: p.Title, Description: p.Description, Action: "/products/" + p.Slug,
		VariantsJSON: variantsJSON(p, m)}
	chosen := -1
	if id, err := strconv.ParseInt(q.Get("variant"), 10, 64); err == nil {
		for i, v := range p.Variants {
			if v.ID == id {
				chosen = i
			}
		}
	}
	wanted := make([]string, len(p.Options))
	asked := false
	for i := range p.Options {
		wanted[i] = q.Get(optionFields[i])
		asked = asked || wanted[i] != ""
	}
	if chosen < 0 && asked {
		for i, v := range p.Variants {
			if equalFold(v.OptionValues, wanted) {
				chosen = i
			}
		}
		pv.Unavailable = chosen < 0
	}
	if chosen < 0 && !asked {
		chosen = 0
		for i, v := range p.Variants {
			if v.Available() {
				chosen = i
				break
			}
		}
	}
	v := p.Variants[max(chosen, 0)]
	if chosen >= 0 {
		wanted = v.OptionValues
	}
	st := stockOf(v)
	pv.VariantID, pv.SKU = v.ID, v.SKU
	pv.Price = m.format(v.Price, p.Currency)
	if v.CompareAtPrice > v.Price {
		pv.CompareAt = m.format(v.CompareAtPrice, p.Currency)
	}
	pv.Available, pv.Availability = st.available && !pv.Unavailable, st.words
	if pv.Unavailable {
		pv.SKU = ""
	}
	for i, o := range p.Options {
		oc := themes.OptionChoice{Name: o.Name, Field: optionFields[i]}
		for _, val := range o.Values {
			oc.Values = append(oc.Values, themes.OptionValue{Value: val, Selected: i < len(wanted) && strings.EqualFold(val, wanted[i])})
		}
		pv.Options = append(pv.Options, oc)
	}
	return pv
}

func equalFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// pictureIDs are the product's images in order, the chosen variant's own
// picture first.
func pictureIDs(p catalog.Product, variantID int64) []int64 {
	var ids []int64
	for _, v := range p.Variants {
		if v.ID == variantID && v.ImageMediaID != 0 {
			ids = append(ids, v.ImageMediaID)
		}
	}
	for _, im := range p.Images {
		if len(ids) == 0 || im.MediaID != ids[0] {
			ids = append(ids, im.MediaID)
		}
	}
	return ids
}

// productCrumbs leads from the home page through the product's first
// category and its parents to the product.
func (s *Storefront) productCrumbs(ctx context.Context, siteID int64, p catalog.Product) ([]themes.Crumb, error) {
	crumbs := []themes.Crumb{{Title: "Home", URL: "/"}}
	if len(p.Categories) == 0 {
		crumbs = append(crumbs, themes.Crumb{Title: "Shop", URL: "/products"})
	} else {
		tree, err := s.d.Catalog.CategoryTree(ctx, siteID)
		if err != nil {
			return nil, err
		}
		crumbs = append(crumbs, categoryChain(tree, p.Categories[0].ID, true)...)
	}
	return append(crumbs, themes.Crumb{Title: p.Title}), nil
}

// categoryChain is the path of links from the top of the tree down to the
// category id, the category itself linked when linkLast.
func categoryChain(tree []catalog.CategoryNode, id int64, linkLast bool) []themes.Crumb {
	byID := make(map[int64]catalog.Category, len(tree))
	for _, n := range tree {
		byID[n.ID] = n.Category
	}
	var chain []themes.Crumb
	for c, ok := byID[id]; ok && len(chain) <= len(tree); c, ok = byID[c.ParentID] {
		crumb := themes.Crumb{Title: c.Title, URL: "/categories/" + c.Slug}
		if c.ID == id && !linkLast {
			crumb.URL = ""
		}
		chain = append([]themes.Crumb{crumb}, chain...)
	}
	return chain
}

// plainText strips tags from sanitised HTML for a meta description, cut to
// at most n runes.
func plainText(html string, n int) string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	words := strings.Fields(b.String())
	out := strings.Join(words, " ")
	if rs := []rune(out); len(rs) > n {
		out = string(rs[:n-1]) + "…"
	}
	return out
}

// renderShop draws a shop page in the site's design.
func (s *Storefront) renderShop(site sites.Site, v themes.PageView) (response, error) {
	var buf bytes.Buffer
	if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
		return response{}, fmt.Errorf("render shop page of site %d: %w", site.ID, err)
	}
	return response{body: buf.Bytes(), status: http.StatusOK}, nil
}

// notFoundResponse is the design's 404 page, never cached.
func (s *Storefront) notFoundResponse(r *http.Request, site sites.Site) (response, error) {
	body, status, err := s.renderNotFound(r, site, nil)
	return response{body: body, status: status}, err
}
