package catalog_test

import (
	"context"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestBulkActions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		mk := must[catalog.Product](t)
		p1 := mk(st.CreateProduct(ctx, a, business, catalog.ProductInput{Title: "One", Price: 999, CompareAtPrice: 1050, Currency: "EUR"}))
		p2 := mk(st.CreateProduct(ctx, a, business, shirt("Two", "TW")))
		p3 := mk(st.CreateProduct(ctx, a, business, simple("Three", 5)))
		ids := []int64{p1.ID, p2.ID}

		tests := []struct {
			bp                     int
			one, oneCompare, twoLo int64
		}{
			{-1000, 899, 1050, 1800}, // 999 × 0.9 = 899.1 → 899; 2000 × 0.9 = 1800
			{1250, 1011, 1050, 2025}, // 899 × 1.125 = 1011.375 → 1011; 1800 × 1.125 = 2025
			{500, 1062, 0, 2126},     // 1011 × 1.05 = 1061.55 → 1062, above the compare-at, which goes; 2126.25 → 2126
			{-10000, 0, 0, 0},        // −100 %
		}
		for _, tt := range tests {
			if n, err := st.ChangePrices(ctx, a, ids, tt.bp); err != nil || n != 2 {
				t.Fatalf("change %d bp: %d, %v", tt.bp, n, err)
			}
			one, two := mk(st.Product(ctx, a, p1.ID)), mk(st.Product(ctx, a, p2.ID))
			if one.Price != tt.one || one.Variants[0].Price != tt.one || one.CompareAtPrice != tt.oneCompare || two.Price != tt.twoLo {
				t.Fatalf("after %d bp: one %d (compare %d), two from %d; want %d (%d), %d", tt.bp, one.Price, one.CompareAtPrice, two.Price, tt.one, tt.oneCompare, tt.twoLo)
			}
		}
		if got := mk(st.Product(ctx, a, p3.ID)); got.Price != 5 {
			t.Fatalf("an unselected product changed: %d", got.Price)
		}
		if _, err := st.ChangePrices(ctx, a, ids, 100001); err == nil {
			t.Fatal("accepted +1000.01 %")
		}
		if _, err := st.SetStatus(ctx, a, nil, catalog.StatusActive); err == nil {
			t.Fatal("accepted an empty selection")
		}
		if n, err := st.SetStatus(ctx, a, []int64{p1.ID, p3.ID}, catalog.StatusArchived); err != nil || n != 2 {
			t.Fatalf("archive: %d, %v", n, err)
		}
		if page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Status: catalog.StatusArchived})); len(page.Products) != 2 {
			t.Fatalf("archived: %d", len(page.Products))
		}
		if n, err := st.DeleteProducts(ctx, a, []int64{p1.ID, p2.ID, 12345}); err != nil || n != 2 {
			t.Fatalf("delete: %d, %v", n, err)
		}
		if c := must[int](t)(st.ProductCount(ctx, a)); c != 1 {
			t.Fatalf("left: %d", c)
		}
		// The deleted products' words left the vocabulary with them.
		if page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Search: "twoo"})); len(page.Products) != 0 {
			t.Fatalf("search found a deleted product")
		}
		var words int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM product_search_terms WHERE site_id = ?`, a).Scan(&words); err != nil || words != 1 {
			t.Fatalf("vocabulary has %d words (%v), want 1 (three)", words, err)
		}
	})
}

// TestPlanCheckCatchesScans shows that planProblem fails the plans it must.
func TestPlanCheckCatchesScans(t *testing.T) {
	for _, tt := range []struct {
		d    sqldb.Dialect
		plan string
	}{
		{sqldb.SQLite, "SCAN p\nUSE TEMP B-TREE FOR ORDER BY"},
		{sqldb.SQLite, "SCAN p USING INDEX products_title"},
		{sqldb.Postgres, "Limit\n  ->  Seq Scan on products p"},
		{sqldb.Postgres, "Limit\n  ->  Index Scan using other_index on products p"},
	} {
		if planProblem(tt.d, tt.plan) == "" {
			t.Errorf("%s plan passed:\n%s", tt.d, tt.plan)
		}
	}
	if msg := planProblem(sqldb.SQLite, "SEARCH p USING INDEX products_title (site_id=?)"); msg != "" {
		t.Error(msg)
	}
	if msg := planProblem(sqldb.Postgres, "Limit\n  ->  Index Scan Backward using products_pkey on products p"); msg != "" {
		t.Error(msg)
	}
}
