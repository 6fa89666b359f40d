package signup_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

func TestDemoIsAShopSeededOnce(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	d, err := h.App.Signup.SeedDemo(ctx)
	if err != nil || !d.Created {
		t.Fatalf("seed demo: %+v, %v", d, err)
	}
	counts := func() [5]int {
		return [5]int{
			h.Count(`SELECT COUNT(*) FROM products WHERE site_id = ? AND status = 'active'`, d.SiteID),
			h.Count(`SELECT COUNT(*) FROM categories WHERE site_id = ?`, d.SiteID),
			h.Count(`SELECT COUNT(*) FROM media WHERE site_id = ? AND content_type = 'image/png'`, d.SiteID),
			h.Count(`SELECT COUNT(DISTINCT product_id) FROM product_images WHERE site_id = ?`, d.SiteID),
			h.Count(`SELECT COUNT(*) FROM sample_products WHERE site_id = ?`, d.SiteID),
		}
	}
	if got := counts(); got != [5]int{12, 3, 12, 12, 0} {
		t.Errorf("demo shop: products, categories, pictures, products with a picture, samples = %v", got)
	}
	if n := h.Count(`SELECT COUNT(*) FROM product_variants WHERE site_id = ?`, d.SiteID); n != 29 {
		t.Errorf("the demo has %d variants, want 29", n)
	}
	coffee, err := h.App.Catalog.ProductBySlug(ctx, d.SiteID, "house-blend")
	if err != nil || len(coffee.Variants) != 6 || coffee.Currency != "EUR" || coffee.Price != 890 || len(coffee.Categories) != 1 {
		t.Errorf("house blend = %+v, %v", coffee, err)
	}
	// The second start adds nothing.
	before := counts()
	if d2, err := h.App.Signup.SeedDemo(ctx); err != nil || d2.Created {
		t.Fatalf("second seed: %+v, %v", d2, err)
	}
	if got := counts(); got != before {
		t.Errorf("second start changed the demo: %v → %v", before, got)
	}
	// The pictures are real library images, served on the demo's host.
	host := h.SiteHost(signup.DemoName)
	m, err := h.App.Media.Get(ctx, d.SiteID, coffee.Images[0].MediaID)
	if err != nil {
		t.Fatal(err)
	}
	if res := h.Browser().Get(host, m.URL()); res.Status != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
		t.Errorf("demo picture: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
}

func TestSampleProductsDeletedInOneClick(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	shop, err := h.App.Signup.Create(ctx, signup.NewSite{Name: "shop", Email: "owner@shop.example", Password: apptest.Password, Plan: plans.Trial})
	if err != nil {
		t.Fatal(err)
	}
	other, err := h.App.Signup.Create(ctx, signup.NewSite{Name: "other", Email: "owner@other.example", Password: apptest.Password, Plan: plans.Trial})
	if err != nil {
		t.Fatal(err)
	}
	folio, err := h.App.Signup.Create(ctx, signup.NewSite{Name: "folio", Email: "owner@folio.example", Password: apptest.Password,
		Plan: plans.Trial, Theme: "studio"})
	if err != nil {
		t.Fatal(err)
	}
	products := func(siteID int64) int { return h.Count(`SELECT COUNT(*) FROM products WHERE site_id = ?`, siteID) }
	if products(shop.Site.ID) != 3 || products(other.Site.ID) != 3 || products(folio.Site.ID) != 0 {
		t.Fatalf("samples: shop %d, other %d, portfolio %d", products(shop.Site.ID), products(other.Site.ID), products(folio.Site.ID))
	}
	// The owner's own product stays.
	own, err := h.App.Catalog.CreateProduct(ctx, shop.Site.ID, plans.MustGet(plans.Business),
		catalog.ProductInput{Title: "My own bread", Price: 300, Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	host := h.SiteHost("shop")
	b := h.Login(host, "owner@shop.example")
	page := b.Get(host, "/admin/products/samples")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Sample: House coffee") || strings.Contains(page.Body, "My own bread") {
		t.Fatalf("samples page: %d\n%s", page.Status, apptest.Excerpt(page.Body))
	}
	res := b.Post(host, "/admin/products/samples", nil)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("delete samples: %d", res.Status)
	}
	if n := products(shop.Site.ID); n != 1 {
		t.Errorf("%d products left, want the owner's own", n)
	}
	if _, err := h.App.Catalog.Product(ctx, shop.Site.ID, own.ID); err != nil {
		t.Errorf("the owner's product: %v", err)
	}
	if n := products(other.Site.ID); n != 3 {
		t.Errorf("another site's samples: %d left", n)
	}
	if n := h.Count(`SELECT COUNT(*) FROM sample_products WHERE site_id = ?`, shop.Site.ID); n != 0 {
		t.Errorf("%d sample records left", n)
	}
	// Again: nothing left to delete, nothing else goes.
	b.Post(host, "/admin/products/samples", nil)
	if n := products(shop.Site.ID); n != 1 {
		t.Errorf("second click: %d products", n)
	}
}
