package catalog_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestStock(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		const actor = 77
		in := shirt("Shirt", "SH")
		in.ActorAccountID = actor
		p := must[catalog.Product](t)(st.CreateProduct(ctx, a, business, in))
		v0, v1 := p.Variants[0].ID, p.Variants[1].ID

		if n, err := st.AdjustStock(ctx, a, v0, 3, "Delivery", actor); err != nil || n != 8 {
			t.Fatalf("adjust +3 = %d, %v", n, err)
		}
		_, err := st.AdjustStock(ctx, a, v0, -9, "Breakage", actor)
		var short *catalog.InsufficientStockError
		if !errors.As(err, &short) || !errors.Is(err, fault.ErrConflict) || short.Shortages[0].Available != 8 {
			t.Fatalf("adjust below zero: %v", err)
		}
		if _, err := st.AdjustStock(ctx, a, v0, -1, " ", actor); err == nil {
			t.Fatal("adjusted without a reason")
		}
		if err := st.SetStock(ctx, a, v0, 2, "Stock count", actor); err != nil {
			t.Fatal(err)
		}
		hist := must[[]catalog.StockMovement](t)(st.StockHistory(ctx, a, v0, 10))
		if len(hist) != 3 || hist[0].Delta != -6 || hist[0].QuantityAfter != 2 || hist[0].ActorAccountID != actor ||
			hist[1].Delta != 3 || hist[2].Reason != "Starting stock" || hist[2].ActorAccountID != actor {
			t.Fatalf("history = %+v", hist)
		}
		// Low stock: v0 has 2, its threshold is 2.
		low := must[[]catalog.LowStockVariant](t)(st.LowStock(ctx, a, 10))
		if len(low) != 1 || low[0].ID != v0 || low[0].ProductTitle != "Shirt" || low[0].Title() != "S / Red" {
			t.Fatalf("low stock = %+v", low)
		}
		page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{LowStock: true}))
		if len(page.Products) != 1 || page.Products[0].ID != p.ID || page.Products[0].Stock != 17 || page.Products[0].VariantCount != 4 {
			t.Fatalf("low-stock filter = %+v", page.Products)
		}

		// DecrementTx: every line or none; the error lists what is left.
		v0before := contentVersion(t, db, a)
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v1, Qty: 2}, {VariantID: v0, Qty: 2}, {VariantID: v0, Qty: 1}})
		})
		if !errors.As(err, &short) || len(short.Shortages) != 1 || short.Shortages[0] != (catalog.Shortage{VariantID: v0, Wanted: 3, Available: 2}) {
			t.Fatalf("decrement beyond stock: %v", err)
		}
		if got := must[catalog.Variant](t)(st.Variant(ctx, a, v1)); got.Stock != 5 {
			t.Fatalf("rolled back line kept: stock %d", got.Stock)
		}
		if contentVersion(t, db, a) != v0before {
			t.Fatal("a rolled-back order changed the content version")
		}
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v1, Qty: 2}, {VariantID: v0, Qty: 2}})
		}); err != nil {
			t.Fatal(err)
		}
		if got := must[catalog.Variant](t)(st.Variant(ctx, a, v0)); got.Stock != 0 || got.Available() {
			t.Fatalf("after order: %+v", got)
		}
		// Sell when out of stock: may go below zero.
		in = shirt("Shirt", "SH")
		for i := range in.Variants {
			in.Variants[i].ID = p.Variants[i].ID
		}
		in.Variants[0].AllowBackorder = true
		in.Variants[2].TrackStock = false
		must[catalog.Product](t)(st.UpdateProduct(ctx, a, p.ID, in))
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v0, Qty: 4}, {VariantID: p.Variants[2].ID, Qty: 50}})
		}); err != nil {
			t.Fatal(err)
		}
		if got := must[catalog.Variant](t)(st.Variant(ctx, a, v0)); got.Stock != -4 || !got.Available() {
			t.Fatalf("backorder: %+v", got)
		}
		if got := must[catalog.Variant](t)(st.Variant(ctx, a, p.Variants[2].ID)); got.Stock != 5 {
			t.Fatalf("untracked variant counted: %+v", got)
		}
		if contentVersion(t, db, a) <= v0before {
			t.Fatal("an order did not move the content version")
		}
	})
}

// TestDecrementNeverOversells has 20 shoppers buy one unit each of the last
// 5 at once: exactly 5 succeed, the others are told it is gone, and stock
// ends at 0, on both engines.
func TestDecrementNeverOversells(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		in := simple("Last ones", 100)
		in.Variants = []catalog.VariantInput{{Price: 100, Stock: 5, TrackStock: true}}
		v := must[catalog.Product](t)(st.CreateProduct(ctx, a, business, in)).Variants[0].ID
		var wg sync.WaitGroup
		var mu sync.Mutex
		sold, refused := 0, 0
		for range 20 {
			wg.Go(func() {
				err := db.InTx(ctx, func(tx *sqldb.Tx) error {
					return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v, Qty: 1}})
				})
				mu.Lock()
				defer mu.Unlock()
				var short *catalog.InsufficientStockError
				switch {
				case err == nil:
					sold++
				case errors.As(err, &short):
					refused++
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got := must[catalog.Variant](t)(st.Variant(ctx, a, v))
		if sold != 5 || refused != 15 || got.Stock != 0 {
			t.Fatalf("sold %d, refused %d, stock %d", sold, refused, got.Stock)
		}
		if h := must[[]catalog.StockMovement](t)(st.StockHistory(ctx, a, v, 100)); len(h) != 6 {
			t.Fatalf("history has %d movements, want 6", len(h))
		}
	})
}

// TestOrdersDropCachedPagesOnlyWhenShoppersSeeIt checks that taking and
// returning stock moves the site's content version (its cached pages) only
// when the variant is at or below its low-stock threshold, where the
// storefront shows its stock ("Only 2 left", "Out of stock").
func TestOrdersDropCachedPagesOnlyWhenShoppersSeeIt(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		p := must[catalog.Product](t)(st.CreateProduct(ctx, a, business, shirt("Shirt", "SH"))) // stock 5, threshold 2
		v := p.Variants[0].ID
		tests := []struct {
			name   string
			change func(tx *sqldb.Tx) error
			moves  bool
		}{
			{"5 → 4: still “In stock”", func(tx *sqldb.Tx) error { return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v, Qty: 1}}) }, false},
			{"4 → 2: now “Only 2 left”", func(tx *sqldb.Tx) error { return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v, Qty: 2}}) }, true},
			{"2 → 0: “Out of stock”", func(tx *sqldb.Tx) error { return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v, Qty: 2}}) }, true},
			{"0 → 4 returned: back to “In stock”", func(tx *sqldb.Tx) error {
				_, err := st.ReturnStockTx(ctx, tx, a, []catalog.Line{{VariantID: v, Qty: 4}}, "Cancelled", 0)
				return err
			}, true},
			{"4 → 5 returned: “In stock” still", func(tx *sqldb.Tx) error {
				_, err := st.ReturnStockTx(ctx, tx, a, []catalog.Line{{VariantID: v, Qty: 1}}, "Cancelled", 0)
				return err
			}, false},
		}
		for _, tt := range tests {
			before := contentVersion(t, db, a)
			if err := db.InTx(ctx, tt.change); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if moved := contentVersion(t, db, a) != before; moved != tt.moves {
				t.Errorf("%s: content version moved = %v, want %v", tt.name, moved, tt.moves)
			}
		}
	})
}
