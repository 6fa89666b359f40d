package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// TestAPIStatusContract produces every status of API.md's table by its
// documented cause, through the whole handler, and checks the status, the
// headers that go with it and the body's code.
func TestAPIStatusContract(t *testing.T) {
	h := apptest.New(t)
	shop, _ := h.NewSite("contract", "owner@example.com")
	ctx := context.Background()
	host := h.SiteHost("contract")
	p, err := h.App.Catalog.CreateProduct(ctx, shop.ID, plans.MustGet(plans.Business),
		catalog.ProductInput{Title: "Rye loaf", Price: 450, Currency: "EUR", Status: catalog.StatusActive})
	if err != nil {
		t.Fatal(err)
	}
	full := apiToken(t, h, shop, apitokens.NewToken{})
	readOnly := apiToken(t, h, shop, apitokens.NewToken{Scopes: []apitokens.Scope{"read_products"}})
	limited := apiToken(t, h, shop, apitokens.NewToken{Scopes: []apitokens.Scope{"read_content"}, Limited: true})
	office := apiToken(t, h, shop, apitokens.NewToken{AllowedIPs: "10.0.0.0/8"})
	capped := apiToken(t, h, shop, apitokens.NewToken{DailyCap: 5})
	drained := apiToken(t, h, shop, apitokens.NewToken{})
	revoked := apiToken(t, h, shop, apitokens.NewToken{})
	_, partner, err := h.App.APITokens.CreatePartner(ctx, "Acme sync", "op@example.com")
	if err != nil {
		t.Fatal(err)
	}
	tokens, _ := h.App.APITokens.List(ctx, shop.ID)
	for _, tok := range tokens {
		if strings.HasPrefix(revoked, tok.Prefix) {
			if err := h.App.APITokens.Revoke(ctx, shop.ID, tok.ID); err != nil {
				t.Fatal(err)
			}
		}
		if strings.HasPrefix(drained, tok.Prefix) {
			// Another client of the token used its whole minute.
			lim := ratelimit.APILimits{SiteID: shop.ID, TokenID: tok.ID, Plan: plans.MustGet(plans.Business), Location: time.UTC}
			if d := h.App.Limiter.Take(ctx, lim.Check(time.Now(), 2000)); !d.OK() {
				t.Fatal("could not drain the bucket", d)
			}
		}
	}

	products := gql(`{ products(first: 10) { edges { node { id title price { amount currency formatted } } } pageInfo { hasNextPage } totalCount } }`, nil)
	bulk := gql(`mutation($ids: [ID!]!) { productsSetStatus(ids: $ids, status: ACTIVE) { count userErrors { message } } }`,
		map[string]any{"ids": []string{strconv.FormatInt(p.ID, 10)}})
	rateHeaders := map[string]string{"X-Request-Id": apptest.Present, "RateLimit-Policy": apptest.Present, "RateLimit": apptest.Present}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	post := http.MethodPost
	rows := []apptest.Scenario{
		{Name: "1 404 no site here", Method: post, Host: "nobody.localhost:8080", Path: "/api/graphql", Body: products,
			Header: apiHeader(full), ExpectStatus: 404, ExpectContains: []string{`"code":"SITE_NOT_FOUND"`},
			ExpectHeader: map[string]string{"X-Request-Id": apptest.Present}},
		{Name: "4 412 partner token missing", Method: post, Host: host, Path: "/api/graphql", Body: bulk, Header: apiHeader(full),
			ExpectStatus: 412, ExpectContains: []string{`"code":"PARTNER_TOKEN_REQUIRED"`}, ExpectHeader: map[string]string{"X-Request-Id": apptest.Present}},
		{Name: "4 412 partner token invalid", Method: post, Host: host, Path: "/api/graphql", Body: bulk,
			Header: apiHeader(full, "X-Partner-Token", "pcp_"+strings.Repeat("x", 43)), ExpectStatus: 412, ExpectContains: []string{`"code":"PARTNER_TOKEN_INVALID"`}},
		{Name: "5 401 no token", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(""),
			ExpectStatus: 401, ExpectContains: []string{`"code":"UNAUTHENTICATED"`},
			ExpectHeader: map[string]string{"WWW-Authenticate": `Bearer realm="api"`, "X-Request-Id": apptest.Present, "RateLimit-Policy": apptest.Present}},
		{Name: "5 401 unknown token", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader("pct_nonsense-nonsense-nonsense"),
			ExpectStatus: 401, ExpectContains: []string{`"code":"UNAUTHENTICATED"`},
			ExpectHeader: map[string]string{"WWW-Authenticate": `Bearer realm="api", error="invalid_token"`}},
		{Name: "5 401 revoked token", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(revoked),
			ExpectStatus: 401, ExpectContains: []string{`"code":"UNAUTHENTICATED"`}, ExpectNotContains: []string{revoked},
			ExpectHeader: map[string]string{"WWW-Authenticate": apptest.Present}},
		{Name: "6 403 token lacks the scope", Method: post, Host: host, Path: "/api/graphql", Header: apiHeader(readOnly),
			Body:         gql(`mutation { categoryCreate(input: {title: "Bread"}) { category { id } userErrors { message } } }`, nil),
			ExpectStatus: 403, ExpectContains: []string{`"code":"INSUFFICIENT_SCOPE"`, "write_products"}},
		{Name: "6 403 address not allowed", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(office),
			ExpectStatus: 403, ExpectContains: []string{`"code":"IP_NOT_ALLOWED"`}},
		{Name: "7 509 the token's day cap is used up", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(capped),
			ExpectStatus: 509, ExpectContains: []string{`"code":"QUOTA_EXCEEDED"`}, ExpectHeader: with(rateHeaders, "Retry-After", apptest.Present)},
		{Name: "8 429 the minute's rate is used up", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(drained),
			ExpectStatus: 429, ExpectContains: []string{`"code":"RATE_EXCEEDED"`}, ExpectHeader: with(rateHeaders, "Retry-After", apptest.Present)},
		{Name: "9 400 body is not JSON", Method: post, Host: host, Path: "/api/graphql", Body: "{query", Header: apiHeader(full),
			ExpectStatus: 400, ExpectContains: []string{`"code":"BAD_REQUEST"`}, ExpectHeader: rateHeaders},
		{Name: "9 400 not a GraphQL request", Method: post, Host: host, Path: "/api/graphql", Body: `{"q":1}`, Header: apiHeader(full),
			ExpectStatus: 400, ExpectContains: []string{`"code":"BAD_REQUEST"`}},
		{Name: "9 400 syntax error", Method: post, Host: host, Path: "/api/graphql", Body: gql(`{ products(first: 1) { `, nil), Header: apiHeader(full),
			ExpectStatus: 400, ExpectContains: []string{`"code":"GRAPHQL_PARSE_FAILED"`}},
		{Name: "9 400 validation error", Method: post, Host: host, Path: "/api/graphql", Body: gql(`{ products { nothing } }`, nil), Header: apiHeader(full),
			ExpectStatus: 400, ExpectContains: []string{`"code":"GRAPHQL_VALIDATION_FAILED"`}},
		{Name: "9 400 bad variables", Method: post, Host: host, Path: "/api/graphql", Header: apiHeader(full),
			Body:         gql(`query($n: Int!) { products(first: $n) { totalCount } }`, map[string]any{"n": "many"}),
			ExpectStatus: 400, ExpectContains: []string{`"code":"GRAPHQL_VALIDATION_FAILED"`}},
		{Name: "9 400 cost above 1,000", Method: post, Host: host, Path: "/api/graphql", Header: apiHeader(full),
			Body:         gql(`{ products(first: 100) { edges { node { variants { id } images { id } } } } }`, nil),
			ExpectStatus: 400, ExpectContains: []string{`"code":"MAX_COST_EXCEEDED"`, `"requested":`}},
		{Name: "10 413 body over 1 MiB", Method: post, Host: host, Path: "/api/graphql", Header: apiHeader(full),
			Body:         `{"query": "{ site { name } }", "pad": "` + strings.Repeat("x", 1<<20) + `"}`,
			ExpectStatus: 413, ExpectContains: []string{`"code":"REQUEST_TOO_LARGE"`}, ExpectHeader: rateHeaders},
		{Name: "11 404 no product with this ID", Method: post, Host: host, Path: "/api/graphql", Header: apiHeader(full),
			Body:         gql(`{ product(id: "12345") { title } }`, nil),
			ExpectStatus: 404, ExpectContains: []string{`"code":"NOT_FOUND"`, `"data":null`, `"path":["product"]`}, ExpectHeader: rateHeaders},
		{Name: "12 206 personal data withheld", Method: post, Host: host, Path: "/api/graphql", Header: apiHeader(limited),
			Body:         gql(`{ site { name contactEmail } }`, nil),
			ExpectStatus: 206, ExpectContains: []string{`"contactEmail":null`, `"withheld":["site.contactEmail"]`}, ExpectNotContains: []string{"owner@example.com"},
			ExpectHeader: rateHeaders},
		{Name: "13 200 handled", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(full),
			ExpectStatus: 200, ExpectContains: []string{`"title":"Rye loaf"`, `"formatted":"€4.50"`, `"totalCount":1`, `"cost":{`},
			ExpectHeader: rateHeaders},
		{Name: "13 200 with a partner token", Method: post, Host: host, Path: "/api/graphql", Body: bulk,
			Header: apiHeader(full, "X-Partner-Token", partner), ExpectStatus: 200, ExpectContains: []string{`"count":1`}},
		{Name: "GET query", Host: host, Path: "/api/graphql?query=" + urlQuery(`{ site { name } }`), Header: apiHeader(full),
			ExpectStatus: 200, ExpectContains: []string{`"name":"contract"`}},
		{Name: "405 a mutation over GET", Host: host, Path: "/api/graphql?query=" + urlQuery(`mutation { productDelete(id: "1") { deletedId } }`),
			Header: apiHeader(full), ExpectStatus: 405, ExpectContains: []string{`"code":"METHOD_NOT_ALLOWED"`}, ExpectHeader: map[string]string{"Allow": "POST"}},
	}
	apptest.Run(t, h, rows)

	// 2: a non-primary host redirects, keeping the path (308 for POST).
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO domains (site_id, id, host, is_primary, verified_at, created_at) VALUES (?, ?, ?, TRUE, 1, 1)`,
		shop.ID, sqldb.NewID(), "shop.example"); err != nil {
		t.Fatal(err)
	}
	h.App.DB.Changed(ctx, shop.ID)
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "2 308 another host of the site", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(full),
			ExpectStatus: 308, ExpectHeader: map[string]string{"Location": "http://shop.example:8080/api/graphql", "X-Request-Id": apptest.Present}},
		{Name: "2 301 a GET on another host", Host: host, Path: "/api/graphql?query=x", Header: apiHeader(full),
			ExpectStatus: 301, ExpectHeader: map[string]string{"Location": "http://shop.example:8080/api/graphql?query=x"}},
	})
	host = "shop.example:8080"

	// 3: maintenance, then 6: a plan without the API.
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "3 501 maintenance", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(full),
			Before: func(t *testing.T, h *apptest.Harness) {
				if err := h.App.Sites.SetMaintenance(ctx, shop.ID, 120); err != nil {
					t.Fatal(err)
				}
			},
			After: func(t *testing.T, h *apptest.Harness) {
				if err := h.App.Sites.SetMaintenance(ctx, shop.ID, 0); err != nil {
					t.Fatal(err)
				}
			},
			ExpectStatus: 501, ExpectContains: []string{`"code":"MAINTENANCE"`}, ExpectHeader: map[string]string{"Retry-After": "120", "X-Request-Id": apptest.Present}},
		{Name: "6 403 the plan has no API", Method: post, Host: host, Path: "/api/graphql", Body: products, Header: apiHeader(full),
			Before: func(t *testing.T, h *apptest.Harness) {
				if err := h.App.Sites.SetPlan(ctx, shop.ID, plans.Starter); err != nil {
					t.Fatal(err)
				}
			},
			ExpectStatus: 403, ExpectContains: []string{`"code":"PLAN_LACKS_API"`}},
	})

	// 500: a bug (here: the categories table is gone); logged, only the
	// request ID in the body.
	if err := h.App.Sites.SetPlan(ctx, shop.ID, plans.Business); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Exec(ctx, `ALTER TABLE categories RENAME TO categories_gone`); err != nil {
		t.Fatal(err)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "500 a bug", Method: post, Host: host, Path: "/api/graphql", Body: gql(`{ categories { totalCount } }`, nil), Header: apiHeader(full),
			ExpectStatus: 500, ExpectContains: []string{`"code":"INTERNAL"`, `"requestId":"`}, ExpectNotContains: []string{"categories_gone", "no such table", "goroutine"},
			ExpectHeader: map[string]string{"X-Request-Id": apptest.Present}},
	})

	// 503: the node sheds load; 504: the request runs past its deadline.
	shed := apptest.New(t, func(c *config.Config) { c.MaxInFlight = 0 })
	late := apptest.New(t, func(c *config.Config) { c.RequestLimit = time.Nanosecond })
	for _, x := range []*apptest.Harness{shed, late} {
		x.NewSite("contract", "owner@example.com")
	}
	apptest.Run(t, shed, []apptest.Scenario{{Name: "503 load shed", Method: post, Host: shed.SiteHost("contract"), Path: "/api/graphql",
		Body: products, Header: apiHeader(full), ExpectStatus: 503, ExpectContains: []string{`"code":"UNAVAILABLE"`},
		ExpectHeader: map[string]string{"Retry-After": "1", "X-Request-Id": apptest.Present}}})
	// 502: the operator made the limits strict (PAGECART_REDIS_STRICT) and
	// Redis cannot be reached. Without strict, the same outage is counted
	// on this node: the request is served (the rule).
	down := "redis://127.0.0.1:1/0"
	strict := apptest.New(t, func(c *config.Config) { c.RedisURL, c.RedisStrict = down, true })
	lenient := apptest.New(t, func(c *config.Config) { c.RedisURL = down })
	for _, x := range []*apptest.Harness{strict, lenient} {
		site, _ := x.NewSite("contract", "owner@example.com")
		tok := apiToken(t, x, site, apitokens.NewToken{})
		status, code := 200, `"cost":{`
		if x == strict {
			status, code = 502, `"code":"BAD_GATEWAY"`
		}
		apptest.Run(t, x, []apptest.Scenario{{Name: fmt.Sprintf("%d Redis unreachable", status), Method: post, Host: x.SiteHost("contract"),
			Path: "/api/graphql", Body: gql(`{ site { name } }`, nil), Header: apiHeader(tok), ExpectStatus: status,
			ExpectContains: []string{code}, ExpectNotContains: []string{"127.0.0.1", "connection refused"},
			ExpectHeader: map[string]string{"X-Request-Id": apptest.Present}}})
	}
	apptest.Run(t, late, []apptest.Scenario{{Name: "504 past the deadline", Method: post, Host: late.SiteHost("contract"), Path: "/api/graphql",
		Body: products, Header: apiHeader(full), ExpectStatus: 504, ExpectContains: []string{`"code":"TIMEOUT"`},
		ExpectHeader: map[string]string{"X-Request-Id": apptest.Present}}})
}

func urlQuery(q string) string {
	return strings.NewReplacer(" ", "%20", "{", "%7B", "}", "%7D", "\"", "%22", "(", "%28", ")", "%29", ":", "%3A").Replace(q)
}
