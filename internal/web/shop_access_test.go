package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
)

// The owner of site A, replaying A's admin cookie on site B's host, gets
// nothing of B's shop: every catalog page and form of B's admin refuses
// them, and B's products, categories, stock and feed address stay as they
// were.
func TestOwnerCannotReachAnotherSitesShop(t *testing.T) {
	h := apptest.New(t)
	ctx := t.Context()
	owner := h.Browser()
	hostA := owner.SignUp("shop-a", "a@example.com")
	hostB := h.Browser().SignUp("shop-b", "b@example.com")
	owner.ReplayCookies(hostA, hostB)
	b, err := h.App.Sites.ByName(ctx, "shop-b")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := h.App.Catalog.CreateCategory(ctx, b.ID, catalog.CategoryInput{Title: "Bread"})
	if err != nil {
		t.Fatal(err)
	}
	prod, err := h.App.Catalog.CreateProduct(ctx, b.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Rye loaf", Price: 450, Currency: "EUR", Status: catalog.StatusActive, CategoryIDs: []int64{cat.ID},
		Variants: []catalog.VariantInput{{Price: 450, Stock: 7, TrackStock: true}}})
	if err != nil {
		t.Fatal(err)
	}
	variant := prod.Variants[0].ID
	const refused = "You are logged in as a@example.com, which is not on the staff of Shop B"

	var rows []apptest.Scenario
	for _, path := range []string{"/admin/products", "/admin/products/new", fmt.Sprintf("/admin/products/%d", prod.ID),
		fmt.Sprintf("/admin/products/%d/delete", prod.ID), "/admin/categories", fmt.Sprintf("/admin/categories/%d", cat.ID),
		"/admin/inventory", fmt.Sprintf("/admin/inventory/variants/%d", variant), "/admin/products/export",
		"/admin/products/import", "/admin/feeds", "/admin/products/samples"} {
		rows = append(rows, apptest.Scenario{Name: "GET " + path, Host: hostB, Path: path, As: owner,
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}, ExpectNotContains: []string{"Rye loaf"}})
	}
	for _, post := range []struct {
		path string
		form url.Values
	}{
		{"/admin/products/new", url.Values{"title": {"Planted"}, "price": {"1.00"}, "status": {"active"}}},
		{fmt.Sprintf("/admin/products/%d", prod.ID), url.Values{"title": {"Hacked"}, "price": {"0.01"}}},
		{fmt.Sprintf("/admin/products/%d/delete", prod.ID), url.Values{"confirmed": {"1"}}},
		{"/admin/products/bulk", url.Values{"action": {"delete"}, "id": {fmt.Sprint(prod.ID)}, "confirmed": {"1"}}},
		{"/admin/categories", url.Values{"title": {"Planted"}}},
		{fmt.Sprintf("/admin/categories/%d/delete", cat.ID), url.Values{"confirmed": {"1"}}},
		{fmt.Sprintf("/admin/inventory/variants/%d", variant), url.Values{"delta": {"-7"}, "reason": {"stolen"}}},
		{"/admin/feeds/new-address", url.Values{}},
		{"/admin/products/samples", url.Values{"confirmed": {"1"}}},
	} {
		rows = append(rows, apptest.Scenario{Name: "POST " + post.path, Method: http.MethodPost, Host: hostB, Path: post.path,
			As: owner, Form: post.form, ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}
	apptest.Run(t, h, rows)

	after, err := h.App.Catalog.Product(ctx, b.ID, prod.ID)
	if err != nil || after.Title != "Rye loaf" || after.Variants[0].Stock != 7 || after.Variants[0].Price != 450 {
		t.Fatalf("B's product changed: %+v, %v", after, err)
	}
	if n, err := h.App.Catalog.ProductCount(ctx, b.ID); err != nil || n != 1 {
		t.Fatalf("B has %d products (%v), want 1", n, err)
	}
	if _, err := h.App.Catalog.Category(ctx, b.ID, cat.ID); err != nil {
		t.Fatalf("B's category: %v", err)
	}
	if n := h.Count(`SELECT COUNT(*) FROM categories WHERE site_id = ?`, b.ID); n != 1 {
		t.Fatalf("B has %d categories, want 1", n)
	}
}
