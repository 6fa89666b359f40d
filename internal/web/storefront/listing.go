package storefront

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// gridSize is the number of products a grid shows before "More products".
const gridSize = 24

// maxSearch bounds the search words, in runes.
const maxSearch = 200

// The ways a grid can be sorted; a category also has its owner's order.
var sorts = []themes.SortChoice{
	{Value: string(catalog.SortNewest), Label: "Newest"},
	{Value: string(catalog.SortPriceLow), Label: "Price, low to high"},
	{Value: string(catalog.SortPriceHigh), Label: "Price, high to low"},
	{Value: string(catalog.SortTitle), Label: "Name"},
}

// featured is the category's own order, chosen by the owner.
const featured = "featured"

// sortChoices lists the sorts with the current one marked; first, when
// set, is the default that comes before the others.
func sortChoices(current string, first *themes.SortChoice) []themes.SortChoice {
	var out []themes.SortChoice
	if first != nil {
		out = append(out, *first)
	}
	out = append(out, sorts...)
	found := false
	for i := range out {
		out[i].Current = out[i].Value == current
		found = found || out[i].Current
	}
	if !found {
		out[0].Current = true
	}
	return out
}

// sortParam reads ?sort=, "" for an unknown or missing one (the default).
func sortParam(q url.Values, allowed ...string) string {
	v := q.Get("sort")
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	for _, s := range sorts {
		if v == s.Value {
			return v
		}
	}
	return ""
}

// moreURL is the address of the next page of a grid.
func moreURL(path string, q url.Values, next string) string {
	if next == "" {
		return ""
	}
	u := url.Values{}
	for _, k := range []string{"q", "sort"} {
		if v := q.Get(k); v != "" {
			u.Set(k, v)
		}
	}
	u.Set("after", next)
	return path + "?" + u.Encode()
}

// products serves /products: every product on sale.
func (s *Storefront) products(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	q.Set("sort", sortParam(q))
	key := "/products?" + canonicalQuery(q, "sort", "after")
	return s.cached(w, r, s.cache, key, func(site sites.Site) (response, error) {
		page, err := s.d.Catalog.ListProducts(r.Context(), site.ID, catalog.ListQuery{Status: catalog.StatusActive,
			Sort: catalog.Sort(q.Get("sort")), Cursor: q.Get("after"), Limit: gridSize})
		if err != nil {
			return response{}, err
		}
		lv := themes.ListingView{Kind: "products", Heading: "Shop", Action: "/products",
			Crumbs: []themes.Crumb{{Title: "Home", URL: "/"}, {Title: "Shop"}},
			Sorts:  sortChoices(q.Get("sort"), nil), MoreURL: moreURL("/products", q, page.Next)}
		return s.renderListing(r.Context(), site, lv, page, "/products")
	})
}

// category serves /categories/{slug}: its subcategories and its products,
// in the owner's order unless the shopper sorts them.
func (s *Storefront) category(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	q := r.URL.Query()
	q.Set("sort", sortParam(q, featured))
	key := "/categories/" + slug + "?" + canonicalQuery(q, "sort", "after")
	return s.cached(w, r, s.cache, key, func(site sites.Site) (response, error) {
		ctx := r.Context()
		c, err := s.d.Catalog.CategoryBySlug(ctx, site.ID, slug)
		if errors.Is(err, catalog.ErrCategoryNotFound) {
			to, rerr := s.d.Catalog.CategoryRedirect(ctx, site.ID, slug)
			if rerr == nil {
				loc := "/categories/" + to
				if r.URL.RawQuery != "" {
					loc += "?" + r.URL.RawQuery
				}
				return response{location: loc}, nil
			}
			if !errors.Is(rerr, catalog.ErrCategoryNotFound) {
				return response{}, rerr
			}
			return s.notFoundResponse(r, site)
		}
		if err != nil {
			return response{}, err
		}
		var page catalog.ProductPage
		sort := q.Get("sort")
		if sort == "" || sort == featured {
			page, err = s.d.Catalog.CategoryProducts(ctx, site.ID, c.ID, q.Get("after"), gridSize)
		} else {
			page, err = s.d.Catalog.ListProducts(ctx, site.ID, catalog.ListQuery{Status: catalog.StatusActive,
				CategoryID: c.ID, Sort: catalog.Sort(sort), Cursor: q.Get("after"), Limit: gridSize})
		}
		if err != nil {
			return response{}, err
		}
		tree, err := s.d.Catalog.CategoryTree(ctx, site.ID)
		if err != nil {
			return response{}, err
		}
		path := "/categories/" + c.Slug
		lv := themes.ListingView{Kind: "category", Heading: c.Title, Intro: c.Description, Action: path,
			Crumbs:  append([]themes.Crumb{{Title: "Home", URL: "/"}}, categoryChain(tree, c.ID, false)...),
			Sorts:   sortChoices(sort, &themes.SortChoice{Value: featured, Label: "Featured"}),
			MoreURL: moreURL(path, q, page.Next)}
		for _, n := range tree {
			if n.ParentID == c.ID {
				lv.Subcategory = append(lv.Subcategory, themes.Crumb{Title: n.Title, URL: "/categories/" + n.Slug})
			}
		}
		return s.renderListing(ctx, site, lv, page, "/products")
	})
}

