package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/payments"
)

// A shopper's customer session, cart, order page and payment page of site
// A, and a payment callback signed for A, are worth nothing on site B: each
// replayed on B's host finds nothing, and nothing of A or B changes.
func TestShopperThingsOfOneSiteAreUselessOnAnother(t *testing.T) {
	h := apptest.New(t)
	ctx := t.Context()
	siteA, _ := h.NewSite("shop-a", "a@example.com")
	siteB, _ := h.NewSite("shop-b", "b@example.com")
	_, blueA := shopWithMug(t, h, siteA)
	redB, _ := shopWithMug(t, h, siteB)
	for _, site := range []int64{siteA.ID, siteB.ID} {
		ms, _ := h.App.Payments.Methods(ctx, site)
		ms[2].Enabled = true
		if err := h.App.Payments.SaveMethod(ctx, site, ms[2]); err != nil {
			t.Fatal(err)
		}
	}
	hostA, hostB := h.SiteHost("shop-a"), h.SiteHost("shop-b")

	// On A: a customer with a cart and a card order waiting for payment.
	shopper := h.Browser()
	apptest.Expect(t, shopper.Post(hostA, "/account/register", url.Values{"email": {"eva@example.com"}, "password": {"a long pass phrase"}}), http.StatusSeeOther)
	apptest.Expect(t, shopper.Post(hostA, "/cart/add", url.Values{"variant": {fmt.Sprint(blueA)}}), http.StatusSeeOther)
	review := checkoutTo(t, shopper, hostA, "card_test")
	res := shopper.Post(hostA, "/checkout/place", url.Values{"key": {find(t, keyField, review.Body)}, "terms": {"1"}})
	payPath := res.Location
	if !strings.HasPrefix(payPath, "/checkout/pay/test/") {
		t.Fatalf("no payment page: %q", payPath)
	}
	orderA, err := h.App.Orders.ByCustomer(ctx, siteA.ID, mustCustomer(t, h, siteA.ID), 10)
	if err != nil || len(orderA) != 1 {
		t.Fatalf("A's orders %v %v", orderA, err)
	}
	apptest.Expect(t, shopper.Post(hostA, "/cart/add", url.Values{"variant": {fmt.Sprint(blueA)}}), http.StatusSeeOther)
	h2 := shopper
	h2.ReplayCookies(hostA, hostB)

	// A callback signed with A's secret, posted to B.
	hosted, err := h.App.Payments.HostedPayment(ctx, siteA.ID, strings.TrimPrefix(payPath, "/checkout/pay/test/"))
	if err != nil {
		t.Fatal(err)
	}
	body, sig, err := h.App.Payments.SignedCallback(ctx, siteA.ID, payments.Callback{PaymentID: hosted.ID, Outcome: payments.OutcomeSuccess, Amount: hosted.Amount})
	if err != nil {
		t.Fatal(err)
	}
	orderPath := "/orders/" + orderA[0].Token
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "A's customer session on B is nobody", Host: hostB, Path: "/account", As: h2,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"Log in", "Create an account"}, ExpectNotContains: []string{"eva@example.com", orderA[0].Number}},
		{Name: "A's cart cookie on B is an empty cart", Host: hostB, Path: "/cart", As: h2,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"Your cart is empty"}},
		{Name: "A's order page on B", Host: hostB, Path: orderPath, As: h2, ExpectStatus: http.StatusNotFound, ExpectNotContains: []string{orderA[0].Number}},
		{Name: "paying A's order on B", Method: http.MethodPost, Host: hostB, Path: orderPath + "/pay", As: h2, ExpectStatus: http.StatusNotFound},
		{Name: "creating an account with A's order on B", Method: http.MethodPost, Host: hostB, Path: orderPath + "/account", As: h2,
			Form: url.Values{"password": {"a long pass phrase"}}, ExpectStatus: http.StatusNotFound},
		{Name: "A's payment page on B", Host: hostB, Path: payPath, As: h2, ExpectStatus: http.StatusNotFound},
		{Name: "deciding A's payment on B", Method: http.MethodPost, Host: hostB, Path: payPath, As: h2,
			Form: url.Values{"outcome": {"success"}}, ExpectStatus: http.StatusNotFound},
		{Name: "A's signed callback posted to B", Method: http.MethodPost, Host: hostB, Path: "/checkout/pay/test/callback",
			Body: string(body), Header: http.Header{"Content-Type": {"application/json"}, "X-Pagecart-Signature": {sig}},
			ExpectStatus: http.StatusForbidden},
		{Name: "B's variant added with A's cart cookie lands in a new cart of B", Method: http.MethodPost, Host: hostB, Path: "/cart/add", As: h2,
			Form: url.Values{"variant": {fmt.Sprint(redB)}}, ExpectStatus: http.StatusSeeOther},
		{Name: "A's variant cannot go into a cart on B", Method: http.MethodPost, Host: hostB, Path: "/cart/add", As: h2,
			Form: url.Values{"variant": {fmt.Sprint(blueA)}}, ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"no longer for sale"}},
	})
	if n := h.Count(`SELECT COUNT(*) FROM payments WHERE site_id = ? AND status = 'succeeded'`, siteA.ID); n != 0 {
		t.Errorf("A's payment recorded through B: %d", n)
	}
	if n := h.Count(`SELECT COUNT(*) FROM customers WHERE site_id = ?`, siteB.ID); n != 0 {
		t.Errorf("B has %d customers", n)
	}
	if n := h.Count(`SELECT COUNT(*) FROM cart_lines WHERE site_id = ? AND variant_id = ?`, siteA.ID, redB); n != 0 {
		t.Errorf("B's variant is in an A cart")
	}
	// The same callback on A's own host is accepted.
	apptest.Run(t, h, []apptest.Scenario{{Name: "A's callback on A", Method: http.MethodPost, Host: hostA, Path: "/checkout/pay/test/callback",
		Body: string(body), Header: http.Header{"Content-Type": {"application/json"}, "X-Pagecart-Signature": {sig}},
		ExpectStatus: http.StatusOK, ExpectContains: []string{`"succeeded"`}}})
}

func mustCustomer(t *testing.T, h *apptest.Harness, site int64) int64 {
	t.Helper()
	return int64(h.Count(`SELECT id FROM customers WHERE site_id = ?`, site))
}
