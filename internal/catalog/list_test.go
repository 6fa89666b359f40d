package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// listQueries are the list queries the admin and the storefront make.
var listQueries = []catalog.ListQuery{
	{Sort: catalog.SortNewest},
	{Sort: catalog.SortTitle},
	{Sort: catalog.SortPriceLow},
	{Sort: catalog.SortPriceHigh},
	{Sort: catalog.SortNewest, Status: catalog.StatusActive},
	{Sort: catalog.SortTitle, Status: catalog.StatusActive},
	{Sort: catalog.SortPriceLow, Status: catalog.StatusActive},
	{Sort: catalog.SortPriceHigh, Status: catalog.StatusDraft},
	{Sort: catalog.SortNewest, LowStock: true},
	{Sort: catalog.SortTitle, Search: "linen shirt"},
	{Sort: catalog.SortNewest, Search: "cand", Status: catalog.StatusActive},
}

func name(q catalog.ListQuery) string {
	return fmt.Sprintf("sort=%s status=%s low=%v search=%q", q.Sort, q.Status, q.LowStock, q.Search)
}

// TestKeysetPagination walks every list of a site of 3,000 products page by
// page and checks each against the whole list sorted in Go: no product is
// skipped or repeated, and the other site's products never appear.
func TestKeysetPagination(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a, b := site(t, db, "shop-a"), site(t, db, "shop-b")
		catalog.Seed(t, db, a, 3000, 1000)
		other := catalog.Seed(t, db, b, 300, 300)
		for _, q := range listQueries {
			t.Run(name(q), func(t *testing.T) {
				all := q
				all.Limit = 200
				var want []catalog.Listed
				for {
					page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, all))
					want = append(want, page.Products...)
					if page.Next == "" {
						break
					}
					all.Cursor = page.Next
				}
				if len(want) == 0 {
					t.Fatal("empty list")
				}
				sorted := slices.Clone(want)
				slices.SortStableFunc(sorted, func(x, y catalog.Listed) int {
					switch q.Sort {
					case catalog.SortTitle:
						if c := strings.Compare(strings.ToLower(x.Title), strings.ToLower(y.Title)); c != 0 {
							return c
						}
						return cmpID(x.ID, y.ID)
					case catalog.SortPriceLow:
						if x.Price != y.Price {
							return cmpID(x.Price, y.Price)
						}
						return cmpID(x.ID, y.ID)
					case catalog.SortPriceHigh:
						if x.Price != y.Price {
							return cmpID(y.Price, x.Price)
						}
						return cmpID(y.ID, x.ID)
					}
					return cmpID(y.ID, x.ID)
				})
				seen := map[int64]bool{}
				for i, p := range want {
					if p.ID != sorted[i].ID {
						t.Fatalf("row %d: %s, want %s", i, p.Title, sorted[i].Title)
					}
					if seen[p.ID] || slices.Contains(other, p.ID) {
						t.Fatalf("row %d: %s repeated or of another site", i, p.Title)
					}
					seen[p.ID] = true
					if q.Status != "" && p.Status != q.Status {
						t.Fatalf("row %d: status %s", i, p.Status)
					}
				}
				// Small pages give the same order.
				small := q
				small.Limit = 7
				var got []int64
				for len(got) < 70 {
					page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, small))
					for _, p := range page.Products {
						got = append(got, p.ID)
					}
					if page.Next == "" {
						break
					}
					small.Cursor = page.Next
				}
				for i, id := range got {
					if id != want[i].ID {
						t.Fatalf("page of 7, row %d differs", i)
					}
				}
			})
		}
		// A cursor belongs to its sort.
		page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Limit: 5}))
		_, err := st.ListProducts(ctx, a, catalog.ListQuery{Sort: catalog.SortTitle, Cursor: page.Next})
		if f, _ := fault.AsInvalid(err); f["cursor"] == "" {
			t.Fatalf("cursor of another sort: %v", err)
		}
		if _, err := st.ListProducts(ctx, a, catalog.ListQuery{Cursor: "garbage!"}); err == nil {
			t.Fatal("accepted a garbage cursor")
		}
	})
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestListQueriesUseSiteIndexes checks with EXPLAIN (EXPLAIN QUERY PLAN on
// SQLite) that each list query reads products through an index led by
// site_id, never by scanning the table, on a database of several sites.
func TestListQueriesUseSiteIndexes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		catalog.Seed(t, db, a, 3000, 3000)
		for i := range 4 {
			catalog.Seed(t, db, site(t, db, fmt.Sprint("other-", i)), 500, 500)
		}
		var queries []catalog.ListQuery
		for _, q := range listQueries {
			queries = append(queries, q)
			// And the second page of each, which adds the keyset condition.
			page := must[catalog.ProductPage](t)(st.ListProducts(ctx, a, catalog.ListQuery{Sort: q.Sort, Status: q.Status, LowStock: q.LowStock, Search: q.Search, Limit: 3}))
			if page.Next != "" {
				q.Cursor = page.Next
				queries = append(queries, q)
			}
		}
		for _, q := range queries {
			query, args, err := st.ListSQL(ctx, a, q)
			if err != nil {
				t.Fatal(err)
			}
			plan := explain(t, db, query, args)
			if msg := planProblem(db.Dialect(), plan); msg != "" {
				t.Errorf("%s (cursor %v): %s\n%s", name(q), q.Cursor != "", msg, plan)
			}
		}
	})
}

// explain returns the plan of query. On PostgreSQL sequential scans are
// switched off for it: on tables of a few thousand rows the planner rightly
// prefers reading the whole table, and the question here is whether an index
// led by site_id can serve the query at all (bench_test.go shows the plans
// it chooses with 100,000 products).
func explain(t *testing.T, db *sqldb.DB, query string, args []any) string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		prefix := "EXPLAIN QUERY PLAN "
		if db.Dialect() == sqldb.Postgres {
			prefix = "EXPLAIN "
			if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, prefix+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// planProblem says what is wrong with a plan of a list query, or "".
func planProblem(d sqldb.Dialect, plan string) string {
	if d == sqldb.SQLite {
		for _, l := range strings.Split(plan, "\n") {
			if l = strings.TrimLeft(l, " |`-"); (l == "SCAN p" || strings.HasPrefix(l, "SCAN p ")) && !strings.Contains(l, "(site_id=?") {
				return "scans products"
			}
		}
		if !strings.Contains(plan, "SEARCH p USING") || !strings.Contains(plan, "(site_id=?") {
			return "no index led by site_id reads products"
		}
		return ""
	}
	if strings.Contains(plan, "Seq Scan on products") {
		return "scans products"
	}
	for _, ix := range []string{"products_pkey", "products_status", "products_title", "products_status_title",
		"products_price", "products_status_price", "products_search"} {
		if strings.Contains(plan, " using "+ix+" on products") || strings.Contains(plan, "Bitmap Index Scan on "+ix+" ") ||
			strings.HasSuffix(plan, "Bitmap Index Scan on "+ix) || strings.Contains(plan, "Bitmap Index Scan on "+ix+"\n") {
			return ""
		}
	}
	return "no index led by site_id reads products"
}
