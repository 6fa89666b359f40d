package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
)

// The product list's bulk actions: publish and archive at once; a price
// change and a deletion only after a confirmation page that says what will
// happen, and only to the ticked products.
func TestBulkProductActions(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bulky", "owner@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	ps := addProducts(t, h, site.ID, 4)
	ctx := context.Background()
	product := func(i int) catalog.Product {
		t.Helper()
		p, err := h.App.Catalog.Product(ctx, site.ID, ps[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	ids := func(is ...int) []string {
		var out []string
		for _, i := range is {
			out = append(out, fmt.Sprint(ps[i].ID))
		}
		return out
	}
	bulk := func(action string, extra url.Values, is ...int) apptest.Response {
		t.Helper()
		form := url.Values{"action": {action}, "id": ids(is...), "back": {"/admin/products"}}
		for k, v := range extra {
			form[k] = v
		}
		return b.Post(host, "/admin/products/bulk", form)
	}

	// Product 01 (index 0) starts as a draft.
	res := bulk("publish", nil, 0, 1)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "2 products published")
	if product(0).Status != catalog.StatusActive || product(1).Status != catalog.StatusActive {
		t.Fatal("publish did not make both active")
	}
	res = bulk("archive", nil, 1)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "1 product archived")
	if product(1).Status != catalog.StatusArchived || product(0).Status != catalog.StatusActive {
		t.Fatal("archive changed the wrong products")
	}

	// Prices: the page asks first, then every variant of the ticked
	// products changes by the percent, rounded to the cent.
	before2, before3 := product(2).Variants[0].Price, product(3).Variants[0].Price
	apptest.Expect(t, bulk("price", url.Values{"percent": {"-10"}}, 2), http.StatusOK, "Change the prices of 1 product by -10 %?", `name="confirmed"`)
	if product(2).Variants[0].Price != before2 {
		t.Fatal("the price changed before it was confirmed")
	}
	res = bulk("price", url.Values{"percent": {"-10"}, "confirmed": {"1"}}, 2)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Prices of 1 product changed")
	if got, want := product(2).Variants[0].Price, before2-before2/10; got != want {
		t.Fatalf("price after -10 %%: %d, want %d", got, want)
	}
	if product(3).Variants[0].Price != before3 {
		t.Fatal("an unticked product's price changed")
	}
	res = bulk("price", url.Values{"percent": {"lots"}}, 2)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Enter the change in percent")

	// Deleting asks first; after confirming, only the ticked ones go.
	apptest.Expect(t, bulk("delete", nil, 0, 3), http.StatusOK, "Delete 2 products?", "This cannot be undone.")
	if n, _ := h.App.Catalog.ProductCount(ctx, site.ID); n != 4 {
		t.Fatalf("%d products after an unconfirmed delete, want 4", n)
	}
	res = bulk("delete", url.Values{"confirmed": {"1"}}, 0, 3)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "2 products deleted")
	if n, _ := h.App.Catalog.ProductCount(ctx, site.ID); n != 2 {
		t.Fatalf("%d products after deleting 2 of 4, want 2", n)
	}

	// Nothing ticked, or no action: a message, nothing done.
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/products/bulk", url.Values{"action": {"delete"}})),
		http.StatusOK, "Tick one or more products first.")
	apptest.Expect(t, b.Follow(host, bulk("", nil, 1)), http.StatusOK, "Choose what to do with the ticked products.")
}

// A form with a price that cannot be read still shows the catalog's other
// messages, so the owner fixes everything in one go.
func TestProductFormShowsEveryProblemAtOnce(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("everything", "owner@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	res := b.Post(host, "/admin/products/new", url.Values{"title": {""}, "price": {"12,5x"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Give the product a title.",
		"Enter a price such as 12.50 (digits and one decimal point).")
	if n, _ := h.App.Catalog.ProductCount(context.Background(), site.ID); n != 0 {
		t.Fatalf("%d products after a refused form", n)
	}
}
