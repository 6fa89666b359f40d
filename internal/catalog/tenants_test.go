package catalog_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// TestSitesNeverMeet gives every function of the store site B and site A's
// IDs and slugs: each answers not found (or nothing), and A's catalog is
// unchanged afterwards.
func TestSitesNeverMeet(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a, b := site(t, db, "shop-a"), site(t, db, "shop-b")
		cat := must[catalog.Category](t)(st.CreateCategory(ctx, a, catalog.CategoryInput{Title: "Cakes"}))
		in := shirt("Secret shirt", "SEC")
		in.CategoryIDs = []int64{cat.ID}
		in.Images = []catalog.ImageInput{{MediaID: 5, Alt: "front"}}
		p := must[catalog.Product](t)(st.CreateProduct(ctx, a, business, in))
		in.Slug = "secret-shirt-renamed"
		for i := range in.Variants {
			in.Variants[i].ID = p.Variants[i].ID
		}
		p = must[catalog.Product](t)(st.UpdateProduct(ctx, a, p.ID, in))
		must[catalog.Category](t)(st.UpdateCategory(ctx, a, cat.ID, catalog.CategoryInput{Title: "Cakes", Slug: "cakes-2"}))
		v := p.Variants[0].ID
		must[int](t)(st.AdjustStock(ctx, a, v, -4, "Count", 0)) // 1 left, at its threshold
		before := must[catalog.Product](t)(st.Product(ctx, a, p.ID))

		notFound := func(name string, err error) {
			t.Helper()
			if !errors.Is(err, fault.ErrNotFound) {
				t.Errorf("%s from site B: %v, want not found", name, err)
			}
		}
		empty := func(name string, n int, err error) {
			t.Helper()
			if err != nil || n != 0 {
				t.Errorf("%s from site B: %d, %v; want nothing", name, n, err)
			}
		}
		_, err := st.Product(ctx, b, p.ID)
		notFound("Product", err)
		_, err = st.ProductBySlug(ctx, b, p.Slug)
		notFound("ProductBySlug", err)
		_, err = st.ActiveProductBySlug(ctx, b, p.Slug)
		notFound("ActiveProductBySlug", err)
		_, err = st.ProductRedirect(ctx, b, "secret-shirt")
		notFound("ProductRedirect", err)
		_, err = st.Variant(ctx, b, v)
		notFound("Variant", err)
		_, err = st.UpdateProduct(ctx, b, p.ID, shirt("Hacked", "HK"))
		notFound("UpdateProduct", err)
		notFound("DeleteProduct", st.DeleteProduct(ctx, b, p.ID))
		_, err = st.Category(ctx, b, cat.ID)
		notFound("Category", err)
		_, err = st.CategoryBySlug(ctx, b, "cakes-2")
		notFound("CategoryBySlug", err)
		_, err = st.CategoryRedirect(ctx, b, "cakes")
		notFound("CategoryRedirect", err)
		_, err = st.UpdateCategory(ctx, b, cat.ID, catalog.CategoryInput{Title: "Hacked"})
		notFound("UpdateCategory", err)
		notFound("MoveCategory", st.MoveCategory(ctx, b, cat.ID, true))
		notFound("MoveProductInCategory", st.MoveProductInCategory(ctx, b, cat.ID, p.ID, true))
		notFound("DeleteCategory", st.DeleteCategory(ctx, b, cat.ID))
		_, err = st.AdjustStock(ctx, b, v, 10, "Hack", 0)
		notFound("AdjustStock", err)
		notFound("SetStock", st.SetStock(ctx, b, v, 10, "Hack", 0))
		notFound("DecrementTx", db.InTx(ctx, func(tx *sqldb.Tx) error {
			return st.DecrementTx(ctx, tx, b, []catalog.Line{{VariantID: v, Qty: 1}})
		}))
		// Site B cannot point its own product at A's category or variants.
		own := shirt("Own", "OWN")
		own.CategoryIDs = []int64{cat.ID}
		_, err = st.CreateProduct(ctx, b, business, own)
		if f, _ := fault.AsInvalid(err); f["categoryIds"] == "" {
			t.Errorf("site B used site A's category: %v", err)
		}
		own = shirt("Own", "OWN")
		own.Variants[0].ID = v
		ownP, err := st.CreateProduct(ctx, b, business, shirt("Own", "OWN"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.UpdateProduct(ctx, b, ownP.ID, own); err == nil {
			t.Error("site B took over site A's variant")
		}

		n, err := st.SetStatus(ctx, b, []int64{p.ID}, catalog.StatusArchived)
		empty("SetStatus", n, err)
		n, err = st.ChangePrices(ctx, b, []int64{p.ID}, 5000)
		empty("ChangePrices", n, err)
		n, err = st.DeleteProducts(ctx, b, []int64{p.ID})
		empty("DeleteProducts", n, err)
		page, err := st.CategoryProducts(ctx, b, cat.ID, "", 10)
		empty("CategoryProducts", len(page.Products), err)
		page, err = st.ListProducts(ctx, b, catalog.ListQuery{CategoryID: cat.ID})
		empty("ListProducts by category", len(page.Products), err)
		page, err = st.ListProducts(ctx, b, catalog.ListQuery{Search: "secret"})
		empty("search", len(page.Products), err)
		hist, err := st.StockHistory(ctx, b, v, 10)
		empty("StockHistory", len(hist), err)
		for _, l := range must[[]catalog.LowStockVariant](t)(st.LowStock(ctx, b, 100)) {
			if l.ID == v {
				t.Error("LowStock of site B lists site A's variant")
			}
		}
		tree := must[[]catalog.CategoryNode](t)(st.CategoryTree(ctx, b))
		empty("CategoryTree", len(tree), nil)
		// The same SKU and slug are free on another site.
		if _, err := st.CreateProduct(ctx, b, business, shirt("Secret shirt renamed", "SEC")); err != nil {
			t.Errorf("site B could not reuse a slug and SKUs of site A: %v", err)
		}
		if c := must[int](t)(st.ProductCount(ctx, b)); c != 2 {
			t.Errorf("ProductCount of B = %d", c)
		}

		after := must[catalog.Product](t)(st.Product(ctx, a, p.ID))
		if after.Title != before.Title || after.Status != before.Status || after.Price != before.Price ||
			after.Variants[0].Stock != before.Variants[0].Stock || len(after.Categories) != 1 {
			t.Errorf("site A's product changed:\n before %+v\n after  %+v", before, after)
		}
		if got := must[catalog.Category](t)(st.Category(ctx, a, cat.ID)); got.Title != "Cakes" || got.Position != 1 {
			t.Errorf("site A's category changed: %+v", got)
		}
	})
}
