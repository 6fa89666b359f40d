package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestGuestBuysTwoVariantsThenPaysByCard is the shopper's story in a real
// browser: two variants of a product into the cart (the second chosen in
// the picker), the checkout's three steps, a bank transfer order with its
// payment reference; then a second order paid on the test card provider's
// page.
func TestGuestBuysTwoVariantsThenPaysByCard(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "mugs", Title: "Mug House", Email: "owner@mugs.example",
		Password: goodPassword, Plan: plans.Trial, NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	site := res.Site.ID
	prod, err := p.app.Catalog.CreateProduct(ctx, site, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Stoneware mug", Currency: "EUR", Status: catalog.StatusActive, Description: "<p>Thrown by hand.</p>",
		Options: []catalog.Option{{Name: "Glaze", Values: []string{"Sand", "Ocean"}}},
		Variants: []catalog.VariantInput{
			{OptionValues: []string{"Sand"}, Price: 1800, Stock: 10, TrackStock: true},
			{OptionValues: []string{"Ocean"}, Price: 2100, Stock: 10, TrackStock: true},
		}})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := p.app.Payments.Methods(ctx, site)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		switch m.Code {
		case payments.BankTransfer:
			m.Details = "Mug House Ltd\nIBAN DE89 3704 0044 0532 0130 00"
		case payments.CardTest:
			m.Enabled = true
		default:
			continue
		}
		if err := p.app.Payments.SaveMethod(ctx, site, m); err != nil {
			t.Fatal(err)
		}
	}
	shop := p.cfg.SiteURL("mugs")

	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		stepCtx, cancel := context.WithTimeout(browser, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(stepCtx, actions...); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, whereAmI(browser))
		}
	}
	text := func() string {
		t.Helper()
		s, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	fillDetails := func() {
		t.Helper()
		run("fill in the details",
			chromedp.WaitVisible(chromedp.CSS(`#email`)),
			chromedp.SendKeys(chromedp.CSS(`#email`), "eva@example.com"),
			chromedp.SendKeys(chromedp.CSS(`#billing_name`), "Eva Novak"),
			chromedp.SendKeys(chromedp.CSS(`#billing_line1`), "Main 1"),
			chromedp.SendKeys(chromedp.CSS(`#billing_postcode`), "60200"),
			chromedp.SendKeys(chromedp.CSS(`#billing_city`), "Brno"),
			chromedp.SetValue(chromedp.CSS(`#billing_country`), "CZ"),
			chromedp.Click(chromedp.CSS(`form.checkout-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`input[name=shipping]`)),
		)
	}

	// The first variant, then the second chosen in the picker.
	run("add the first variant",
		chromedp.Navigate(fmt.Sprintf("%s/products/stoneware-mug?variant=%d", shop, prod.Variants[0].ID)),
		// The cookie bar answers first, as a shopper would, so that it
		// covers no button further on.
		chromedp.WaitVisible(chromedp.CSS(`#consent button[value=reject]`)),
		chromedp.Click(chromedp.CSS(`#consent button[value=reject]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`#consent`)),
		chromedp.WaitVisible(chromedp.CSS(`button[data-add]`)),
		chromedp.Click(chromedp.CSS(`button[data-add]`)),
		chromedp.WaitVisible(chromedp.CSS(`.cart-lines`)),
		chromedp.Navigate(shop+"/products/stoneware-mug"),
		chromedp.WaitVisible(chromedp.CSS(`select[name=o1]`)),
	)
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](`(function(){var s=document.querySelector("select[name=o1]");s.value="Ocean";s.dispatchEvent(new Event("change"));return true})()`)); err != nil {
		t.Fatal(err)
	}
	run("add the second variant",
		chromedp.Click(chromedp.CSS(`button[data-add]`)),
		chromedp.WaitVisible(chromedp.CSS(`.cart-lines`)),
	)
	if got := text(); !strings.Contains(got, "Sand") || !strings.Contains(got, "Ocean") || !strings.Contains(got, "€39.00") {
		t.Fatalf("the cart shows:\n%s", got)
	}
	screenshot(t, browser, "shop-cart")

	run("go to the checkout", chromedp.Click(chromedp.CSS(`.order-summary button[type=submit]`)))
	fillDetails()
	screenshot(t, browser, "shop-checkout-delivery")
	run("review with bank transfer",
		chromedp.Click(chromedp.CSS(`input[value=bank_transfer]`)),
		chromedp.Click(chromedp.CSS(`form.checkout-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=terms]`)),
		chromedp.Click(chromedp.CSS(`input[name=terms]`)),
	)
	screenshot(t, browser, "shop-checkout-review")
	run("place the order",
		chromedp.Click(chromedp.CSS(`button.place-order`)),
		chromedp.WaitVisible(chromedp.CSS(`.order-page`)),
	)
	if got := text(); !strings.Contains(got, "is placed") || !strings.Contains(got, "Payment reference") || !strings.Contains(got, "€43.90") {
		t.Fatalf("the order page shows:\n%s", got)
	}
	screenshot(t, browser, "shop-order-confirmation")

	// A second order, paid by card on the test provider's page.
	run("add a mug again",
		chromedp.Navigate(fmt.Sprintf("%s/products/stoneware-mug?variant=%d", shop, prod.Variants[0].ID)),
		chromedp.WaitVisible(chromedp.CSS(`button[data-add]`)),
		chromedp.Click(chromedp.CSS(`button[data-add]`)),
		chromedp.WaitVisible(chromedp.CSS(`.cart-lines`)),
		chromedp.Click(chromedp.CSS(`.order-summary button[type=submit]`)),
	)
	fillDetails()
	run("pay by card",
		chromedp.Click(chromedp.CSS(`input[value=card_test]`)),
		chromedp.Click(chromedp.CSS(`form.checkout-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=terms]`)),
		chromedp.Click(chromedp.CSS(`input[name=terms]`)),
		chromedp.Click(chromedp.CSS(`button.place-order`)),
		chromedp.WaitVisible(chromedp.CSS(`.test-provider`)),
	)
	screenshot(t, browser, "shop-test-payment")
	run("the payment succeeds",
		chromedp.Click(chromedp.CSS(`button[value=success]`)),
		chromedp.WaitVisible(chromedp.CSS(`.order-page`)),
	)
	if got := text(); !strings.Contains(got, "Your payment was received") || !strings.Contains(got, "Paid in full") {
		t.Fatalf("after paying, the order page shows:\n%s", got)
	}
	screenshot(t, browser, "shop-order-paid")

	var paid, all int
	if err := p.app.DB.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN payment_status = ? THEN 1 ELSE 0 END), 0) FROM orders WHERE site_id = ?`,
		orders.PaymentPaid, site).Scan(&all, &paid); err != nil {
		t.Fatal(err)
	}
	if all != 2 || paid != 1 {
		t.Errorf("%d orders, %d paid; want 2 and 1", all, paid)
	}

	// The owner's side: both orders in the admin, the first one shipped
	// (its customer is e-mailed through the outbox), invoiced, and the
	// invoice's PDF opened.
	var first orders.Order
	var number2 string
	if err := p.app.DB.QueryRow(ctx, `SELECT id, number FROM orders WHERE site_id = ? ORDER BY number LIMIT 1`, site).
		Scan(&first.ID, &first.Number); err != nil {
		t.Fatal(err)
	}
	if err := p.app.DB.QueryRow(ctx, `SELECT number FROM orders WHERE site_id = ? ORDER BY number DESC LIMIT 1`, site).
		Scan(&number2); err != nil {
		t.Fatal(err)
	}
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, site)
	if err != nil {
		t.Fatal(err)
	}
	admin := shop + "/admin"
	run("the owner opens the orders",
		chromedp.Navigate(admin+"/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(admin+"/orders"),
		chromedp.WaitVisible(chromedp.CSS(`main table`)),
	)
	if got := text(); !strings.Contains(got, first.Number) || !strings.Contains(got, number2) || !strings.Contains(got, "Eva Novak") {
		t.Fatalf("the orders list shows:\n%s", got)
	}
	screenshot(t, browser, "admin-orders")
	orderPage := fmt.Sprintf("%s/orders/%d", admin, first.ID)
	run("ship the first order",
		chromedp.Navigate(orderPage),
		chromedp.WaitVisible(chromedp.CSS(`#o-status`)),
		chromedp.SetValue(chromedp.CSS(`#o-status`), orders.StatusShipped),
		chromedp.Click(chromedp.CSS(`form.status-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[name=kind][value=invoice]`)),
	)
	// The invoice button was on the page before the click too: the
	// change is known to be stored once its e-mail is in the outbox.
	var subject string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		err := p.app.DB.QueryRow(ctx, `SELECT subject FROM mail_messages WHERE to_addr = ? ORDER BY id DESC LIMIT 1`, "eva@example.com").
			Scan(&subject)
		if err == nil && strings.Contains(subject, "Shipped") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last e-mail to the customer: %q, %v", subject, err)
		}
	}
	run("issue an invoice",
		chromedp.Click(chromedp.CSS(`button[name=kind][value=invoice]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/pdf"]`)),
	)
	// From the top, so that the sticky menu is drawn where it belongs.
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](`(function(){ window.scrollTo(0, 0); return true })()`)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, browser, "admin-order")
	// The PDF, fetched by the page itself with the owner's cookie.
	pdf, err := chromedp.Run(browser, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/pdf"]').href)
		.then(r => r.arrayBuffer().then(b => r.status + " " + r.headers.get("Content-Type") + " " +
			String.fromCharCode(...new Uint8Array(b.slice(0, 5))) + " " + b.byteLength))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pdf, "200 application/pdf %PDF-") {
		t.Fatalf("the invoice's PDF: %s", pdf)
	}
}
