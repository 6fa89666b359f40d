package catalog_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// TestProductsByID: a batch read gives each product exactly what Product
// gives it, and nothing of another site's.
func TestProductsByID(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a, b := site(t, db, "batch-a"), site(t, db, "batch-b")
		cat := must[catalog.Category](t)(st.CreateCategory(ctx, a, catalog.CategoryInput{Title: "Breads"}))
		plain := simple("Plain", 100)
		plain.CategoryIDs = []int64{cat.ID}
		var ids []int64
		for _, in := range []catalog.ProductInput{plain, shirt("Linen Shirt", "LS"), simple("Bare", 5)} {
			ids = append(ids, must[catalog.Product](t)(st.CreateProduct(ctx, a, business, in)).ID)
		}
		foreign := must[catalog.Product](t)(st.CreateProduct(ctx, b, business, simple("Foreign", 1)))
		got, err := st.ProductsByID(ctx, a, append(ids, foreign.ID, 999999))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) {
			t.Fatalf("%d products, want %d (not the other site's, not a missing one)", len(got), len(ids))
		}
		for _, id := range ids {
			want := must[catalog.Product](t)(st.Product(ctx, a, id))
			if !reflect.DeepEqual(got[id], want) {
				t.Errorf("product %d:\n batch %+v\n  want %+v", id, got[id], want)
			}
		}
	})
}
