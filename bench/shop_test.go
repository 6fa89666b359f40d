package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// shopProducts is the size of the benchmark's shop.
const shopProducts = 10_000

// shopCategories share the products evenly (500 each).
const shopCategories = 20

// BenchmarkShop serves the storefront's shop pages of a site with 10,000
// products through the whole handler (host resolution, middleware, page
// cache, rendering), one request at a time, and reports p50 and p99 in
// milliseconds. "uncached" moves the site's content version on before each
// request (untimed), as any edit does, so that every request renders.
func BenchmarkShop(b *testing.B) {
	p := startPlatform(b)
	ctx := context.Background()
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "bigshop", Email: "big@example.com",
		Password: apptest.Password, Plan: plans.Premium})
	if err != nil {
		b.Fatal(err)
	}
	site := res.Site
	slugs := seedShop(b, p.app, site.ID)
	host := "bigshop.localhost:" + p.port
	bump := func() {
		if err := p.app.Sites.UpdateSettings(ctx, site.ID, site.Settings()); err != nil {
			b.Fatal(err)
		}
	}
	get := func(b *testing.B, path string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = host
		req.RemoteAddr = "127.0.0.1:40000"
		rec := httptest.NewRecorder()
		p.app.Server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d\n%.500s", path, rec.Code, rec.Body)
		}
	}
	words := []string{"linen", "oak", "mug", "lamp", "blu", "ceramc", "SKU-00042", "walnut board"}
	cases := []struct {
		name     string
		uncached bool
		path     func(i int) string
	}{
		{"product-uncached", true, func(i int) string { return "/products/" + slugs[i%len(slugs)] }},
		{"product-cached", false, func(i int) string { return "/products/" + slugs[i%100] }},
		{"category-uncached", true, func(i int) string { return fmt.Sprintf("/categories/shelf-%d", i%shopCategories) }},
		{"category-sorted-uncached", true, func(i int) string { return fmt.Sprintf("/categories/shelf-%d?sort=price", i%shopCategories) }},
		{"products-uncached", true, func(i int) string { return "/products?sort=title" }},
		{"search-uncached", true, func(i int) string { return "/search?q=" + strings.ReplaceAll(words[i%len(words)], " ", "+") }},
		{"search-cached", false, func(i int) string { return "/search?q=" + strings.ReplaceAll(words[i%len(words)], " ", "+") }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if !c.uncached {
				for i := range 100 {
					get(b, c.path(i))
				}
			}
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				if c.uncached {
					b.StopTimer()
					bump()
					b.StartTimer()
				}
				start := time.Now()
				get(b, c.path(i))
				times = append(times, time.Since(start))
			}
			b.ReportMetric(ms(percentile(times, 50)), "p50-ms")
			b.ReportMetric(ms(percentile(times, 99)), "p99-ms")
		})
	}
}

// seedShop makes the products through the catalog store, in batches of
// 500 products per category, and returns their slugs.
func seedShop(b *testing.B, a *app.App, siteID int64) []string {
	b.Helper()
	ctx := context.Background()
	plan := plans.MustGet(plans.Premium)
	adjectives := []string{"Linen", "Oak", "Ceramic", "Walnut", "Blue", "Copper", "Wool", "Glass", "Stone", "Brass"}
	nouns := []string{"mug", "lamp", "board", "apron", "bowl", "vase", "towel", "chair", "shelf", "basket"}
	var cats []int64
	for i := range shopCategories {
		c, err := a.Catalog.CreateCategory(ctx, siteID, catalog.CategoryInput{Title: fmt.Sprintf("Shelf %d", i), Slug: fmt.Sprintf("shelf-%d", i)})
		if err != nil {
			b.Fatal(err)
		}
		cats = append(cats, c.ID)
	}
	start := time.Now()
	slugs := make([]string, 0, shopProducts)
	for i := range shopProducts {
		in := catalog.ProductInput{
			Title:    fmt.Sprintf("%s %s %d", adjectives[i%len(adjectives)], nouns[(i/len(adjectives))%len(nouns)], i),
			Status:   catalog.StatusActive,
			Currency: "EUR", Price: int64(500 + (i*7919)%20000), SKU: fmt.Sprintf("SKU-%05d", i),
			Description: "<p>Made by hand in small batches, sturdy and easy to care for.</p>",
			CategoryIDs: []int64{cats[i/(shopProducts/shopCategories)]},
		}
		if i%4 == 0 {
			in.Options = []catalog.Option{{Name: "Size", Values: []string{"S", "M"}}}
			in.Variants = []catalog.VariantInput{
				{OptionValues: []string{"S"}, Price: in.Price, Stock: 5, TrackStock: true, LowStockThreshold: 3},
				{OptionValues: []string{"M"}, Price: in.Price + 200, Stock: 0, TrackStock: true},
			}
		}
		pr, err := a.Catalog.CreateProduct(ctx, siteID, plan, in)
		if err != nil {
			b.Fatalf("product %d: %v", i, err)
		}
		slugs = append(slugs, pr.Slug)
	}
	b.Logf("seeded %d products in %s", shopProducts, time.Since(start).Round(time.Millisecond))
	return slugs
}
