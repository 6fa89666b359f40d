package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/shipping"
)

// TestManualOrder: staff place an order for a customer by SKU through the
// same checkout.PlaceOrder as the shop: stock is taken, the order opens,
// the customer is e-mailed; an unknown SKU, a quantity beyond the stock or
// a missing address comes back on the form with what was typed; the same
// form sent twice places one order; another site's owner is refused.
func TestManualOrder(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("counter", "owner@example.com")
	_, stranger := h.NewSite("stranger", "stranger@example.com")
	host := h.SiteHost("counter")
	variant := shopOf(t, h, site) // SKU APR-1, 10 in stock
	zones, err := shipping.NewStore(h.App.DB).Zones(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := h.Login(host, owner.Email)
	// Site B's owner, replaying B's login cookie on this site's host.
	intruder := h.Login(h.SiteHost("stranger"), stranger.Email)
	intruder.ReplayCookies(h.SiteHost("stranger"), host)
	form := func(change map[string]string) url.Values {
		f := url.Values{"key": {"admin-test-key-0001"}, "sku0": {"APR-1"}, "qty0": {"2"}, "email": {"karel@example.com"},
			"billing_name": {"Karel Čapek"}, "billing_line1": {"Úzká 3"}, "billing_city": {"Brno"}, "billing_postcode": {"602 00"},
			"billing_country": {"CZ"}, "shipping_method": {fmt.Sprint(zones[0].Methods[0].ID)}, "payment_method": {payments.BankTransfer}}
		for k, v := range change {
			f.Set(k, v)
		}
		return f
	}
	orderCount := func() int { return h.Count(`SELECT COUNT(*) FROM orders WHERE site_id = ?`, site.ID) }

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "the form", Host: host, Path: "/admin/orders/new", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"New order", `name="sku0"`, "Bank transfer"}},
		{Name: "unknown SKU", Method: http.MethodPost, Host: host, Path: "/admin/orders/new", As: b,
			Form: form(map[string]string{"sku0": "NOPE-9"}), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"No product of this shop has this SKU.", `value="karel@example.com"`, `value="NOPE-9"`}},
		{Name: "unknown SKU and a bad e-mail: both told", Method: http.MethodPost, Host: host, Path: "/admin/orders/new", As: b,
			Form: form(map[string]string{"sku0": "NOPE-9", "email": "karel@"}), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"No product of this shop has this SKU.", `name="email" type="email" value="karel@" required aria-invalid="true"`}},
		{Name: "more than the stock", Method: http.MethodPost, Host: host, Path: "/admin/orders/new", As: b,
			Form: form(map[string]string{"qty0": "11"}), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"only 10 of"}},
		{Name: "no address", Method: http.MethodPost, Host: host, Path: "/admin/orders/new", As: b,
			Form: form(map[string]string{"billing_line1": "", "billing_city": ""}), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{`value="Karel Čapek"`}},
		{Name: "another site's owner", Method: http.MethodPost, Host: host, Path: "/admin/orders/new",
			As:   intruder,
			Form: form(nil), ExpectStatus: http.StatusForbidden},
	})
	if n := orderCount(); n != 0 {
		t.Fatalf("%d orders after refused forms", n)
	}
	if got := stockOf(t, h, site.ID, variant); got != 10 {
		t.Fatalf("stock after refused forms = %d", got)
	}

	for range 2 { // the same form twice: one order
		res := b.Post(host, "/admin/orders/new", form(nil))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("place: %d\n%.2000s", res.Status, res.Body)
		}
		apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Karel Čapek", "Linen apron", " placed.")
	}
	if n := orderCount(); n != 1 {
		t.Fatalf("%d orders, want 1", n)
	}
	if got := stockOf(t, h, site.ID, variant); got != 8 {
		t.Fatalf("stock after the order = %d, want 8", got)
	}
	var source string
	if err := h.App.DB.QueryRow(ctx, `SELECT source FROM orders WHERE site_id = ?`, site.ID).Scan(&source); err != nil || source != orders.SourceAdmin {
		t.Fatalf("source %q, %v", source, err)
	}
	if subject, _ := lastMail(t, h, "karel@example.com"); subject == "" {
		t.Fatal("no order e-mail")
	}
}
