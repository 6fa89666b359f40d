package bench

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// BenchmarkPlaceOrder places orders through checkout.PlaceOrder, the one
// operation the storefront, the admin and the API call, on the platform as
// the binary builds it (job queue running, so each order's e-mail job is
// inserted and worked), from 1, 8 and 32 concurrent clients, on SQLite and
// (when PAGECART_TEST_POSTGRES_URL is set) PostgreSQL. Every order has two
// lines of tracked variants, shipping and bank transfer. It reports
// orders/s and the p50 and p99 of one PlaceOrder call.
func BenchmarkPlaceOrder(b *testing.B) {
	dbs := []struct{ name, url string }{{"sqlite", ""}}
	if os.Getenv(sqldbtest.PostgresEnv) != "" {
		dbs = append(dbs, struct{ name, url string }{"postgres", "pg"})
	}
	for _, db := range dbs {
		for _, clients := range []int{1, 8, 32} {
			b.Run(fmt.Sprintf("%s/clients=%d", db.name, clients), func(b *testing.B) {
				url := db.url
				if url == "pg" {
					url = sqldbtest.PostgresURL(b)
				}
				placeOrders(b, url, clients)
			})
		}
	}
}

func placeOrders(b *testing.B, databaseURL string, clients int) {
	ctx := context.Background()
	p := startPlatformOn(b, databaseURL)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "benchshop", Email: "owner@bench.example", Password: "a long pass phrase",
		Plan: plans.Business, NoSamples: true})
	if err != nil {
		b.Fatal(err)
	}
	site := res.Site.ID
	prod, err := p.app.Catalog.CreateProduct(ctx, site, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Mug", Currency: "EUR", Status: catalog.StatusActive,
		Options: []catalog.Option{{Name: "Colour", Values: []string{"Red", "Blue"}}},
		Variants: []catalog.VariantInput{
			{OptionValues: []string{"Red"}, Price: 1250, Stock: 1_000_000, TrackStock: true},
			{OptionValues: []string{"Blue"}, Price: 990, Stock: 1_000_000, TrackStock: true},
		}})
	if err != nil {
		b.Fatal(err)
	}
	zones, err := p.app.Shipping.Zones(ctx, site)
	if err != nil || len(zones) == 0 {
		b.Fatalf("shipping: %v", err)
	}
	method := zones[0].Methods[0].ID
	for _, m := range zones[0].Methods {
		if m.Kind == shipping.KindFlat {
			method = m.ID
		}
	}
	var seq atomic.Int64
	input := func() checkout.PlaceInput {
		return checkout.PlaceInput{SubmissionKey: fmt.Sprintf("bench-key-%012d", seq.Add(1)), Email: "eva@example.com",
			Billing:          orders.Address{Name: "Eva Novak", Line1: "Main 1", City: "Brno", Postcode: "60200", Country: "CZ"},
			ShippingMethodID: method, PaymentMethod: payments.BankTransfer, AcceptTerms: true,
			Items: []cart.Item{{VariantID: prod.Variants[0].ID, Qty: 1}, {VariantID: prod.Variants[1].ID, Qty: 2}}}
	}
	// Warm up the pools and the statements.
	for range 5 {
		if _, err := p.app.Checkout.PlaceOrder(ctx, site, input()); err != nil {
			b.Fatal(err)
		}
	}
	var mu sync.Mutex
	var took []time.Duration
	var failed atomic.Int64
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for next.Add(1) <= int64(b.N) {
				t0 := time.Now()
				if _, err := p.app.Checkout.PlaceOrder(ctx, site, input()); err != nil {
					failed.Add(1)
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			took = append(took, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if len(took) == 0 {
		b.Fatal("no order placed")
	}
	b.ReportMetric(float64(len(took))/elapsed.Seconds(), "orders/s")
	b.ReportMetric(ms(percentile(took, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(took, 99)), "p99-ms")
	b.ReportMetric(float64(failed.Load()), "failed")
}
