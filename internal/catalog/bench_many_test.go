package catalog_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// BenchmarkCatalogManySites is the platform's layout of the catalog issue:
// 10,000 sites of 100 products each (every site's products in one
// category) and one site of 100,000 products, in one database. It reports
// the storefront's and the admin's queries for a random small site and for
// the large one, so that a query that reads other sites' rows shows. It
// runs only with PAGECART_BENCH_CATALOG=many (seeding 1.1 million products
// takes minutes); PAGECART_BENCH_SITES changes the number of small sites.
//
//	PAGECART_BENCH_CATALOG=many go test ./internal/catalog -run '^$' -bench ManySites -benchtime 300x -timeout 60m
func BenchmarkCatalogManySites(b *testing.B) {
	if os.Getenv("PAGECART_BENCH_CATALOG") != "many" {
		b.Skip("set PAGECART_BENCH_CATALOG=many to seed 10,000 sites and measure")
	}
	small := 10_000
	if n, err := fmt.Sscan(os.Getenv("PAGECART_BENCH_SITES"), &small); n == 1 && err == nil && small < 1 {
		b.Fatal("PAGECART_BENCH_SITES must be positive")
	}
	engines := map[string]func(testing.TB) *sqldb.DB{"sqlite": sqldbtest.SQLite, "postgres": sqldbtest.Postgres}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db := engines[name](b)
			ctx := context.Background()
			st := catalog.NewStore(db)
			start := time.Now()
			ids := manySites(b, db, "s", small)
			cats := make([]int64, len(ids))
			for i, id := range ids {
				products := catalog.SeedQuietly(b, db, id, 100, 100)
				cats[i] = oneCategory(b, db, id, products)
			}
			big := site(b, db, "big")
			bigProducts := catalog.SeedQuietly(b, db, big, 100_000, 5_000)
			bigCat := oneCategory(b, db, big, bigProducts[:500])
			catalog.Analyze(b, db)
			b.Logf("%s: seeded %d sites of 100 products and one of 100,000 in %s", name, small, time.Since(start).Round(time.Second))

			r := rand.New(rand.NewPCG(1, 2))
			pick := func() (int64, int64) { i := r.IntN(len(ids)); return ids[i], cats[i] }
			// Every third product is a draft (Seed); these slugs are active.
			activeSlug := func(n int) string { return fmt.Sprintf("p-%d", (r.IntN(n/3))*3) }
			cases := []benchCase{
				{"small site: product by slug", func() error {
					id, _ := pick()
					_, err := st.ActiveProductBySlug(ctx, id, activeSlug(100))
					return err
				}},
				{"small site: category page", func() error {
					id, cat := pick()
					_, err := st.CategoryProducts(ctx, id, cat, "", 24)
					return err
				}},
				{"small site: search", func() error {
					id, _ := pick()
					_, err := st.ListProducts(ctx, id, catalog.ListQuery{Search: "shirt", Status: catalog.StatusActive})
					return err
				}},
				{"small site: admin list", func() error {
					id, _ := pick()
					_, err := st.ListProducts(ctx, id, catalog.ListQuery{})
					return err
				}},
				{"big site: product by slug", func() error {
					_, err := st.ActiveProductBySlug(ctx, big, activeSlug(100_000))
					return err
				}},
				{"big site: category page", func() error {
					_, err := st.CategoryProducts(ctx, big, bigCat, "", 24)
					return err
				}},
				{"big site: search", func() error {
					_, err := st.ListProducts(ctx, big, catalog.ListQuery{Search: "linen shirt", Status: catalog.StatusActive})
					return err
				}},
			}
			runCases(b, cases)
		})
	}
}

// manySites inserts n sites (and their owners) in a few transactions.
func manySites(tb testing.TB, db *sqldb.DB, prefix string, n int) []int64 {
	tb.Helper()
	ctx := context.Background()
	ids := make([]int64, 0, n)
	const batch = 500
	for start := 0; start < n; start += batch {
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			var accts, sitesArgs []any
			end := min(start+batch, n)
			for i := start; i < end; i++ {
				acct, id := sqldb.NewID(), sqldb.NewID()
				ids = append(ids, id)
				name := fmt.Sprintf("%s%d", prefix, i)
				accts = append(accts, acct, name+"@x.org")
				sitesArgs = append(sitesArgs, id, name, name, acct)
			}
			rows := end - start
			if _, err := tx.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?, 'x', 0, 0), ", rows), ", "), accts...); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, 'bakery', 'business', 0, 0), ", rows), ", "), sitesArgs...)
			return err
		})
		if err != nil {
			tb.Fatalf("sites: %v", err)
		}
	}
	return ids
}

// oneCategory puts products, in order, into a new category of the site.
func oneCategory(tb testing.TB, db *sqldb.DB, siteID int64, products []int64) int64 {
	tb.Helper()
	ctx := context.Background()
	id := sqldb.NewID()
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO categories (site_id, id, slug, title, position, created_at, updated_at)
			VALUES (?, ?, 'all', 'All', 0, 0, 0)`, siteID, id); err != nil {
			return err
		}
		const perStmt = 200
		for start := 0; start < len(products); start += perStmt {
			chunk := products[start:min(start+perStmt, len(products))]
			args := make([]any, 0, 4*len(chunk))
			for i, p := range chunk {
				args = append(args, siteID, id, p, start+i)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO product_categories (site_id, category_id, product_id, position) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", "), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("category: %v", err)
	}
	return id
}
