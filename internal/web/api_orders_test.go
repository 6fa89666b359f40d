package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// allScopes is every scope a token can have.
func allScopes() []apitokens.Scope {
	var out []apitokens.Scope
	for _, s := range apitokens.Scopes() {
		out = append(out, s.Scope)
	}
	return out
}

// apiShop gives site a product (SKU LOAF-1, 10 in stock), shipping and
// payment methods and a customer account; it returns the variant, the
// first shipping method and the customer's IDs.
func apiShop(t *testing.T, h *apptest.Harness, site sites.Site, customerEmail string) (variant, method, customer int64) {
	t.Helper()
	ctx := context.Background()
	p, err := h.App.Catalog.CreateProduct(ctx, site.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Rye loaf", Currency: "EUR", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{Price: 450, Stock: 10, TrackStock: true, SKU: "LOAF-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	sh := shipping.NewStore(h.App.DB)
	if err := sh.EnsureDefaults(ctx, site.ID, 490); err != nil {
		t.Fatal(err)
	}
	zones, err := sh.Zones(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Payments.EnsureDefaults(ctx, site.ID, "IBAN CZ65 0800 0000 1920 0014 5399", true); err != nil {
		t.Fatal(err)
	}
	cust, _, err := h.App.Customers.Register(ctx, site.ID, customerEmail, "a long enough password", "Jana Dvořák", "")
	if err != nil {
		t.Fatal(err)
	}
	return p.Variants[0].ID, zones[0].Methods[0].ID, cust.ID
}

// apiCall posts one GraphQL request to host with token and returns the
// reply, failing the test when the status is not want.
func apiCall(t *testing.T, h *apptest.Harness, host, token, query string, vars map[string]any, want int) apptest.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/api/graphql", strings.NewReader(gql(query, vars)))
	req.Header = apiHeader(token)
	res := h.Browser().Send(req)
	if res.Status != want {
		t.Fatalf("%s\n→ %d, want %d\n%s", query, res.Status, want, res.Body)
	}
	return res
}

// jsonPath reads a value out of a reply's data by a dotted path.
func jsonPath(t *testing.T, body, path string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	for _, k := range strings.Split("data."+path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			fmt.Sscan(k, &i)
			if i >= len(x) {
				t.Fatalf("%s: index %d of %d\n%s", path, i, len(x), body)
			}
			v = x[i]
		default:
			t.Fatalf("%s: no %q in\n%s", path, k, body)
		}
	}
	return v
}

