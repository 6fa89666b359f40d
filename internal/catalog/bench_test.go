package catalog_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// BenchmarkCatalog100k seeds one site with 100,000 products (and five
// neighbours with 2,000 each) and reports the latency of the queries the
// admin and the storefront make: list pages (first and deep, each order and
// filter), search, and the product page by slug. It runs only with
// PAGECART_BENCH_CATALOG=1, as seeding takes a while:
//
//	PAGECART_BENCH_CATALOG=1 go test ./internal/catalog -run '^$' -bench Catalog100k -benchtime 1x
//
// Figures are in bench/README.md.
func BenchmarkCatalog100k(b *testing.B) {
	if os.Getenv("PAGECART_BENCH_CATALOG") != "1" {
		b.Skip("set PAGECART_BENCH_CATALOG=1 to seed 100,000 products and measure")
	}
	engines := map[string]func(testing.TB) *sqldb.DB{"sqlite": sqldbtest.SQLite, "postgres": sqldbtest.Postgres}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db := engines[name](b)
			ctx := context.Background()
			st := catalog.NewStore(db)
			start := time.Now()
			big := site(b, db, "big")
			catalog.Seed(b, db, big, 100_000, 5_000)
			for i := range 5 {
				catalog.Seed(b, db, site(b, db, fmt.Sprint("small-", i)), 2_000, 2_000)
			}
			b.Logf("%s: seeded 110,000 products in %s", name, time.Since(start).Round(time.Second))
			deep := func(q catalog.ListQuery) catalog.ListQuery {
				// The cursor of page 1,000 (of 50), found once, untimed.
				q.Limit = 200
				for range 250 {
					page := must[catalog.ProductPage](b)(st.ListProducts(ctx, big, q))
					if page.Next == "" {
						break
					}
					q.Cursor = page.Next
				}
				q.Limit = 50
				return q
			}
			var cases []benchCase
			n := 0
			for _, q := range []catalog.ListQuery{
				{Sort: catalog.SortNewest}, {Sort: catalog.SortTitle}, {Sort: catalog.SortPriceLow},
				{Sort: catalog.SortPriceHigh, Status: catalog.StatusActive}, {Sort: catalog.SortTitle, Status: catalog.StatusActive},
				{Sort: catalog.SortNewest, LowStock: true},
			} {
				first, later := q, deep(q)
				cases = append(cases,
					benchCase{"list " + name1(q) + " page 1", func() error { _, err := st.ListProducts(ctx, big, first); return err }},
					benchCase{"list " + name1(q) + " page 1000", func() error { _, err := st.ListProducts(ctx, big, later); return err }})
			}
			for _, s := range []string{"shirt", "linen shirt red", "cand", "sk-000421", "handmde", "zzzz"} {
				q := catalog.ListQuery{Search: s, Status: catalog.StatusActive, Sort: catalog.SortNewest}
				cases = append(cases, benchCase{fmt.Sprintf("search %q", s), func() error { _, err := st.ListProducts(ctx, big, q); return err }})
			}
			cases = append(cases, benchCase{"product by slug", func() error {
				// Every third product is a draft; these are the active ones.
				n = (n + 7919*3) % 99_999
				_, err := st.ActiveProductBySlug(ctx, big, fmt.Sprintf("p-%d", n))
				return err
			}})
			runCases(b, cases)
		})
	}
}

// runCases times each case b.N times and reports its p50 and p99 in
// milliseconds.
func runCases(b *testing.B, cases []benchCase) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t0))
			}
			slices.Sort(times)
			pct := func(p float64) float64 {
				return float64(times[min(len(times)-1, int(p*float64(len(times))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.5), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}

func name1(q catalog.ListQuery) string {
	s := string(q.Sort)
	if q.Status != "" {
		s += " " + string(q.Status)
	}
	if q.LowStock {
		s += " low-stock"
	}
	return s
}

type benchCase struct {
	name string
	run  func() error
}
