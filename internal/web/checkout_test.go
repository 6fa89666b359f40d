package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
)

// shopWithMug gives a site a product with two variants (stock 5 and 50)
// and returns their IDs.
func shopWithMug(t *testing.T, h *apptest.Harness, site sites.Site) (int64, int64) {
	t.Helper()
	p, err := h.App.Catalog.CreateProduct(t.Context(), site.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Mug", Currency: "EUR", Status: catalog.StatusActive,
		Options: []catalog.Option{{Name: "Colour", Values: []string{"Red", "Blue"}}},
		Variants: []catalog.VariantInput{
			{OptionValues: []string{"Red"}, Price: 1250, Stock: 5, TrackStock: true},
			{OptionValues: []string{"Blue"}, Price: 1000, Stock: 50, TrackStock: true},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return p.Variants[0].ID, p.Variants[1].ID
}

var (
	keyField      = regexp.MustCompile(`name="key" value="([^"]+)"`)
	shippingField = regexp.MustCompile(`name="shipping" value="(\d+)"`)
	orderLink     = regexp.MustCompile(`/orders/([A-Za-z0-9_-]{40,})`)
)

func find(t *testing.T, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in %s", re, apptest.Excerpt(body))
	}
	return m[1]
}

// checkoutTo fills the checkout's first two steps and returns the review
// page.
func checkoutTo(t *testing.T, b *apptest.Browser, host, payment string) apptest.Response {
	t.Helper()
	res := b.Post(host, "/checkout/details", url.Values{"email": {"eva@example.com"}, "billing_name": {"Eva Novak"},
		"billing_line1": {"Main 1"}, "billing_city": {"Brno"}, "billing_postcode": {"60200"}, "billing_country": {"CZ"},
		"same_address": {"1"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	res = b.Get(host, "/checkout/delivery")
	apptest.Expect(t, res, http.StatusOK, "Standard delivery", "Bank transfer")
	res = b.Post(host, "/checkout/delivery", url.Values{"shipping": {find(t, shippingField, res.Body)}, "payment": {payment}})
	apptest.Expect(t, res, http.StatusSeeOther)
	return b.Get(host, "/checkout/review")
}

// TestGuestBuysWithBankTransfer is the shopper's story over HTTP: add two
// variants, go through the checkout, place the order once (twice
// submitted), see the order page with the bank details, and get the e-mail.
func TestGuestBuysWithBankTransfer(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("mugs", "owner@example.com")
	red, blue := shopWithMug(t, h, site)
	host := h.SiteHost("mugs")
	b := h.Browser()

	apptest.Expect(t, b.Get(host, "/cart"), http.StatusOK, "Your cart is empty")
	res := b.Post(host, "/cart/add", url.Values{"variant": {fmt.Sprint(red)}, "qty": {"2"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	apptest.Expect(t, b.Post(host, "/cart/add", url.Values{"variant": {fmt.Sprint(blue)}}), http.StatusSeeOther)
	apptest.Expect(t, b.Get(host, "/cart?added=1"), http.StatusOK, "Added to your cart", "Mug", "Red", "Blue", "€35.00", "from €4.90")
	apptest.Expect(t, b.Post(host, "/cart/update", url.Values{"variant": {fmt.Sprint(red)}, "qty": {"9"}}),
		http.StatusUnprocessableEntity, "Only 5 left in stock.")

	res = checkoutTo(t, b, host, "bank_transfer")
	apptest.Expect(t, res, http.StatusOK, "Place order · €39.90", "Eva Novak", "Standard delivery", "Bank transfer")
	key := find(t, keyField, res.Body)

	res = b.Post(host, "/checkout/place", url.Values{"key": {key}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Please accept the terms of sale")
	res = b.Post(host, "/checkout/place", url.Values{"key": {key}, "terms": {"1"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	first := res.Location
	again := b.Post(host, "/checkout/place", url.Values{"key": {key}, "terms": {"1"}})
	if again.Location != first {
		t.Errorf("double submit went to %q, want %q", again.Location, first)
	}
	if n := h.Count(`SELECT COUNT(*) FROM orders WHERE site_id = ?`, site.ID); n != 1 {
		t.Fatalf("%d orders, want 1", n)
	}
	page := b.Follow(host, res)
	apptest.Expect(t, page, http.StatusOK, "is placed", "Payment reference", "Awaiting payment", "€39.90", "Order placed", "Create an account")
	if n := h.Count(`SELECT stock FROM product_variants WHERE site_id = ? AND id = ?`, site.ID, red); n != 3 {
		t.Errorf("red stock %d, want 3", n)
	}
	if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE site_id = ? AND to_addr = ?`, site.ID, "eva@example.com"); n != 1 {
		t.Errorf("%d order e-mails, want 1", n)
	}
	apptest.Expect(t, b.Get(host, "/cart"), http.StatusOK, "Your cart is empty")

	// The guest creates an account from the order page: the order is theirs.
	token := find(t, orderLink, first)
	res = b.Post(host, "/orders/"+token+"/account", url.Values{"password": {"a long pass phrase"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Your account is ready", "eva@example.com", "/orders/"+token)
}

// TestCardPaymentWithTestProvider pays on the test provider's page.
func TestCardPaymentWithTestProvider(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("mugs", "owner@example.com")
	_, blue := shopWithMug(t, h, site)
	ms, err := h.App.Payments.Methods(t.Context(), site.ID)
	if err != nil {
		t.Fatal(err)
	}
	card := ms[2]
	card.Enabled = true
	if err := h.App.Payments.SaveMethod(t.Context(), site.ID, card); err != nil {
		t.Fatal(err)
	}
	host := h.SiteHost("mugs")
	b := h.Browser()
	apptest.Expect(t, b.Post(host, "/cart/add", url.Values{"variant": {fmt.Sprint(blue)}}), http.StatusSeeOther)
	res := checkoutTo(t, b, host, "card_test")
	res = b.Post(host, "/checkout/place", url.Values{"key": {find(t, keyField, res.Body)}, "terms": {"1"}})
	if !strings.HasPrefix(res.Location, "/checkout/pay/test/") {
		t.Fatalf("placed a card order, went to %q", res.Location)
	}
	payPage := b.Follow(host, res)
	apptest.Expect(t, payPage, http.StatusOK, "Pay €14.90", "Payment succeeds", "Card is declined")
	res = b.Post(host, res.Location, url.Values{"outcome": {"failure"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "did not go through", "Pay €14.90 by card", "Card payment failed")
	token := find(t, orderLink, res.Location)
	res = b.Post(host, "/orders/"+token+"/pay", nil)
	apptest.Expect(t, res, http.StatusSeeOther)
	res = b.Post(host, res.Location, url.Values{"outcome": {"success"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Your payment was received", "Paid in full")
	if n := h.Count(`SELECT COUNT(*) FROM orders WHERE site_id = ? AND payment_status = 'paid' AND status = 'paid'`, site.ID); n != 1 {
		t.Errorf("%d paid orders, want 1", n)
	}
}
