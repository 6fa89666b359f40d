package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/signup"
)

// apiQuery is the benchmark's request: a page of 50 products with their
// prices, 100 points.
const apiQuery = `{"query":"{ products(first: 50) { edges { node { id title handle status price { amount currency formatted } } } pageInfo { hasNextPage endCursor } } }"}`

// apiDetailsQuery asks for a page of products with their variants, images
// and categories: the resolver path that read each product on its own
// (N+1) before the page's details were read in one batch. 30 products, as
// 50 would cost more than the 1,000 points a query may: 30 × (1 + 10 + 10
// + 10) = 930 points.
const apiDetailsQuery = `{"query":"{ products(first: 30) { edges { node { id title variants { id sku stock available } images { id url } categories { id title } } } pageInfo { hasNextPage endCursor } } }"}`

// BenchmarkAPIProducts asks the API for products(first: 50) on a site with
// 10,000 products, through the whole handler (host, middleware, token,
// limiter, cost, gqlgen, catalog): "p99" one request at a time in process,
// "throughput" with 8 clients over loopback HTTP for 10 seconds.
//
// The plan's rate (4,000 points a minute) would refuse this load after 40
// requests, so each request's points are given back after it (untimed in
// p99, a memory call of microseconds in throughput): what is measured is
// the request with its limiter check, not the limit.
func BenchmarkAPIProducts(b *testing.B) {
	p := startPlatform(b)
	ctx := context.Background()
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "apishop", Email: "api@example.com",
		Password: apptest.Password, Plan: plans.Premium})
	if err != nil {
		b.Fatal(err)
	}
	site := res.Site
	seedShop(b, p.app, site.ID)
	tok, secret, err := p.app.APITokens.Create(ctx, site.ID, apitokens.NewToken{Name: "bench", Scopes: []apitokens.Scope{"read_products"}})
	if err != nil {
		b.Fatal(err)
	}
	limits := ratelimit.APILimits{SiteID: site.ID, TokenID: tok.ID, Plan: plans.MustGet(plans.Premium), Location: time.UTC}
	giveBack := func() { p.app.Limiter.Refund(ctx, limits.Check(time.Now(), 0), 100) }
	host := "apishop.localhost:" + p.port

	b.Run("p99", func(b *testing.B) {
		times := make([]time.Duration, 0, b.N)
		for range b.N {
			req := httptest.NewRequest(http.MethodPost, "/api/graphql", strings.NewReader(apiQuery))
			req.Host = host
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+secret)
			rec := httptest.NewRecorder()
			start := time.Now()
			p.app.Server.ServeHTTP(rec, req)
			times = append(times, time.Since(start))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"hasNextPage":true`) {
				b.Fatalf("%d\n%.500s", rec.Code, rec.Body)
			}
			b.StopTimer()
			giveBack()
			b.StartTimer()
		}
		b.ReportMetric(ms(percentile(times, 50)), "p50-ms")
		b.ReportMetric(ms(percentile(times, 99)), "p99-ms")
	})

	b.Run("p99-details", func(b *testing.B) {
		times := make([]time.Duration, 0, b.N)
		for range b.N {
			req := httptest.NewRequest(http.MethodPost, "/api/graphql", strings.NewReader(apiDetailsQuery))
			req.Host = host
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+secret)
			rec := httptest.NewRecorder()
			start := time.Now()
			p.app.Server.ServeHTTP(rec, req)
			times = append(times, time.Since(start))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"variants":[{`) {
				b.Fatalf("%d\n%.500s", rec.Code, rec.Body)
			}
			b.StopTimer()
			p.app.Limiter.Refund(ctx, limits.Check(time.Now(), 0), 930)
			b.StartTimer()
		}
		b.ReportMetric(ms(percentile(times, 50)), "p50-ms")
		b.ReportMetric(ms(percentile(times, 99)), "p99-ms")
	})

	b.Run("throughput", func(b *testing.B) {
		const clients, duration = 8, 10 * time.Second
		var done atomic.Int64
		var failed atomic.Value
		var wg sync.WaitGroup
		var mu sync.Mutex
		var times []time.Duration
		deadline := time.Now().Add(duration)
		b.ResetTimer()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for time.Now().Before(deadline) {
					req := p.request(b, http.MethodPost, "apishop.localhost", "/api/graphql", strings.NewReader(apiQuery))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+secret)
					start := time.Now()
					resp, err := p.client.Do(req)
					if err != nil {
						failed.Store(err.Error())
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					mine = append(mine, time.Since(start))
					if resp.StatusCode != http.StatusOK {
						failed.Store(resp.Status)
						return
					}
					giveBack()
					done.Add(1)
				}
				mu.Lock()
				times = append(times, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if f := failed.Load(); f != nil {
			b.Fatal(f)
		}
		b.ReportMetric(float64(done.Load())/duration.Seconds(), "req/s")
		b.ReportMetric(ms(percentile(times, 99)), "p99-ms")
	})
}
