package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
)

// FuzzAPIRequest sends whatever body, content type and method the fuzzer
// makes to the API with a valid token: the handler must never panic, and
// every reply must be a status of API.md's table (never a 500) with a
// request ID. Run longer with: go test ./internal/web -run '^$' -fuzz FuzzAPIRequest
func FuzzAPIRequest(f *testing.F) {
	h := apptest.New(f)
	shop, _ := h.NewSite("fuzz", "o@example.com")
	tok := apiToken(f, h, shop, apitokens.NewToken{Scopes: allScopes()})
	host := h.SiteHost("fuzz")
	for _, seed := range []struct{ method, ctype, body string }{
		{"POST", "application/json", `{"query":"{ site { name } }"}`},
		{"POST", "application/json", `{"query":"{ products(first: 5) { edges { node { id title variants { id } } } pageInfo { hasNextPage endCursor } totalCount } }"}`},
		{"POST", "application/json", `{"query":"query($n:Int!){ products(first:$n){ totalCount } }","variables":{"n":3}}`},
		{"POST", "application/json", `{"query":"mutation { productCreate(input:{title:\"x\", price: 1}) { product { id } userErrors { message } } }"}`},
		{"POST", "application/json", `{"query":"{ product(id: \"1\") { title } }","operationName":null}`},
		{"POST", "application/json", `{"query":"query A { site { name } } query B { site { title } }","operationName":"B"}`},
		{"POST", "application/json", `{"query": 5}`},
		{"POST", "application/json", `[1,2]`},
		{"POST", "application/json", `{"query":"{ __schema { types { name } } }"}`},
		{"POST", "application/json", `{"query":"{ products(first: 1000) { totalCount } }"}`},
		{"POST", "application/json", `{"query":"{ products(after: \"bad\") { totalCount } }"}`},
		{"POST", "text/plain", `{ site { name } }`},
		{"GET", "", `query=%7B%20site%20%7B%20name%20%7D%20%7D`},
		{"GET", "", `query=mutation%7BproductDelete(id:"1")%7BdeletedId%7D%7D`},
		{"POST", "application/json", `{"query":"{ a: site { name } b: site { name } ...on Query { site { id } } }"}`},
		{"POST", "application/json", `{"query":"{ orders(first: 3, status: \"new\", paymentStatus: PAID, createdFrom: \"2026-01-01\", query: \"x\") { edges { node { number lines { sku } payments { id } } } pageInfo { endCursor } } }"}`},
		{"POST", "application/json", `{"query":"{ order(number: \"2026-00001\") { id customer { email } statusHistory { kind } } customers(query: \"a\") { edges { node { id orders { edges { node { id } } } } } } }"}`},
		{"POST", "application/json", `{"query":"{ webhooks { id recentDeliveries(first: 2) { log { statusCode } } } webhook(id: \"1\") { url } orderStatuses { code } }"}`},
		{"POST", "application/json", `{"query":"mutation { webhookCreate(input: {topic: \"orders/create\", url: \"https://x.example/h\"}) { secret userErrors { field } } }"}`},
		{"POST", "application/json", `{"query":"{ posts(first: 2, status: SCHEDULED, tag: \"x\", query: \"y\") { edges { node { id tags { handle } } } } post(handle: \"a\") { id } mediaItems(first: 3, after: \"bzoy\") { totalCount } menu(name: FOOTER) { links { children { url } } } }"}`},
		{"POST", "application/json", `{"query":"mutation { postCreate(input: {title: \"T\", publishedAt: \"2026-01-01T00:00:00Z\", status: SCHEDULED, coverMediaId: \"x\"}) { post { id } userErrors { field } } }"}`},
		{"POST", "application/json", `{"query":"mutation($in: OrderInput!) { orderCreate(input: $in) { order { id } userErrors { field message } } }","variables":{"in":{"lines":[{"sku":"A","quantity":1}],"email":"a@b.c","billingAddress":{"name":"A","line1":"B","city":"C","postcode":"1","country":"CZ"}}}}`},
		{"POST", "application/json", `{"query":"mutation { paymentRecord(orderId: \"1\", amount: -5) { order { id } } orderCancel(id: \"x\") { order { id } } }"}`},
	} {
		f.Add(seed.method, seed.ctype, seed.body)
	}
	allowed := map[int]bool{200: true, 206: true, 400: true, 404: true, 405: true, 413: true, 429: true, 509: true}
	f.Fuzz(func(t *testing.T, method, ctype, body string) {
		if method != "GET" {
			method = "POST"
		}
		var req *http.Request
		if method == "GET" {
			target := "http://" + host + "/api/graphql?" + strings.ReplaceAll(body, " ", "%20")
			if _, err := url.ParseRequestURI(target); err != nil {
				// net/http refuses such a request line (control characters)
				// with its own 400 before any handler runs.
				return
			}
			req = httptest.NewRequest(method, target, nil)
		} else {
			req = httptest.NewRequest(method, "http://"+host+"/api/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !allowed[rec.Code] {
			t.Fatalf("%s %q (%s): status %d\n%s", method, body, ctype, rec.Code, rec.Body.String())
		}
		if rec.Header().Get("X-Request-Id") == "" {
			t.Fatal("no X-Request-Id")
		}
	})
}
