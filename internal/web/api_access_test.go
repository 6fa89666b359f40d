package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// TestAPICrossSite: every query and mutation of the API, sent with a token
// of site B, gets nothing of site A and changes nothing of it: on A's host
// B's token is unknown (401), and on B's host A's IDs are not found (404).
func TestAPICrossSite(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	a, _ := h.NewSite("site-a", "a@example.com")
	b, _ := h.NewSite("site-b", "b@example.com")
	p, err := h.App.Catalog.CreateProduct(ctx, a.ID, plans.MustGet(plans.Business),
		catalog.ProductInput{Title: "Secret loaf", Slug: "secret-loaf", Price: 450, Currency: "EUR", Status: catalog.StatusActive})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := h.App.Catalog.CreateCategory(ctx, a.ID, catalog.CategoryInput{Title: "Secret breads", Slug: "secret-breads"})
	if err != nil {
		t.Fatal(err)
	}
	variantA, methodA, customerA := apiShop(t, h, a, "secret-jana@example.com")
	orderA, err := h.App.Checkout.PlaceOrder(ctx, a.ID, checkout.PlaceInput{SubmissionKey: checkout.NewSubmissionKey(), CustomerID: customerA,
		Email: "secret-jana@example.com", Billing: orders.Address{Name: "Jana Secret", Line1: "Secret Street 1", City: "Praha", Postcode: "11000", Country: "CZ"},
		ShippingMethodID: methodA, PaymentMethod: payments.BankTransfer, AcceptTerms: true, Items: []cart.Item{{VariantID: variantA, Qty: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	hookA, err := h.App.Webhooks.Create(ctx, a.ID, webhooks.Input{Topic: "orders/create", URL: "https://secret.example.com/hook"})
	if err != nil {
		t.Fatal(err)
	}
	pid, vid, cid := strconv.FormatInt(p.ID, 10), strconv.FormatInt(p.Variants[0].ID, 10), strconv.FormatInt(cat.ID, 10)
	oid, num, custID, wid := strconv.FormatInt(orderA.ID, 10), orderA.Number, strconv.FormatInt(customerA, 10), strconv.FormatInt(hookA.ID, 10)
	content := newContentFixture(t, h, a, "Secret")
	postA, imageA, pageA := strconv.FormatInt(content.post.ID, 10), strconv.FormatInt(content.image, 10), strconv.FormatInt(content.page.ID, 10)
	tokB := apiToken(t, h, b, apitokens.NewToken{Scopes: allScopes()})
	_, partner, _ := h.App.APITokens.CreatePartner(ctx, "p", "op")

	// On B's own host, each operation gets nothing of A: notFound (404)
	// when it names one of A's entities, else an empty list, a count of 0,
	// or userErrors (a create naming A's variant or customer).
	const notFound, empty, refused = "404", "empty", "refused"
	operations := []struct{ name, query, onB string }{
		{"site", `{ site { name title contactEmail } }`, empty},
		{"pages", `{ pages { edges { node { title } } } }`, empty},
		{"page", `{ page(handle: "about") { title } }`, empty},
		{"products", `{ products { edges { node { title } } totalCount } }`, empty},
		{"product by id", `{ product(id: "` + pid + `") { title } }`, notFound},
		{"product by handle", `{ product(handle: "secret-loaf") { title } }`, notFound},
		{"variant", `{ variant(id: "` + vid + `") { stock } }`, notFound},
		{"categories", `{ categories { edges { node { title } } } }`, empty},
		{"category", `{ category(id: "` + cid + `") { title } }`, notFound},
		{"orders", `{ orders { edges { node { number email } } } }`, empty},
		{"orders searched", `{ orders(query: "Secret") { edges { node { number } } } }`, empty},
		{"order by id", `{ order(id: "` + oid + `") { number email } }`, notFound},
		{"order by number", `{ order(number: "` + num + `") { number email } }`, notFound},
		{"orderStatuses", `{ orderStatuses { code } }`, empty},
		{"customers", `{ customers { edges { node { email name } } } }`, empty},
		{"customer", `{ customer(id: "` + custID + `") { email } }`, notFound},
		{"webhooks", `{ webhooks { url } }`, empty},
		{"webhook", `{ webhook(id: "` + wid + `") { url recentDeliveries { payload } } }`, notFound},
		{"posts", `{ posts(first: 100) { edges { node { title } } } }`, empty},
		{"posts by A's tag", `{ posts(tag: "secret-tag") { edges { node { title } } } }`, empty},
		{"post by id", `{ post(id: "` + postA + `") { title } }`, notFound},
		{"post by handle", `{ post(handle: "secret-recipe") { title } }`, notFound},
		{"mediaItems", `{ mediaItems(first: 100) { edges { node { url alt } } } }`, empty},
		{"mediaItem", `{ mediaItem(id: "` + imageA + `") { url } }`, notFound},
		{"menu", `{ menu(name: HEADER) { links { label url } } }`, empty},
		{"page with sections", `{ page(id: "` + pageA + `") { sections { settingsJson } draftSections { settingsJson } } }`, notFound},
		{"productCreate", `mutation { productCreate(input: {title: "Intruder", price: 1}) { product { id } } }`, empty},
		{"productUpdate", `mutation { productUpdate(id: "` + pid + `", input: {title: "Hacked"}) { product { id } } }`, notFound},
		{"productDelete", `mutation { productDelete(id: "` + pid + `") { deletedId } }`, notFound},
		{"productsSetStatus", `mutation { productsSetStatus(ids: ["` + pid + `"], status: ARCHIVED) { count } }`, empty},
		{"categoryCreate", `mutation { categoryCreate(input: {title: "Intruder"}) { category { id } } }`, empty},
		{"categoryUpdate", `mutation { categoryUpdate(id: "` + cid + `", input: {title: "Hacked"}) { category { id } } }`, notFound},
		{"categoryDelete", `mutation { categoryDelete(id: "` + cid + `") { deletedId } }`, notFound},
		{"inventorySet", `mutation { inventorySet(variantId: "` + vid + `", quantity: 0) { variant { stock } } }`, notFound},
		{"orderCreate with A's variant and customer", `mutation { orderCreate(input: {lines: [{variantId: "` + strconv.FormatInt(variantA, 10) +
			`", quantity: 1}], email: "x@example.com", customerId: "` + custID + `", billingAddress: {name: "X", line1: "Y 1", city: "Z", postcode: "1", country: "CZ"}}) { order { id } userErrors { field message } } }`, refused},
		{"orderSetStatus", `mutation { orderSetStatus(id: "` + oid + `", status: "shipped") { order { id } } }`, notFound},
		{"orderCancel", `mutation { orderCancel(id: "` + oid + `") { order { id } } }`, notFound},
		{"orderSetNote", `mutation { orderSetNote(id: "` + oid + `", note: "Hacked") { order { id } } }`, notFound},
		{"paymentRecord", `mutation { paymentRecord(orderId: "` + oid + `") { order { id } } }`, notFound},
		{"invoiceIssue", `mutation { invoiceIssue(orderId: "` + oid + `") { invoice { id } } }`, notFound},
		{"customerUpdate", `mutation { customerUpdate(id: "` + custID + `", input: {note: "Hacked"}) { customer { id } } }`, notFound},
		{"customerDelete", `mutation { customerDelete(id: "` + custID + `") { deletedId } }`, notFound},
		{"webhookCreate", `mutation { webhookCreate(input: {topic: "orders/paid", url: "https://b.example.com/hook"}) { webhook { id } } }`, empty},
		{"webhookUpdate", `mutation { webhookUpdate(id: "` + wid + `", input: {topic: "orders/paid", url: "https://evil.example.com"}) { webhook { id } } }`, notFound},
		{"webhookPause", `mutation { webhookPause(id: "` + wid + `") { webhook { id } } }`, notFound},
		{"webhookResume", `mutation { webhookResume(id: "` + wid + `") { webhook { id } } }`, notFound},
		{"webhookDelete", `mutation { webhookDelete(id: "` + wid + `") { deletedId } }`, notFound},
		{"postCreate with A's cover", `mutation { postCreate(input: {title: "Intruder", coverMediaId: "` + imageA + `"}) { post { id } userErrors { field } } }`, empty},
		{"postUpdate", `mutation { postUpdate(id: "` + postA + `", input: {title: "Hacked"}) { post { id } } }`, notFound},
		{"postDelete", `mutation { postDelete(id: "` + postA + `") { deletedId } }`, notFound},
	}
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			for _, host := range []string{h.SiteHost("site-a"), h.SiteHost("site-b")} {
				req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/api/graphql", strings.NewReader(gql(op.query, nil)))
				req.Header = apiHeader(tokB, "X-Partner-Token", partner)
				res := h.Browser().Send(req)
				for _, secret := range []string{"Secret", "secret", "a@example.com", "site-a", num} {
					if strings.Contains(res.Body, secret) {
						t.Errorf("%s on %s: reply shows %q of site A\n%s", op.name, host, secret, res.Body)
					}
				}
				if host == h.SiteHost("site-a") {
					if res.Status != http.StatusUnauthorized {
						t.Errorf("%s on A's host with B's token: %d, want 401", op.name, res.Status)
					}
					continue
				}
				switch op.onB {
				case notFound:
					if res.Status != http.StatusNotFound || !strings.Contains(res.Body, `"code":"NOT_FOUND"`) {
						t.Errorf("%s on B's host naming A's entity: %d, want 404\n%s", op.name, res.Status, res.Body)
					}
				case refused:
					if res.Status != http.StatusOK || !strings.Contains(res.Body, `"order":null`) ||
						!strings.Contains(res.Body, `"field":["input","lines","0"]`) || !strings.Contains(res.Body, `"field":["input","customerId"]`) {
						t.Errorf("%s on B's host: %d, want userErrors for A's variant and customer\n%s", op.name, res.Status, res.Body)
					}
				default:
					if res.Status != http.StatusOK || strings.Contains(res.Body, `"count":1`) {
						t.Errorf("%s on B's host: %d\n%s", op.name, res.Status, res.Body)
					}
				}
			}
		})
	}
	// Nothing of A changed.
	if o, err := h.App.Orders.Get(ctx, a.ID, orderA.ID); err != nil || o.Status != orderA.Status || o.StaffNote != "" || o.PaidTotal != 0 || !o.CancelledAt.IsZero() {
		t.Fatalf("site A's order changed: %+v, %v", o, err)
	}
	if docs, _ := h.App.Invoices.ForOrder(ctx, a.ID, orderA.ID); len(docs) != 0 {
		t.Fatalf("site A's order got invoices: %+v", docs)
	}
	if c, err := h.App.Customers.Get(ctx, a.ID, customerA); err != nil || c.Note != "" {
		t.Fatalf("site A's customer changed: %+v, %v", c, err)
	}
	if w, err := h.App.Webhooks.Get(ctx, a.ID, hookA.ID); err != nil || w.URL != hookA.URL || w.Status != webhooks.StatusActive {
		t.Fatalf("site A's webhook changed: %+v, %v", w, err)
	}
	if p, err := h.App.Blog.Get(ctx, a.ID, content.post.ID); err != nil || p.Title != content.post.Title {
		t.Fatalf("site A's post changed: %+v, %v", p, err)
	}
	if n := h.Count(`SELECT COUNT(*) FROM blog_posts WHERE site_id = ? AND title = 'Intruder' AND cover_media_id <> 0`, b.ID); n != 0 {
		t.Fatalf("site B's post took A's cover")
	}
	if n := h.Count(`SELECT COUNT(*) FROM orders WHERE site_id = ?`, a.ID); n != 1 {
		t.Fatalf("site A has %d orders", n)
	}
	after, err := h.App.Catalog.Product(ctx, a.ID, p.ID)
	if err != nil || after.Title != "Secret loaf" || after.Status != catalog.StatusActive || after.Variants[0].Stock != p.Variants[0].Stock {
		t.Fatalf("site A's product changed: %+v, %v", after, err)
	}
	if c, err := h.App.Catalog.Category(ctx, a.ID, cat.ID); err != nil || c.Title != "Secret breads" {
		t.Fatalf("site A's category changed: %+v %v", c, err)
	}
	if n, _ := h.App.Catalog.ProductCount(ctx, a.ID); n != 2 { // the secret loaf and apiShop's rye loaf
		t.Fatalf("site A has %d products", n)
	}
}

// TestAPIIdempotency: a mutation repeated with the same key is done once
// and answered with the first reply; the key with another request is a 400.
func TestAPIIdempotency(t *testing.T) {
	h := apptest.New(t)
	shop, _ := h.NewSite("idem", "o@example.com")
	tok := apiToken(t, h, shop, apitokens.NewToken{})
	host := h.SiteHost("idem")
	create := gql(`mutation { productCreate(input: {title: "Once", price: 100}) { product { id } userErrors { message } } }`, nil)
	send := func(body string, header ...string) apptest.Response {
		req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/api/graphql", strings.NewReader(body))
		req.Header = apiHeader(tok, header...)
		return h.Browser().Send(req)
	}
	first := send(create, "Idempotency-Key", "k-1")
	again := send(create, "Idempotency-Key", "k-1")
	if first.Status != 200 || again.Status != 200 || first.Body != again.Body || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %s / %d %s", first.Status, first.Body, again.Status, again.Body)
	}
	other := send(gql(`mutation { productCreate(input: {title: "Twice", price: 100}) { product { id } } }`, nil), "Idempotency-Key", "k-1")
	if other.Status != 400 || !strings.Contains(other.Body, `"code":"IDEMPOTENCY_KEY_REUSED"`) {
		t.Fatalf("reuse: %d %s", other.Status, other.Body)
	}
	// The submissionId argument works as the key too.
	withArg := gql(`mutation { productCreate(input: {title: "Arg", price: 100}, submissionId: "s-1") { product { id } } }`, nil)
	if r1, r2 := send(withArg), send(withArg); r1.Body != r2.Body || r1.Status != 200 {
		t.Fatalf("submissionId: %s / %s", r1.Body, r2.Body)
	}
	if n, _ := h.App.Catalog.ProductCount(t.Context(), shop.ID); n != 2 {
		t.Fatalf("%d products, want 2 (each key's product made once)", n)
	}
}
