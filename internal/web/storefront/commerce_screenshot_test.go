package storefront_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/payments"
)

// TestCommerceScreenshots draws the cart, the checkout's steps, the order
// page, the account and the test payment page in each design, at a desktop
// and a phone width, for a person to look at. It runs only when
// PAGECART_STOREFRONT_SCREENSHOTS names the directory to write them to.
// Every design takes over a minute: give it -timeout 30m.
func TestCommerceScreenshots(t *testing.T) {
	dir := os.Getenv("PAGECART_STOREFRONT_SCREENSHOTS")
	if dir == "" {
		t.Skip("PAGECART_STOREFRONT_SCREENSHOTS is not set: no screenshots taken")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	h := apptest.New(t)
	ctx := context.Background()
	shots := map[string]shot{}
	key := regexp.MustCompile(`name="key" value="([^"]+)"`)
	for _, th := range h.App.Themes.List() {
		design := th.Name
		s := newShop(t, h, "c"+design)
		if err := h.App.Sites.SetTheme(ctx, s.site.ID, design); err != nil {
			t.Fatal(err)
		}
		seedShop(t, s)
		ms, _ := h.App.Payments.Methods(ctx, s.site.ID)
		for _, m := range ms {
			if m.Code == payments.CardTest || m.Code == payments.BankTransfer {
				m.Enabled, m.Details = true, "Bakery Ltd\nIBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX"
				if err := h.App.Payments.SaveMethod(ctx, s.site.ID, m); err != nil {
					t.Fatal(err)
				}
			}
		}
		apron, _ := h.App.Catalog.ProductBySlug(ctx, s.site.ID, "linen-apron")
		mug, _ := h.App.Catalog.ProductBySlug(ctx, s.site.ID, "stoneware-mug")
		b := h.Browser()
		add := func(variant int64, qty string) {
			apptest.Expect(t, b.Post(s.host, "/cart/add", url.Values{"variant": {fmt.Sprint(variant)}, "qty": {qty}}), http.StatusSeeOther)
		}
		keep := func(name string, res apptest.Response, status int) {
			t.Helper()
			if res.Status != status {
				t.Fatalf("%s %s: %d %s", design, name, res.Status, apptest.Excerpt(res.Body))
			}
			shots[design+"-"+name] = shot{s.host, res}
		}
		keep("cart-empty", b.Get(s.host, "/cart"), http.StatusOK)
		add(apron.Variants[1].ID, "2")
		add(mug.Variants[0].ID, "1")
		keep("cart", b.Get(s.host, "/cart?added=1"), http.StatusOK)
		keep("checkout-details-errors", b.Post(s.host, "/checkout/details", url.Values{"email": {"eva@"}, "billing_name": {"Eva Novak"}}), http.StatusUnprocessableEntity)
		details := url.Values{"email": {"eva@example.com"}, "phone": {"+420 777 123 456"}, "billing_name": {"Eva Novak"},
			"billing_line1": {"Náměstí Svobody 1"}, "billing_city": {"Brno"}, "billing_postcode": {"602 00"}, "billing_country": {"CZ"}, "same_address": {"1"}}
		b.Post(s.host, "/checkout/details", details)
		keep("checkout-details", b.Get(s.host, "/checkout/details"), http.StatusOK)
		delivery := b.Get(s.host, "/checkout/delivery")
		keep("checkout-delivery", delivery, http.StatusOK)
		ship := regexp.MustCompile(`name="shipping" value="(\d+)"`).FindStringSubmatch(delivery.Body)[1]
		b.Post(s.host, "/checkout/delivery", url.Values{"shipping": {ship}, "payment": {"bank_transfer"}, "note": {"Please ring twice."}})
		review := b.Get(s.host, "/checkout/review")
		keep("checkout-review", review, http.StatusOK)
		res := b.Post(s.host, "/checkout/place", url.Values{"key": {key.FindStringSubmatch(review.Body)[1]}, "terms": {"1"}})
		keep("order", b.Follow(s.host, res), http.StatusOK)
		add(mug.Variants[0].ID, "1")
		b.Post(s.host, "/checkout/details", details)
		b.Post(s.host, "/checkout/delivery", url.Values{"shipping": {ship}, "payment": {"card_test"}})
		review = b.Get(s.host, "/checkout/review")
		res = b.Post(s.host, "/checkout/place", url.Values{"key": {key.FindStringSubmatch(review.Body)[1]}, "terms": {"1"}})
		keep("paypage", b.Follow(s.host, res), http.StatusOK)
		res = b.Post(s.host, res.Location, url.Values{"outcome": {"success"}})
		keep("order-paid", b.Follow(s.host, res), http.StatusOK)
		keep("account-login", h.Browser().Get(s.host, "/account"), http.StatusOK)
		res = b.Post(s.host, "/account/register", url.Values{"email": {"eva@example.com"}, "password": {"a long pass phrase"}, "name": {"Eva"}})
		keep("account", b.Follow(s.host, res), http.StatusOK)
	}
	takeShots(t, h, chromium, dir, shots)
}
