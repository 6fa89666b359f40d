package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/taxes"
)

// shopOf gives a site a product with a tracked variant (stock 10), the
// default shipping and payment methods, and returns the variant's ID.
func shopOf(t *testing.T, h *apptest.Harness, site sites.Site) int64 {
	t.Helper()
	ctx := context.Background()
	p, err := h.App.Catalog.CreateProduct(ctx, site.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Linen apron", Currency: "EUR", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{Price: 2420, Stock: 10, TrackStock: true, SKU: "APR-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := shipping.NewStore(h.App.DB).EnsureDefaults(ctx, site.ID, 490); err != nil {
		t.Fatal(err)
	}
	if err := taxes.NewStore(h.App.DB).SetRate(ctx, site.ID, taxes.StandardClass, "*", "21"); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Payments.EnsureDefaults(ctx, site.ID, "IBAN CZ65 0800 0000 1920 0014 5399", true); err != nil {
		t.Fatal(err)
	}
	return p.Variants[0].ID
}

// placeOrder places a guest order through checkout.PlaceOrder, with the
// application's order e-mails.
func placeOrder(t *testing.T, h *apptest.Harness, site sites.Site, variant int64, qty int, name, email string) orders.Order {
	t.Helper()
	ctx := context.Background()
	zones, err := shipping.NewStore(h.App.DB).Zones(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	svc := &checkout.Service{DB: h.App.DB, Catalog: h.App.Catalog, Events: h.App.OrderEvents}
	o, err := svc.PlaceOrder(ctx, site.ID, checkout.PlaceInput{SubmissionKey: fmt.Sprintf("k-%s-%d", email, variant+int64(qty)),
		Email: email, Billing: orders.Address{Name: name, Line1: "Žižkova 12", City: "Praha", Postcode: "110 00", Country: "CZ"},
		ShippingMethodID: zones[0].Methods[0].ID, PaymentMethod: payments.BankTransfer, AcceptTerms: true,
		Items: []cart.Item{{VariantID: variant, Qty: qty}}})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func stockOf(t *testing.T, h *apptest.Harness, siteID, variant int64) int {
	t.Helper()
	v, err := h.App.Catalog.Variant(context.Background(), siteID, variant)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

// lastMail is the subject and text of the newest e-mail to addr.
func lastMail(t *testing.T, h *apptest.Harness, addr string) (string, string) {
	t.Helper()
	var subject, body string
	err := h.App.DB.QueryRow(context.Background(), `SELECT subject, body_text FROM mail_messages WHERE to_addr = ? ORDER BY id DESC LIMIT 1`, addr).
		Scan(&subject, &body)
	if err != nil {
		t.Fatalf("no e-mail to %s: %v", addr, err)
	}
	return subject, body
}

// TestOrderStory: a guest's order reaches the owner's list; the owner
// finds it, ships it (the customer is e-mailed), records a partial and
// then the rest of the payment, issues an invoice and opens its PDF and
// printable page, prints a packing slip and cancels: the stock comes back
// once and a credit note cancels the invoice.
func TestOrderStory(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("dvorak", "owner@example.com")
	host := h.SiteHost("dvorak")
	variant := shopOf(t, h, site)
	o := placeOrder(t, h, site, variant, 2, "Antonín Dvořák", "antonin@example.com")
	other := placeOrder(t, h, site, variant, 1, "Jana Nová", "jana@example.com")
	if got := stockOf(t, h, site.ID, variant); got != 7 {
		t.Fatalf("stock after orders = %d", got)
	}
	b := h.Login(host, owner.Email)
	id := fmt.Sprint(o.ID)
	page := "/admin/orders/" + id

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "list", Host: host, Path: "/admin/orders", As: b, ExpectStatus: 200,
			ExpectContains: []string{o.Number, "Antonín Dvořák", other.Number, "Unpaid", "New"}},
		{Name: "search by e-mail", Host: host, Path: "/admin/orders?q=ANTONIN%40", As: b, ExpectStatus: 200,
			ExpectContains: []string{o.Number}, ExpectNotContains: []string{other.Number}},
		{Name: "search finds nothing", Host: host, Path: "/admin/orders?q=nobody", As: b, ExpectStatus: 200,
			ExpectContains: []string{"No orders match"}},
		{Name: "filter by status", Host: host, Path: "/admin/orders?status=shipped", As: b, ExpectStatus: 200,
			ExpectNotContains: []string{o.Number}},
		{Name: "order page", Host: host, Path: page, As: b, ExpectStatus: 200,
			ExpectContains: []string{"Order " + o.Number, "Linen apron", "Žižkova 12", "antonin@example.com", "Order placed", "Issue invoice"}},
		{Name: "ship it", Method: http.MethodPost, Host: host, Path: page + "/status", As: b, Form: url.Values{"status": {orders.StatusShipped}},
			ExpectStatus: http.StatusSeeOther, After: func(t *testing.T, h *apptest.Harness) {
				subject, body := lastMail(t, h, "antonin@example.com")
				if subject != "Order "+o.Number+": Shipped" || !strings.Contains(body, "is now: Shipped") {
					t.Fatalf("status e-mail %q\n%s", subject, body)
				}
			}},
		{Name: "unknown status", Method: http.MethodPost, Host: host, Path: page + "/status", As: b, Form: url.Values{"status": {"nope"}},
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Choose a status from the list."}},
		{Name: "partial payment", Method: http.MethodPost, Host: host, Path: page + "/payments", As: b,
			Form: url.Values{"amount": {"10.00"}, "note": {"first half"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "too much", Method: http.MethodPost, Host: host, Path: page + "/payments", As: b,
			Form: url.Values{"amount": {"9999"}}, ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"still due"}},
		{Name: "not a number", Method: http.MethodPost, Host: host, Path: page + "/payments", As: b,
			Form: url.Values{"amount": {"ten"}}, ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Enter a price"}},
		{Name: "partially paid", Host: host, Path: page, As: b, ExpectStatus: 200, ExpectContains: []string{"Partially paid", "first half"}},
	})
	paid, _ := h.App.Orders.Get(context.Background(), site.ID, o.ID)
	due := moneyText(paid.Due())
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "the rest", Method: http.MethodPost, Host: host, Path: page + "/payments", As: b, Form: url.Values{"amount": {due}},
			ExpectStatus: http.StatusSeeOther, After: func(t *testing.T, h *apptest.Harness) {
				got, _ := h.App.Orders.Get(context.Background(), site.ID, o.ID)
				if got.PaymentStatus != orders.PaymentPaid || got.PaidTotal != got.Total {
					t.Fatalf("after paying the rest: %s %d/%d", got.PaymentStatus, got.PaidTotal, got.Total)
				}
				if subject, _ := lastMail(t, h, "antonin@example.com"); subject != "Payment for order "+o.Number+" received" {
					t.Fatalf("paid e-mail %q", subject)
				}
			}},
		{Name: "internal note", Method: http.MethodPost, Host: host, Path: page + "/note", As: b,
			Form: url.Values{"staff_note": {"Fragile: wrap twice"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "issue invoice", Method: http.MethodPost, Host: host, Path: page + "/invoices", As: b,
			Form: url.Values{"kind": {"invoice"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "second invoice refused", Method: http.MethodPost, Host: host, Path: page + "/invoices", As: b,
			Form: url.Values{"kind": {"invoice"}}, ExpectStatus: http.StatusConflict},
		{Name: "packing slip", Host: host, Path: page + "/packing-slip", As: b, ExpectStatus: 200,
			ExpectContains: []string{"Packing slip", o.Number, "Linen apron", "APR-1", "Antonín Dvořák"}},
	})
	docs, err := h.App.Invoices.ForOrder(context.Background(), site.ID, o.ID)
	if err != nil || len(docs) != 1 {
		t.Fatalf("invoices %v %v", docs, err)
	}
	inv := docs[0]
	if inv.Total != paid.Total {
		t.Fatalf("invoice total %d, order total %d", inv.Total, paid.Total)
	}
	res := b.Get(host, fmt.Sprintf("/admin/invoices/%d/pdf", inv.ID))
	if res.Status != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") ||
		!strings.Contains(res.Body, inv.Number) || len(res.Body) < 10000 {
		t.Fatalf("PDF: %d %s %d bytes", res.Status, res.Header.Get("Content-Type"), len(res.Body))
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "printable invoice", Host: host, Path: fmt.Sprintf("/admin/invoices/%d", inv.ID), As: b, ExpectStatus: 200,
			ExpectContains: []string{"Invoice", inv.Number, "Antonín Dvořák", "Total due", "21 %"}},
		{Name: "cancel asks first", Method: http.MethodPost, Host: host, Path: page + "/cancel", As: b, ExpectStatus: 200,
			ExpectContains: []string{"Cancel order " + o.Number + "?", "credit note cancels invoice " + inv.Number, "Refund"}},
		{Name: "cancel", Method: http.MethodPost, Host: host, Path: page + "/cancel", As: b, Form: url.Values{"confirmed": {"1"}},
			ExpectStatus: http.StatusSeeOther},
		{Name: "cancel again", Method: http.MethodPost, Host: host, Path: page + "/cancel", As: b, Form: url.Values{"confirmed": {"1"}},
			ExpectStatus: http.StatusSeeOther},
		{Name: "cancelled page", Host: host, Path: page, As: b, ExpectStatus: 200,
			ExpectContains: []string{"This order is cancelled", "Credit note", "Fragile: wrap twice"}, ExpectNotContains: []string{"Issue invoice"}},
	})
	if got := stockOf(t, h, site.ID, variant); got != 9 {
		t.Fatalf("stock after cancelling twice = %d, want 9", got)
	}
	if subject, _ := lastMail(t, h, "antonin@example.com"); subject != "Order "+o.Number+" cancelled" {
		t.Fatalf("cancel e-mail %q", subject)
	}
	if n := h.Count(`SELECT COUNT(*) FROM invoices WHERE site_id = ? AND kind = 'credit_note'`, site.ID); n != 1 {
		t.Fatalf("%d credit notes", n)
	}
}

// moneyText writes euro cents as the payment form takes them.
func moneyText(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

func TestOrdersEmptyAndRefusedToEditors(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("empty", "owner@example.com")
	host := h.SiteHost("empty")
	h.StaffMember(site, "editor@example.com", "editor")
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "empty list", Host: host, Path: "/admin/orders", As: h.Login(host, owner.Email), ExpectStatus: 200,
			ExpectContains: []string{"No orders yet."}},
		{Name: "editor", Host: host, Path: "/admin/orders", As: h.Login(host, "editor@example.com"), ExpectStatus: http.StatusForbidden},
		{Name: "stranger", Host: host, Path: "/admin/orders", ExpectStatus: http.StatusSeeOther},
	})
}

// TestEmailTemplates: a template with a mistake comes back as a message
// on its field and is not saved; the preview shows the sample order; a
// saved wording is what the next e-mail says.
func TestEmailTemplates(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("words", "owner@example.com")
	host := h.SiteHost("words")
	b := h.Login(host, owner.Email)
	variant := shopOf(t, h, site)
	o := placeOrder(t, h, site, variant, 1, "Eva", "eva@example.com")
	if subject, body := lastMail(t, h, "eva@example.com"); subject != "Order "+o.Number+" received" || !strings.Contains(body, "Linen apron") {
		t.Fatalf("received e-mail %q\n%s", subject, body)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "list", Host: host, Path: "/admin/emails", As: b, ExpectStatus: 200,
			ExpectContains: []string{"Order received", "Order paid", "Status update (shipped)", "Order cancelled"}},
		{Name: "editor with preview", Host: host, Path: "/admin/emails/shipped", As: b, ExpectStatus: 200,
			ExpectContains: []string{"Order 2026-00042: Shipped", "Jana Nováková", "{{.Order.Number}}"}},
		{Name: "unknown field", Method: http.MethodPost, Host: host, Path: "/admin/emails/shipped", As: b,
			Form: url.Values{"subject": {"Hi {{.Order.Numbr}}"}, "body": {"x"}, "action": {"save"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"This subject fails on a sample order", "Numbr", "cannot be shown until"}},
		{Name: "broken syntax", Method: http.MethodPost, Host: host, Path: "/admin/emails/shipped", As: b,
			Form: url.Values{"subject": {"Hi"}, "body": {"{{if .Order.Note}}no end"}, "action": {"save"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"This text is not a valid template"}},
		{Name: "runaway range", Method: http.MethodPost, Host: host, Path: "/admin/emails/shipped", As: b,
			Form: url.Values{"subject": {"Hi"}, "body": {"{{range 100000000000}}x{{end}}"}, "action": {"save"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"can only go through a list"}},
		{Name: "preview without saving", Method: http.MethodPost, Host: host, Path: "/admin/emails/shipped", As: b,
			Form:         url.Values{"subject": {"Parcel {{.Order.Number}} left"}, "body": {"Ahoj {{.Customer.Name}}"}, "action": {"preview"}},
			ExpectStatus: 200, ExpectContains: []string{"Parcel 2026-00042 left", "Ahoj Jana Nováková"}},
		{Name: "unknown e-mail", Host: host, Path: "/admin/emails/refund", As: b, ExpectStatus: http.StatusNotFound},
		{Name: "save", Method: http.MethodPost, Host: host, Path: "/admin/emails/shipped", As: b,
			Form:         url.Values{"subject": {"Parcel {{.Order.Number}} left"}, "body": {"Ahoj {{.Customer.Name}}, {{.Order.Status}}."}, "action": {"save"}},
			ExpectStatus: http.StatusSeeOther},
		{Name: "shipped", Method: http.MethodPost, Host: host, Path: fmt.Sprintf("/admin/orders/%d/status", o.ID), As: b,
			Form: url.Values{"status": {"shipped"}}, ExpectStatus: http.StatusSeeOther, After: func(t *testing.T, h *apptest.Harness) {
				subject, body := lastMail(t, h, "eva@example.com")
				if subject != "Parcel "+o.Number+" left" || body != "Ahoj Eva, Shipped." {
					t.Fatalf("e-mail %q %q", subject, body)
				}
			}},
		{Name: "reset", Method: http.MethodPost, Host: host, Path: "/admin/emails/shipped/reset", As: b, Form: url.Values{"confirmed": {"1"}},
			ExpectStatus: http.StatusSeeOther},
		{Name: "default again", Host: host, Path: "/admin/emails/shipped", As: b, ExpectStatus: 200, ExpectContains: []string{"Default"}},
	})
}

func TestOrderStatusesPage(t *testing.T) {
	h := apptest.New(t)
	_, owner := h.NewSite("st", "owner@example.com")
	host := h.SiteHost("st")
	b := h.Login(host, owner.Email)
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "defaults", Host: host, Path: "/admin/order-statuses", As: b, ExpectStatus: 200,
			ExpectContains: []string{"Awaiting payment", "Shipped", "built in"}},
		{Name: "add", Method: http.MethodPost, Host: host, Path: "/admin/order-statuses", As: b,
			Form: url.Values{"name": {"Ready for pickup"}, "colour": {"#22aa44"}, "notify": {"1"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "bad colour", Method: http.MethodPost, Host: host, Path: "/admin/order-statuses", As: b,
			Form: url.Values{"name": {"Odd"}, "colour": {`"><script>`}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Choose a colour"}, ExpectNotContains: []string{`"><script>`}},
		{Name: "listed", Host: host, Path: "/admin/order-statuses", As: b, ExpectStatus: 200, ExpectContains: []string{"Ready for pickup", `fill="#22aa44"`}},
		{Name: "rename built-in", Method: http.MethodPost, Host: host, Path: "/admin/order-statuses/shipped", As: b,
			Form: url.Values{"name": {"Sent"}, "colour": {"#000000"}, "notify": {"1"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "built-in cannot go", Method: http.MethodPost, Host: host, Path: "/admin/order-statuses/shipped/delete", As: b,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusConflict},
		{Name: "delete own", Method: http.MethodPost, Host: host, Path: "/admin/order-statuses/ready_for_pickup/delete", As: b,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "gone", Host: host, Path: "/admin/order-statuses/ready_for_pickup", As: b, ExpectStatus: http.StatusNotFound},
	})
}
