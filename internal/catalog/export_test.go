package catalog

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// ListSQL exposes the list query, for the tests of its plan.
func (s *Store) ListSQL(ctx context.Context, siteID int64, q ListQuery) (string, []any, error) {
	return s.explainList(ctx, siteID, q)
}

var (
	seedAdjectives = []string{"soft", "organic", "linen", "vintage", "handmade", "classic", "slim", "warm", "light", "rustic",
		"golden", "silver", "dark", "bright", "tiny", "large", "smooth", "spiced", "fresh", "wild"}
	seedNouns = []string{"shirt", "mug", "cake", "poster", "scarf", "candle", "teapot", "notebook", "bread", "lamp",
		"basket", "blanket", "cookie", "jacket", "vase", "bowl", "plate", "soap", "wallet", "chair"}
	seedColours = []string{"red", "blue", "green", "black", "white", "yellow", "pink", "grey", "orange", "purple"}
)

// Seed adds n products with one variant each to the site, in transactions
// of batch products written with multi-row INSERTs, as an import would:
// titles like "Soft linen shirt red 123", a SKU, a short description, one
// price in 100 to 9,999 cents, every third product a draft, stock 0 to 19
// with a threshold of 3. It returns the product IDs in creation order.
func Seed(tb testing.TB, db *sqldb.DB, siteID int64, n, batch int) []int64 {
	tb.Helper()
	ids := SeedQuietly(tb, db, siteID, n, batch)
	Analyze(tb, db)
	return ids
}

// SeedQuietly is Seed without the statistics update, for benchmarks that
// seed many sites and analyze once at the end.
func SeedQuietly(tb testing.TB, db *sqldb.DB, siteID int64, n, batch int) []int64 {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(uint64(siteID), 42))
	ids := make([]int64, 0, n)
	terms := map[string]int{}
	const perStmt = 100
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			for s := start; s < end; s += perStmt {
				e := min(s+perStmt, end)
				var pArgs, vArgs []any
				for i := s; i < e; i++ {
					id, vid := sqldb.NewID(), sqldb.NewID()
					ids = append(ids, id)
					a, b, c := seedAdjectives[r.IntN(len(seedAdjectives))], seedAdjectives[r.IntN(len(seedAdjectives))], seedNouns[r.IntN(len(seedNouns))]
					title := fmt.Sprintf("%s %s %s %s %d", strings.ToUpper(a[:1])+a[1:], b, c, seedColours[r.IntN(len(seedColours))], i)
					sku := fmt.Sprintf("SK-%06d", i)
					desc := fmt.Sprintf("<p>A %s %s, made with care. Item %d.</p>", a, c, i)
					search := searchText(title, []string{sku}, desc)
					for _, w := range strings.Fields(search) {
						terms[w]++
					}
					status := StatusActive
					if i%3 == 2 {
						status = StatusDraft
					}
					price := int64(100 + r.IntN(9900))
					pArgs = append(pArgs, siteID, id, fmt.Sprintf("p-%d", i), title, sortTitle(title), desc, string(status), price, "EUR", sku, search, 1, 1)
					vArgs = append(vArgs, siteID, vid, id, 0, sku, price, r.IntN(20), true, 3, 1, 1)
				}
				if _, err := tx.Exec(ctx, `INSERT INTO products (site_id, id, slug, title, sort_title, description, status, price, currency, sku,
					search_text, created_at, updated_at) VALUES `+strings.TrimSuffix(strings.Repeat("("+placeholders(13)+"), ", e-s), ", "), pArgs...); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `INSERT INTO product_variants (site_id, id, product_id, position, sku, price, stock, track_stock,
					low_stock_threshold, created_at, updated_at) VALUES `+strings.TrimSuffix(strings.Repeat("("+placeholders(11)+"), ", e-s), ", "), vArgs...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("seed: %v", err)
		}
	}
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		for w, c := range terms {
			if _, err := tx.Exec(ctx, `INSERT INTO product_search_terms (site_id, term, products) VALUES (?, ?, ?)
				ON CONFLICT (site_id, term) DO UPDATE SET products = product_search_terms.products + excluded.products`, siteID, w, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("seed words: %v", err)
	}
	return ids
}

// Analyze refreshes the catalog tables' statistics.
func Analyze(tb testing.TB, db *sqldb.DB) {
	tb.Helper()
	ctx := context.Background()
	// Fresh statistics, and on PostgreSQL the full-text index's pending
	// entries merged, as autovacuum or "PRAGMA optimize" would leave a
	// database that has lived a while. Only the catalog's tables: the test
	// server is shared.
	analyze := `ANALYZE`
	if db.Dialect() == sqldb.Postgres {
		analyze = `VACUUM ANALYZE products, product_variants, product_search_terms, product_categories, product_images`
	}
	if _, err := db.Exec(ctx, analyze); err != nil {
		tb.Fatalf("analyze: %v", err)
	}
}
