package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
)

// addProducts puts n products straight into the site's catalog: "Product 01"…
func addProducts(t *testing.T, h *apptest.Harness, siteID int64, n int) []catalog.Product {
	t.Helper()
	var out []catalog.Product
	for i := range n {
		status := catalog.StatusActive
		if i%3 == 0 {
			status = catalog.StatusDraft
		}
		p, err := h.App.Catalog.CreateProduct(context.Background(), siteID, plans.MustGet(plans.Business), catalog.ProductInput{
			Title: fmt.Sprintf("Product %02d", i+1), Price: int64(100 * (i + 1)), Currency: "EUR", Status: status,
			SKU: fmt.Sprintf("SKU-%02d", i+1)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestProductListSearchFilterAndPages(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("shop", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)

	apptest.Expect(t, b.Get(host, "/admin/products"), http.StatusOK, "Add your first product",
		`href="/admin/products/import"`, `href="/admin/products/export"`)
	addProducts(t, h, site.ID, 30)

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "first page, newest first", Host: host, Path: "/admin/products", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Product 30", "Product 06", "€30.00", "Next →", "Not tracked"}, ExpectNotContains: []string{"Product 05<", "← Previous"}},
		{Name: "search", Host: host, Path: "/admin/products?q=SKU-07", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Product 07"}, ExpectNotContains: []string{"Product 08", "Next →"}},
		{Name: "draft filter", Host: host, Path: "/admin/products?status=draft&sort=title", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Product 01", "Product 28", `<option value="draft" selected>`}, ExpectNotContains: []string{"Product 02<"}},
		{Name: "no match", Host: host, Path: "/admin/products?q=zzzz", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"No products match “zzzz”"}},
		{Name: "bad cursor starts again", Host: host, Path: "/admin/products?cursor=!!", As: b, ExpectStatus: http.StatusSeeOther},
	})

	// Next and Previous keep the filters and walk the pages.
	res := b.Get(host, "/admin/products?sort=price")
	apptest.Expect(t, res, http.StatusOK, "€1.00", "€25.00")
	next := link(t, res.Body, "next")
	if !strings.Contains(next, "sort=price") {
		t.Fatalf("next link %q lost the sort", next)
	}
	res = b.Get(host, next)
	apptest.Expect(t, res, http.StatusOK, "€26.00", "€30.00", "← Previous")
	if strings.Contains(res.Body, "€25.00") || strings.Contains(res.Body, "Next →") {
		t.Fatal("page 2 repeats page 1 or has a next page")
	}
	res = b.Get(host, link(t, res.Body, "prev"))
	apptest.Expect(t, res, http.StatusOK, "€1.00", "€25.00")
}

// link is the href of the pager's rel="next" or rel="prev" link.
func link(t *testing.T, body, rel string) string {
	t.Helper()
	i := strings.Index(body, `rel="`+rel+`"`)
	if i < 0 {
		t.Fatalf("no %s link", rel)
	}
	j := strings.LastIndex(body[:i], `href="`)
	href := body[j+6:]
	href = href[:strings.IndexByte(href, '"')]
	return strings.ReplaceAll(href, "&amp;", "&")
}
