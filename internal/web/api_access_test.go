package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
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
	pid, vid, cid := strconv.FormatInt(p.ID, 10), strconv.FormatInt(p.Variants[0].ID, 10), strconv.FormatInt(cat.ID, 10)
	all := []apitokens.Scope{"read_products", "write_products", "read_content", "write_content"}
	tokB := apiToken(t, h, b, apitokens.NewToken{Scopes: all})
	_, partner, _ := h.App.APITokens.CreatePartner(ctx, "p", "op")

	operations := map[string]string{
		"site":              `{ site { name title contactEmail } }`,
		"pages":             `{ pages { edges { node { title } } } }`,
		"page":              `{ page(handle: "about") { title } }`,
		"products":          `{ products { edges { node { title } } totalCount } }`,
		"product by id":     `{ product(id: "` + pid + `") { title } }`,
		"product by handle": `{ product(handle: "secret-loaf") { title } }`,
		"variant":           `{ variant(id: "` + vid + `") { stock } }`,
		"categories":        `{ categories { edges { node { title } } } }`,
		"category":          `{ category(id: "` + cid + `") { title } }`,
		"productCreate":     `mutation { productCreate(input: {title: "Intruder", price: 1}) { product { id } } }`,
		"productUpdate":     `mutation { productUpdate(id: "` + pid + `", input: {title: "Hacked"}) { product { id } } }`,
		"productDelete":     `mutation { productDelete(id: "` + pid + `") { deletedId } }`,
		"productsSetStatus": `mutation { productsSetStatus(ids: ["` + pid + `"], status: ARCHIVED) { count } }`,
		"categoryCreate":    `mutation { categoryCreate(input: {title: "Intruder"}) { category { id } } }`,
		"categoryUpdate":    `mutation { categoryUpdate(id: "` + cid + `", input: {title: "Hacked"}) { category { id } } }`,
		"categoryDelete":    `mutation { categoryDelete(id: "` + cid + `") { deletedId } }`,
		"inventorySet":      `mutation { inventorySet(variantId: "` + vid + `", quantity: 0) { variant { stock } } }`,
	}
	for name, q := range operations {
		t.Run(name, func(t *testing.T) {
			for _, host := range []string{h.SiteHost("site-a"), h.SiteHost("site-b")} {
				req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/api/graphql", strings.NewReader(gql(q, nil)))
				req.Header = apiHeader(tokB, "X-Partner-Token", partner)
				res := h.Browser().Send(req)
				for _, secret := range []string{"Secret", "a@example.com", "site-a"} {
					if strings.Contains(res.Body, secret) {
						t.Errorf("%s on %s: reply shows %q of site A\n%s", name, host, secret, res.Body)
					}
				}
				if host == h.SiteHost("site-a") && res.Status != http.StatusUnauthorized {
					t.Errorf("%s on A's host with B's token: %d, want 401", name, res.Status)
				}
				// On B's own host, an operation naming one of A's entities
				// finds nothing: 404, or for the bulk change a count of 0.
				namesA := strings.Contains(q, `"`+pid+`"`) || strings.Contains(q, `"`+cid+`"`) || strings.Contains(q, `"`+vid+`"`) ||
					strings.Contains(q, "secret-loaf")
				if host == h.SiteHost("site-b") && namesA && res.Status != http.StatusNotFound && !strings.Contains(res.Body, `"count":0`) {
					t.Errorf("%s on B's host naming A's entity: %d, want 404\n%s", name, res.Status, res.Body)
				}
			}
		})
	}
	// Nothing of A changed.
	after, err := h.App.Catalog.Product(ctx, a.ID, p.ID)
	if err != nil || after.Title != "Secret loaf" || after.Status != catalog.StatusActive || after.Variants[0].Stock != p.Variants[0].Stock {
		t.Fatalf("site A's product changed: %+v, %v", after, err)
	}
	if c, err := h.App.Catalog.Category(ctx, a.ID, cat.ID); err != nil || c.Title != "Secret breads" {
		t.Fatalf("site A's category changed: %+v %v", c, err)
	}
	if n, _ := h.App.Catalog.ProductCount(ctx, a.ID); n != 1 {
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