// search serves /search?q=: the products whose title, SKU or description
// match, forgiving a typo.
func (s *Storefront) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	words := strings.Join(strings.Fields(q.Get("q")), " ")
	if rs := []rune(words); len(rs) > maxSearch {
		words = string(rs[:maxSearch])
	}
	q.Set("q", words)
	q.Set("sort", sortParam(q))
	key := "/search?" + canonicalQuery(q, "q", "sort", "after")
	return s.cached(w, r, s.searches, key, func(site sites.Site) (response, error) {
		var page catalog.ProductPage
		if words != "" {
			var err error
			page, err = s.d.Catalog.ListProducts(r.Context(), site.ID, catalog.ListQuery{Status: catalog.StatusActive,
				Search: words, Sort: catalog.Sort(q.Get("sort")), Cursor: q.Get("after"), Limit: gridSize})
			if err != nil {
				return response{}, err
			}
		}
		heading := "Search"
		if words != "" && len(page.Products) > 0 {
			heading = "Search results for “" + words + "”"
		}
		lv := themes.ListingView{Kind: "search", Heading: heading, Query: words, Action: "/search",
			Crumbs: []themes.Crumb{{Title: "Home", URL: "/"}, {Title: "Search"}},
			Sorts:  sortChoices(q.Get("sort"), nil), MoreURL: moreURL("/search", q, page.Next)}
		return s.renderListing(r.Context(), site, lv, page, "\x00")
	})
}

// renderListing fills the grid of lv from page and draws it; an empty grid
// suggests where else to look.
func (s *Storefront) renderListing(ctx context.Context, site sites.Site, lv themes.ListingView, page catalog.ProductPage, current string) (response, error) {
	m := newMoney(site.Language)
	for i, l := range page.Products {
		var pic *themes.Picture
		if l.ImageMediaID != 0 {
			img, err := s.d.Media.Get(ctx, site.ID, l.ImageMediaID)
			if err != nil && !errors.Is(err, media.ErrNotFound) {
				return response{}, err
			}
			if err == nil {
				if img.Alt == "" {
					img.Alt = l.Title
				}
				pic = &themes.Picture{Img: img.Img(cardSizes, i < 4)}
			}
		}
		lv.Products = append(lv.Products, card(l, m, pic))
	}
	if len(lv.Products) == 0 {
		lv.Empty, lv.Sorts = true, nil
		lv.Suggestions = append(lv.Suggestions, themes.Crumb{Title: "All products", URL: "/products"})
		tree, err := s.d.Catalog.CategoryTree(ctx, site.ID)
		if err != nil {
			return response{}, err
		}
		for _, n := range tree {
			if n.Depth == 0 && len(lv.Suggestions) < 9 {
				lv.Suggestions = append(lv.Suggestions, themes.Crumb{Title: n.Title, URL: "/categories/" + n.Slug})
			}
		}
	}
	v, err := s.view(ctx, site, nil, current)
	if err != nil {
		return response{}, err
	}
	if v.Shop != nil {
		v.Shop.SearchPage = lv.Kind == "search"
	}
	v.Listing = &lv
	if lv.Kind != "search" {
		base, err := s.baseURL(ctx, site)
		if err != nil {
			return response{}, err
		}
		v.SEO.Canonical = base + lv.Action
	}
	v.Page.Title = lv.Heading
	if lv.Kind == "search" {
		v.Page.Title = "Search"
	}
	return s.renderShop(site, v)
}
