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

func TestCategoriesStockAndOtherSites(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("shop", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)

	res := b.Post(host, "/admin/categories", url.Values{"title": {"Shirts"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Category “Shirts” added.")
	shirts, err := h.App.Catalog.CategoryBySlug(ctx, site.ID, "shirts")
	if err != nil {
		t.Fatal(err)
	}
	b.Post(host, "/admin/categories", url.Values{"title": {"Linen"}, "parent": {fmt.Sprint(shirts.ID)}})
	b.Post(host, "/admin/categories", url.Values{"title": {"Gifts"}})
	apptest.Expect(t, b.Post(host, "/admin/categories", url.Values{"title": {""}}), http.StatusUnprocessableEntity, "Please check the form.")
	b.Post(host, fmt.Sprintf("/admin/categories/%d/move", shirts.ID), url.Values{"dir": {"down"}})
	tree, _ := h.App.Catalog.CategoryTree(ctx, site.ID)
	if len(tree) != 3 || tree[0].Title != "Gifts" || tree[2].Title != "Linen" || tree[2].Depth != 1 {
		t.Fatalf("tree after move: %+v", tree)
	}
	apptest.Expect(t, b.Post(host, fmt.Sprintf("/admin/categories/%d/delete", shirts.ID), nil), http.StatusOK, "Delete the category “Shirts”?")
	b.Post(host, fmt.Sprintf("/admin/categories/%d/delete", shirts.ID), url.Values{"confirmed": {"1"}})
	tree, _ = h.App.Catalog.CategoryTree(ctx, site.ID)
	if len(tree) != 2 || tree[1].Title != "Linen" || tree[1].Depth != 0 {
		t.Fatalf("tree after delete: %+v", tree)
	}

	// Stock: a low variant is listed, adjusted, and its history names who.
	p, err := h.App.Catalog.CreateProduct(ctx, site.ID, site.Entitlements(), catalog.ProductInput{Title: "Mug", Price: 900, Currency: "EUR",
		Variants: []catalog.VariantInput{{Price: 900, Stock: 1, TrackStock: true, LowStockThreshold: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	vid := p.Variants[0].ID
	apptest.Expect(t, b.Get(host, "/admin/inventory"), http.StatusOK, "Mug")
	apptest.Expect(t, b.Post(host, fmt.Sprintf("/admin/inventory/variants/%d", vid), url.Values{"delta": {"x"}, "reason": {"Delivery"}}),
		http.StatusUnprocessableEntity, "Enter how many to add, such as 5, or to remove, such as -2.")
	res = b.Post(host, fmt.Sprintf("/admin/inventory/variants/%d", vid), url.Values{"delta": {"+5"}, "reason": {"Delivery"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Stock changed.", "anna@example.com", "Delivery", "+5", "<b>6</b> in stock")

	// Another site's owner reaches none of it, and changes nothing.
	other, mallory := h.NewSite("other", "mallory@example.com")
	_ = other
	id := fmt.Sprint(p.ID)
	var rows []apptest.Scenario
	// On their own host, site A's IDs are not found.
	oh := h.SiteHost("other")
	mo := h.Login(oh, mallory.Email)
	for _, get := range []string{"/admin/products/" + id, fmt.Sprintf("/admin/categories/%d", tree[0].ID), fmt.Sprintf("/admin/inventory/variants/%d", vid)} {
		rows = append(rows, apptest.Scenario{Name: "own host GET " + get, Host: oh, Path: get, As: mo, ExpectStatus: http.StatusNotFound})
	}
	rows = append(rows, apptest.Scenario{Name: "own host bulk delete", Method: http.MethodPost, Host: oh, Path: "/admin/products/bulk", As: mo,
		Form: url.Values{"confirmed": {"1"}, "id": {id}, "action": {"delete"}}, ExpectStatus: http.StatusSeeOther},
		apptest.Scenario{Name: "no login", Host: host, Path: "/admin/products", ExpectStatus: http.StatusSeeOther})
	apptest.Run(t, h, rows)
	after, err := h.App.Catalog.Product(ctx, site.ID, p.ID)
	if err != nil || after.Title != "Mug" || after.Variants[0].Stock != 6 {
		t.Fatalf("site A changed: %+v %v", after, err)
	}
}