// TestAPIOrders: an integration places an order by SKU, finds it in the
// list and by number, records its payment, issues the invoice, ships it,
// notes it and cancels it, through the same operations as the admin:
// stock, timeline, invoices and webhooks follow.
func TestAPIOrders(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	shop, _ := h.NewSite("api-orders", "owner@example.com")
	host := h.SiteHost("api-orders")
	variant, method, customer := apiShop(t, h, shop, "jana@example.com")
	tok := apiToken(t, h, shop, apitokens.NewToken{Scopes: allScopes()})
	limited := apiToken(t, h, shop, apitokens.NewToken{Scopes: allScopes(), Limited: true})
	readOnly := apiToken(t, h, shop, apitokens.NewToken{Scopes: []apitokens.Scope{"read_orders"}})
	for _, topic := range []string{"orders/create", "orders/paid", "orders/status_changed", "orders/cancelled"} {
		if _, err := h.App.Webhooks.Create(ctx, shop.ID, webhooks.Input{Topic: topic, URL: "https://hooks.example.com/" + topic}); err != nil {
			t.Fatal(err)
		}
	}

	create := `mutation($in: OrderInput!) { orderCreate(input: $in) { order { id number status paymentStatus source total { amount }
		lines { sku quantity unitPrice { amount } } customer { id } } userErrors { field message code } } }`
	input := map[string]any{"lines": []map[string]any{{"sku": "LOAF-1", "quantity": 2}}, "email": "jana@example.com",
		"billingAddress":   map[string]any{"name": "Jana Dvořák", "line1": "Dlouhá 1", "city": "Praha", "postcode": "11000", "country": "CZ"},
		"shippingMethodId": fmt.Sprint(method), "paymentMethod": payments.BankTransfer, "customerId": fmt.Sprint(customer)}

	// Problems come back as userErrors, all at once, and nothing is placed.
	bad := map[string]any{"lines": []map[string]any{{"sku": "NOPE", "quantity": 1}}, "email": "jana@",
		"billingAddress": map[string]any{"name": "", "line1": "x", "city": "Praha", "postcode": "11000", "country": "CZ"}}
	res := apiCall(t, h, host, tok, create, map[string]any{"in": bad}, 200)
	for _, want := range []string{`"field":["input","lines","0"]`, `"field":["input","email"]`, `"field":["input","billingAddress","name"]`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("bad order: want %s in\n%s", want, res.Body)
		}
	}
	res = apiCall(t, h, host, tok, create, map[string]any{"in": input}, 200)
	if !strings.Contains(res.Body, `"userErrors":[]`) || !strings.Contains(res.Body, `"source":"api"`) ||
		!strings.Contains(res.Body, `"customer":{"id":"`+fmt.Sprint(customer)+`"}`) {
		t.Fatalf("orderCreate: %s", res.Body)
	}
	orderID := jsonPath(t, res.Body, "orderCreate.order.id").(string)
	number := jsonPath(t, res.Body, "orderCreate.order.number").(string)
	// The same order sent again with its idempotency key is placed once.
	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/api/graphql", strings.NewReader(gql(create, map[string]any{"in": input})))
		req.Header = apiHeader(tok, "Idempotency-Key", "order-once")
		if res := h.Browser().Send(req); res.Status != 200 || !strings.Contains(res.Body, `"userErrors":[]`) {
			t.Fatalf("orderCreate with a key: %d %s", res.Status, res.Body)
		}
	}
	if n := h.Count(`SELECT COUNT(*) FROM orders WHERE site_id = ?`, shop.ID); n != 2 {
		t.Fatalf("%d orders, want 2: a repeat with the same key placed another", n)
	}
	if v, _ := h.App.Catalog.Variant(ctx, shop.ID, variant); v.Stock != 6 {
		t.Fatalf("stock %d after two orders of 2", v.Stock)
	}
	// Sold out: the whole order is refused with the checkout's words.
	input["lines"] = []map[string]any{{"variantId": fmt.Sprint(variant), "quantity": 50}}
	if res := apiCall(t, h, host, tok, create, map[string]any{"in": input}, 200); !strings.Contains(res.Body, "only 6 of") {
		t.Errorf("sold out: %s", res.Body)
	}

	ordersQ := `query($s: String, $p: PaymentStatus, $q: String, $from: String) { orders(first: 5, status: $s, paymentStatus: $p, query: $q, createdFrom: $from) {
		edges { node { number statusName email billingAddress { city } } } pageInfo { hasNextPage } } }`
	for name, c := range map[string]struct {
		vars  map[string]any
		found bool
	}{
		"no filter":         {nil, true},
		"awaiting payment":  {map[string]any{"s": "awaiting_payment"}, true},
		"status shipped":    {map[string]any{"s": "shipped"}, false},
		"unpaid":            {map[string]any{"p": "UNPAID"}, true},
		"paid":              {map[string]any{"p": "PAID"}, false},
		"search by name":    {map[string]any{"q": "dvořák"}, true},
		"search by number":  {map[string]any{"q": number}, true},
		"search other":      {map[string]any{"q": "nobody"}, false},
		"from 2000":         {map[string]any{"from": "2000-01-01"}, true},
		"from 2999":         {map[string]any{"from": "2999-01-01T00:00:00Z"}, false},
		"limited withholds": {nil, true},
	} {
		t.Run(name, func(t *testing.T) {
			token, status := tok, 200
			if name == "limited withholds" {
				token, status = limited, 206
			}
			res := apiCall(t, h, host, token, ordersQ, c.vars, status)
			if strings.Contains(res.Body, number) != c.found {
				t.Errorf("found %v, want %v\n%s", !c.found, c.found, res.Body)
			}
			if status == 206 && (strings.Contains(res.Body, "jana@example.com") || strings.Contains(res.Body, "Praha") ||
				!strings.Contains(res.Body, `"withheld":["orders.edges[0].node.billingAddress","orders.edges[0].node.email","orders.edges[1].node.billingAddress"`)) {
				t.Errorf("limited token sees personal data:\n%s", res.Body)
			}
		})
	}
	apiCall(t, h, host, tok, `{ orders(createdFrom: "yesterday") { edges { node { id } } } }`, nil, 400)
	// Keyset pages: one order a page, the cursor leads to the other; the
	// total counts both (and only the filtered ones with a filter).
	page := `query($after: String, $q: String) { orders(first: 1, after: $after, query: $q) { edges { node { number } } pageInfo { hasNextPage endCursor } totalCount }
		customers(first: 1) { totalCount } }`
	res = apiCall(t, h, host, tok, page, nil, 200)
	if !strings.Contains(res.Body, `"hasNextPage":true`) || !strings.Contains(res.Body, `"totalCount":2`) || !strings.Contains(res.Body, `"customers":{"totalCount":1}`) {
		t.Fatalf("first page: %s", res.Body)
	}
	res = apiCall(t, h, host, tok, page, map[string]any{"after": jsonPath(t, res.Body, "orders.pageInfo.endCursor")}, 200)
	if !strings.Contains(res.Body, `"number":"`+number+`"`) || !strings.Contains(res.Body, `"hasNextPage":false`) {
		t.Fatalf("second page: %s", res.Body)
	}
	if res := apiCall(t, h, host, tok, page, map[string]any{"q": "nobody"}, 200); !strings.Contains(res.Body, `"totalCount":0`) {
		t.Fatalf("filtered total: %s", res.Body)
	}
	apiCall(t, h, host, tok, page, map[string]any{"after": "bm90LWEtY3Vyc29y"}, 400)

	// By number, with everything around it.
	byNumber := `query($n: String) { order(number: $n) { id status paymentStatus due { amount } payments { amount { amount } status }
		invoices { kind number } statusHistory { kind message } staffNote cancelled customer { email ordersCount } } }`
	res = apiCall(t, h, host, tok, byNumber, map[string]any{"n": number}, 200)
	if jsonPath(t, res.Body, "order.id") != orderID || jsonPath(t, res.Body, "order.customer.ordersCount") != 2.0 {
		t.Fatalf("order by number: %s", res.Body)
	}
	due := jsonPath(t, res.Body, "order.due.amount").(float64)
	apiCall(t, h, host, tok, byNumber, map[string]any{"n": "1999-00001"}, 404)
	apiCall(t, h, host, tok, `{ order(id: "123456789") { id } }`, nil, 404)

	// Payments: more than due is refused; the rest makes it paid.
	pay := `mutation($id: ID!, $a: Int) { paymentRecord(orderId: $id, amount: $a, reference: "VS 42") { order { paymentStatus status paidTotal { amount } } userErrors { field code message } } }`
	if res := apiCall(t, h, host, tok, pay, map[string]any{"id": orderID, "a": due + 1}, 200); !strings.Contains(res.Body, `"field":["input","amount"]`) {
		t.Errorf("overpayment: %s", res.Body)
	}
	apiCall(t, h, host, tok, pay, map[string]any{"id": orderID, "a": 100}, 200)
	res = apiCall(t, h, host, tok, pay, map[string]any{"id": orderID}, 200)
	if !strings.Contains(res.Body, `"paymentStatus":"PAID","status":"paid"`) {
		t.Fatalf("paid: %s", res.Body)
	}
	res = apiCall(t, h, host, tok, `mutation($id: ID!) { invoiceIssue(orderId: $id) { invoice { kind number total { amount } } userErrors { message } } }`,
		map[string]any{"id": orderID}, 200)
	if !strings.Contains(res.Body, `"kind":"INVOICE"`) {
		t.Fatalf("invoice: %s", res.Body)
	}
	status := `mutation($id: ID!, $s: String!) { orderSetStatus(id: $id, status: $s) { order { status statusName } userErrors { field code message } } }`
	if res := apiCall(t, h, host, tok, status, map[string]any{"id": orderID, "s": "shipped"}, 200); !strings.Contains(res.Body, `"status":"shipped"`) {
		t.Fatalf("shipped: %s", res.Body)
	}
	if res := apiCall(t, h, host, tok, status, map[string]any{"id": orderID, "s": "lost"}, 200); !strings.Contains(res.Body, `"field":["input","status"]`) {
		t.Errorf("unknown status: %s", res.Body)
	}
	res = apiCall(t, h, host, tok, `mutation($id: ID!) { orderSetNote(id: $id, note: "Left at the door") { order { staffNote } } }`,
		map[string]any{"id": orderID}, 200)
	if !strings.Contains(res.Body, `"staffNote":"Left at the door"`) {
		t.Fatalf("note: %s", res.Body)
	}
	cancel := `mutation($id: ID!) { orderCancel(id: $id) { order { cancelled status invoices { kind } } userErrors { message } } }`
	res = apiCall(t, h, host, tok, cancel, map[string]any{"id": orderID}, 200)
	if !strings.Contains(res.Body, `"cancelled":true`) || !strings.Contains(res.Body, `"kind":"CREDIT_NOTE"`) {
		t.Fatalf("cancel: %s", res.Body)
	}
	if v, _ := h.App.Catalog.Variant(ctx, shop.ID, variant); v.Stock != 8 {
		t.Fatalf("stock %d after cancelling one of two orders of 2", v.Stock)
	}
	if res := apiCall(t, h, host, tok, status, map[string]any{"id": orderID, "s": "shipped"}, 200); !strings.Contains(res.Body, `"code":"CONFLICT"`) {
		t.Errorf("a cancelled order changed: %s", res.Body)
	}
	res = apiCall(t, h, host, tok, byNumber, map[string]any{"n": number}, 200)
	for _, want := range []string{`"kind":"payment"`, `"kind":"invoice"`, `"kind":"cancelled"`, `"status":"succeeded"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("timeline: want %s in\n%s", want, res.Body)
		}
	}
	// A read-only token reads, but may not change.
	apiCall(t, h, host, readOnly, `{ orderStatuses { code name isCancelled } }`, nil, 200)
	apiCall(t, h, host, readOnly, cancel, map[string]any{"id": orderID}, 403)
	// An order's customer needs read_customers too.
	apiCall(t, h, host, readOnly, byNumber, map[string]any{"n": number}, 403)
	// Each change sent its webhook in the same transaction.
	for _, topic := range []string{"orders/create", "orders/paid", "orders/status_changed", "orders/cancelled"} {
		if n := h.Count(`SELECT COUNT(*) FROM webhook_events WHERE site_id = ? AND topic = ?`, shop.ID, topic); n == 0 {
			t.Errorf("no %s event", topic)
		}
	}
}

// TestAPICustomersAndWebhooks: customers are listed, read, noted and
// erased; webhook subscriptions are created (with their secret, once),
// changed, paused, resumed and deleted.
func TestAPICustomersAndWebhooks(t *testing.T) {
	h := apptest.New(t)
	shop, _ := h.NewSite("api-people", "owner@example.com")
	host := h.SiteHost("api-people")
	_, _, customer := apiShop(t, h, shop, "jana@example.com")
	cid := fmt.Sprint(customer)
	tok := apiToken(t, h, shop, apitokens.NewToken{Scopes: allScopes()})
	limited := apiToken(t, h, shop, apitokens.NewToken{Scopes: allScopes(), Limited: true})

	list := `query($q: String) { customers(first: 10, query: $q) { edges { node { id name email note ordersCount } } pageInfo { hasNextPage } } }`
	if res := apiCall(t, h, host, tok, list, map[string]any{"q": "jana"}, 200); !strings.Contains(res.Body, `"email":"jana@example.com"`) {
		t.Fatalf("customers: %s", res.Body)
	}
	if res := apiCall(t, h, host, tok, list, map[string]any{"q": "nobody"}, 200); strings.Contains(res.Body, "jana") {
		t.Fatalf("search: %s", res.Body)
	}
	res := apiCall(t, h, host, limited, `query($id: ID!) { customer(id: $id) { id name email phone note addresses { city } } }`, map[string]any{"id": cid}, 206)
	if strings.Contains(res.Body, "jana") || !strings.Contains(res.Body, `"customer.addresses"`) {
		t.Fatalf("limited customer: %s", res.Body)
	}
	res = apiCall(t, h, host, tok, `mutation($id: ID!) { customerUpdate(id: $id, input: {note: "Prefers rye"}) { customer { note } userErrors { message } } }`,
		map[string]any{"id": cid}, 200)
	if !strings.Contains(res.Body, `"note":"Prefers rye"`) {
		t.Fatalf("customerUpdate: %s", res.Body)
	}
	apiCall(t, h, host, tok, `mutation($id: ID!) { customerDelete(id: $id) { deletedId } }`, map[string]any{"id": cid}, 200)
	apiCall(t, h, host, tok, `query($id: ID!) { customer(id: $id) { id } }`, map[string]any{"id": cid}, 404)
	apiCall(t, h, host, tok, `mutation($id: ID!) { customerDelete(id: $id) { deletedId } }`, map[string]any{"id": cid}, 404)

	create := `mutation($t: String!, $u: String!) { webhookCreate(input: {topic: $t, url: $u}) { webhook { id topic status secretHint } secret userErrors { field message } } }`
	if res := apiCall(t, h, host, tok, create, map[string]any{"t": "orders/nothing", "u": "https://hooks.example.com/x"}, 200); !strings.Contains(res.Body, `"field":["input","topic"]`) {
		t.Errorf("bad topic: %s", res.Body)
	}
	res = apiCall(t, h, host, tok, create, map[string]any{"t": "orders/create", "u": "https://hooks.example.com/x"}, 200)
	secret, _ := jsonPath(t, res.Body, "webhookCreate.secret").(string)
	wid := jsonPath(t, res.Body, "webhookCreate.webhook.id").(string)
	if len(secret) < 20 {
		t.Fatalf("no secret: %s", res.Body)
	}
	one := `query($id: ID!) { webhook(id: $id) { topic url status pausedReason recentDeliveries(first: 5) { status log { statusCode } } } webhooks { id } }`
	res = apiCall(t, h, host, tok, one, map[string]any{"id": wid}, 200)
	if strings.Contains(res.Body, secret) || !strings.Contains(res.Body, `"recentDeliveries":[]`) {
		t.Fatalf("webhook: %s", res.Body)
	}
	for _, m := range []string{
		`mutation($id: ID!) { webhookUpdate(id: $id, input: {topic: "orders/paid", url: "https://hooks.example.com/paid"}) { webhook { topic } userErrors { message } } }`,
		`mutation($id: ID!) { webhookPause(id: $id) { webhook { status pausedReason } } }`,
		`mutation($id: ID!) { webhookResume(id: $id) { webhook { status } } }`,
	} {
		apiCall(t, h, host, tok, m, map[string]any{"id": wid}, 200)
	}
	res = apiCall(t, h, host, tok, one, map[string]any{"id": wid}, 200)
	if !strings.Contains(res.Body, `"topic":"orders/paid"`) || !strings.Contains(res.Body, `"status":"active"`) {
		t.Fatalf("after changes: %s", res.Body)
	}
	apiCall(t, h, host, tok, `mutation($id: ID!) { webhookDelete(id: $id) { deletedId } }`, map[string]any{"id": wid}, 200)
	apiCall(t, h, host, tok, one, map[string]any{"id": wid}, 404)
}
