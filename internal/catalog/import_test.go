package catalog_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// batchTimes collects how long each import transaction took.
type batchTimes struct {
	mu  sync.Mutex
	all []time.Duration
}

func (b *batchTimes) add(d time.Duration) { b.mu.Lock(); b.all = append(b.all, d); b.mu.Unlock() }

func (b *batchTimes) median() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	all := slices.Sorted(slices.Values(b.all))
	return all[len(all)/2]
}

func (b *batchTimes) longest() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Max(append(b.all, 0))
}

// importStore returns a catalog store whose imports run on a started queue.
func importStore(t testing.TB, db *sqldb.DB) (*catalog.Store, *batchTimes) {
	t.Helper()
	store := catalog.NewStore(db)
	times := &batchTimes{}
	workers := river.NewWorkers()
	catalog.RegisterImportTimed(workers, store, times.add)
	q, err := jobs.New(db, jobs.Config{Workers: workers, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	store.UseQueue(q)
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return store, times
}

// productFile makes a CSV of n rows: every third product has a size option
// with three variants, the others one row each. priceCents shifts prices.
func productFile(n int, prefix string, priceCents int) []byte {
	var b bytes.Buffer
	b.WriteString("handle,title,description,status,price,currency,sku,option1_name,option1_value,variant_sku,variant_price,stock,track_stock,category\n")
	money := func(c int) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }
	for i, rows := 0, 0; rows < n; i++ {
		h := fmt.Sprintf("%s-product-%d", prefix, i)
		cat := []string{"Bread/Sourdough", "Bread/Rye", "Pastry", "Coffee"}[i%4]
		price := 100 + i%900 + priceCents
		if i%3 == 0 && rows+3 <= n {
			for j, size := range []string{"Small", "Medium", "Large"} {
				first := j == 0
				title, opt, c := "", "", ""
				if first {
					title, opt, c = "Product "+strconv.Itoa(i), "Size", cat
				}
				fmt.Fprintf(&b, "%s,%s,%s,active,%s,EUR,,%s,%s,%s-%d-%s,%s,%d,true,%s\n", h, title, "<p>Good</p>", money(price),
					opt, size, prefix, i, size, money(price+100*j), 10+j, c)
			}
			rows += 3
			continue
		}
		fmt.Fprintf(&b, "%s,Product %d,,active,%s,EUR,%s-%d,,,,,%d,true,%s\n", h, i, money(price), prefix, i, 5, cat)
		rows++
	}
	return b.Bytes()
}

// runImport uploads, confirms and waits for an import to end.
func runImport(t testing.TB, store *catalog.Store, siteID int64, file []byte) (*catalog.Preview, catalog.Import) {
	t.Helper()
	ctx := context.Background()
	p, err := store.UploadImport(ctx, siteID, 0, -1, "products.csv", bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if !p.CanImport() {
		t.Fatalf("preview refuses: %v (+%d)", p.Errors, p.MoreErrors)
	}
	if err := store.StartImport(ctx, siteID, p.ImportID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		im, err := store.Import(ctx, siteID, p.ImportID)
		if err != nil {
			t.Fatal(err)
		}
		if im.Status.Finished() {
			return p, im
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("import did not finish")
	return nil, catalog.Import{}
}

func TestImportJobCreatesThenUpdates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		store, times := importStore(t, db)
		a, b := site(t, db, "a"), site(t, db, "b")
		// Site B has a product with A's handle and SKU: never touched.
		bp := must[catalog.Product](t)(store.CreateProduct(ctx, b, business, catalog.ProductInput{
			Title: "B's own", Slug: "a-product-1", SKU: "a-1", Price: 999, Currency: "EUR"}))
		file := productFile(2000, "a", 0)
		p, im := runImport(t, store, a, file)
		n := must[int](t)(store.ProductCount(ctx, a))
		if im.Status != catalog.ImportDone || im.Created != n || im.Updated != 0 || im.DoneRows != 2000 || len(im.Errors) != 0 {
			t.Fatalf("import = %+v, %d products", im, n)
		}
		if p.New != n || p.Updated != 0 || len(p.Rows) != catalog.PreviewRows {
			t.Errorf("preview new %d updated %d rows %d; %d products", p.New, p.Updated, len(p.Rows), n)
		}
		// Each transaction stops taking products after 100 ms; the median
		// stays well under, whatever else the machine is doing.
		if d := times.median(); d > 300*time.Millisecond || len(times.all) < 2000/catalog.ImportBatchRows {
			t.Errorf("%d import transactions, median %v, longest %v", len(times.all), d, times.longest())
		}
		shirt := must[catalog.Product](t)(store.ProductBySlug(ctx, a, "a-product-0"))
		if len(shirt.Variants) != 3 || shirt.Variants[2].Price != 300 || shirt.Variants[2].Stock != 12 || len(shirt.Categories) != 1 ||
			shirt.Categories[0].Title != "Sourdough" {
			t.Errorf("product 0 = %+v", shirt)
		}
		tree := must[[]catalog.CategoryNode](t)(store.CategoryTree(ctx, a))
		if len(tree) != 5 {
			t.Errorf("%d categories, want Bread, Sourdough, Rye, Pastry, Coffee", len(tree))
		}
		stockBefore := shirt.Variants[0].ID

		// The same file again, a euro dearer and with other stock: updates only.
		again := bytes.ReplaceAll(productFile(2000, "a", 100), []byte(",10,true,"), []byte(",42,true,"))
		p, im = runImport(t, store, a, again)
		if im.Created != 0 || im.Updated != n || p.New != 0 || p.Updated != n {
			t.Fatalf("re-import = %+v, preview new %d updated %d", im, p.New, p.Updated)
		}
		if got := must[int](t)(store.ProductCount(ctx, a)); got != n {
			t.Errorf("%d products after re-import, want %d", got, n)
		}
		shirt = must[catalog.Product](t)(store.ProductBySlug(ctx, a, "a-product-0"))
		if shirt.Variants[0].ID != stockBefore || shirt.Variants[0].Price != 200 || shirt.Variants[0].Stock != 42 {
			t.Errorf("after re-import variant 0 = %+v", shirt.Variants[0])
		}
		if got := must[[]catalog.CategoryNode](t)(store.CategoryTree(ctx, a)); len(got) != 5 {
			t.Errorf("%d categories after re-import", len(got))
		}
		hist := must[[]catalog.StockMovement](t)(store.StockHistory(ctx, a, shirt.Variants[0].ID, 10))
		if len(hist) != 2 || hist[0].Reason != "CSV import" {
			t.Errorf("stock history = %+v", hist)
		}

		// Site B is as it was.
		if got := must[catalog.Product](t)(store.Product(ctx, b, bp.ID)); got.Title != "B's own" || got.Price != 999 {
			t.Errorf("site B's product = %+v", got)
		}
		if got := must[int](t)(store.ProductCount(ctx, b)); got != 1 {
			t.Errorf("site B has %d products", got)
		}
		var other catalog.Import
		if _, err := store.Import(ctx, b, im.ID); err == nil {
			t.Errorf("site B reads site A's import: %+v", other)
		}
	})
}

func TestExportImportRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		store, _ := importStore(t, db)
		a, b, c := site(t, db, "a"), site(t, db, "b"), site(t, db, "c")
		runImport(t, store, a, productFile(60, "a", 0))
		in := shirt("Linen shirt", "LS")
		in.EAN, in.WeightGrams, in.TaxClass, in.SEOTitle, in.CompareAtPrice = "4006381333931", 250, "reduced", "Shirt, linen", 0
		must[catalog.Product](t)(store.CreateProduct(ctx, a, business, in))
		must[catalog.Product](t)(store.CreateProduct(ctx, b, business, simple("Only on B", 500)))

		var ea bytes.Buffer
		if err := store.Export(ctx, a, &ea); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ea.String(), "Only on B") {
			t.Error("site A's export has site B's product")
		}
		_, im := runImport(t, store, c, ea.Bytes())
		if im.Status != catalog.ImportDone || len(im.Errors) != 0 {
			t.Fatalf("import = %+v", im)
		}
		var ec bytes.Buffer
		if err := store.Export(ctx, c, &ec); err != nil {
			t.Fatal(err)
		}
		lines := func(s string) []string { l := strings.Split(s, "\n"); slices.Sort(l); return l }
		if got, want := lines(ec.String()), lines(ea.String()); !slices.Equal(got, want) {
			t.Errorf("export of the copy differs:\n%s\nwant\n%s", ec.String(), ea.String())
		}
	})
}

// TestImportLargeFile imports a large generated file and reports the time
// and the length of its transactions: PAGECART_IMPORT_ROWS=50000 runs it
// with 50,000 rows.
func TestImportLargeFile(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PAGECART_IMPORT_ROWS"))
	if n == 0 {
		t.Skip("set PAGECART_IMPORT_ROWS=50000 to import a large file")
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		store, times := importStore(t, db)
		a := site(t, db, "a")
		file := productFile(n, "a", 0)
		began := time.Now()
		_, im := runImport(t, store, a, file)
		all := slices.Sorted(slices.Values(times.all))
		t.Logf("%d rows (%d KB): %v; %d products; %d transactions: median %v, p99 %v, longest %v", n, len(file)>>10,
			time.Since(began).Round(time.Millisecond), im.Created, len(all), all[len(all)/2].Round(time.Millisecond),
			all[len(all)*99/100].Round(time.Millisecond), all[len(all)-1].Round(time.Millisecond))
		if im.Status != catalog.ImportDone || im.DoneRows != n {
			t.Errorf("import = %+v", im)
		}
	})
}
