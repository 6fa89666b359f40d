package catalog_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// searchSet is the test set both engines must answer the same way.
var searchSet = []struct {
	title, sku, description string
}{
	{"Chocolate cake", "CK-001", "<p>Dark <b>chocolate</b> sponge with ganache</p>"},
	{"Carrot cake", "CK-002", "<p>Spiced carrot cake with cream cheese frosting</p>"},
	{"Crème brûlée", "DS-010", "<p>Vanilla custard, caramelised sugar</p>"},
	{"Sourdough bread", "BR-100", "<p>Slow fermented loaf</p>"},
	{"Chocolate chip cookies", "CO-7", "<p>Box of twelve</p>"},
	{"Linen shirt", "TS-001-XL", "<p>Light &amp; airy summer shirt</p>"},
	{"Straßenbahn poster", "PO-1", "<p>Tram print, A2</p>"},
}

func TestSearchSameOnBothEngines(t *testing.T) {
	tests := []struct {
		query string
		want  []string // titles, by title
	}{
		{"chocolate", []string{"Chocolate cake", "Chocolate chip cookies"}},
		{"choc", []string{"Chocolate cake", "Chocolate chip cookies"}},
		{"CHOC cake", []string{"Chocolate cake"}},
		{"cake", []string{"Carrot cake", "Chocolate cake"}},
		{"chocolte", []string{"Chocolate cake", "Chocolate chip cookies"}}, // a letter missing
		{"chcoolate cake", []string{"Chocolate cake"}},                     // two letters swapped
		{"sourdugh", []string{"Sourdough bread"}},                          // a typo, as a prefix
		{"creme", []string{"Crème brûlée"}},                                // accents do not matter
		{"brûlée", []string{"Crème brûlée"}},                               // both ways
		{"ganache", []string{"Chocolate cake"}},                            // from the description
		{"CK-002", []string{"Carrot cake"}},                                // a SKU
		{"ts001", []string{"Linen shirt"}},                                 // a SKU written together
		{"CK-00", []string{"Carrot cake", "Chocolate cake"}},               // one token: the SKUs' joined prefix
		{"ck 002", []string{"Carrot cake"}},                                // two tokens: each part
		{"ck-cake", []string{"Carrot cake", "Chocolate cake"}},             // no joined word: the parts
		{"ts-001-x", []string{"Linen shirt"}},                              // a SKU's prefix
		{"straßen", []string{"Straßenbahn poster"}},                        // letters beyond ASCII
		{"airy", []string{"Linen shirt"}},                                  // an entity in the description
		{"amp", nil},                                                       // not the entity's name
		{"script", nil},                                                    // nothing
		{"xyzzy", nil},                                                     // no word like it
		{"cake zzzz", nil},                                                 // every word must match
		{"  ", []string{"Carrot cake", "Chocolate cake", "Chocolate chip cookies", "Crème brûlée", "Linen shirt", "Sourdough bread", "Straßenbahn poster"}},
	}
	results := map[sqldb.Dialect][][]string{}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a, b := site(t, db, "shop-a"), site(t, db, "shop-b")
		for _, p := range searchSet {
			in := simple(p.title, 1000)
			in.SKU, in.Description = p.sku, p.description
			must[catalog.Product](t)(st.CreateProduct(ctx, a, business, in))
		}
		// Site B sells chocolate too, and its words must not leak into A's
		// typo correction or results, nor A's into B's.
		must[catalog.Product](t)(st.CreateProduct(ctx, b, business, simple("Chocolatier special", 100)))
		must[catalog.Product](t)(st.CreateProduct(ctx, b, business, simple("Marzipan", 100)))
		var got [][]string
		for _, tt := range tests {
			page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Search: tt.query, Sort: catalog.SortTitle}))
			var titles []string
			for _, p := range page.Products {
				titles = append(titles, p.Title)
			}
			if !slices.Equal(titles, tt.want) {
				t.Errorf("search %q = %q, want %q", tt.query, titles, tt.want)
			}
			got = append(got, titles)
		}
		for q, want := range map[string]string{"marzipan": "", "marzpan": "", "choc": "Chocolatier special"} {
			var titles []string
			for _, p := range must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Search: q})).Products {
				titles = append(titles, p.Title)
			}
			if q == "choc" {
				titles = nil
				for _, p := range must[catalog.ProductPage](t)(st.ListProducts(ctx, b, catalog.ListQuery{Search: q})).Products {
					titles = append(titles, p.Title)
				}
			}
			if strings.Join(titles, ",") != want {
				t.Errorf("cross-site search %q = %q, want %q", q, titles, want)
			}
		}
		// Renaming a product moves its words: the old ones stop matching.
		p := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Search: "sourdough"})).Products[0]
		in := simple("Rye loaf", 1000)
		if _, err := st.UpdateProduct(ctx, a, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if n := len(must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Search: "sourdough"})).Products); n != 0 {
			t.Errorf("old words still match %d products", n)
		}
		if n := len(must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Search: "rye"})).Products); n != 1 {
			t.Errorf("new words match %d products", n)
		}
		results[db.Dialect()] = got
	})
	if l, p := results[sqldb.SQLite], results[sqldb.Postgres]; l != nil && p != nil && !slices.EqualFunc(l, p, slices.Equal) {
		t.Errorf("engines differ:\n sqlite   %q\n postgres %q", l, p)
	}
}
