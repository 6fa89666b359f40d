package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/ordermail"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/shipping"
)

// TestOwnerCannotReachAnotherSitesOrders: site B has an order with an
// invoice, a customer, a status and an e-mail of its own. Site A's owner,
// replaying A's cookie on B's host, is refused on every orders page and
// form of B; on A's own host, B's IDs are not found. Nothing of B changes.
func TestOwnerCannotReachAnotherSitesOrders(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	owner := h.Browser()
	hostA := owner.SignUp("shop-a", "a@example.com")
	hostB := h.Browser().SignUp("shop-b", "b@example.com")
	b, err := h.App.Sites.ByName(ctx, "shop-b")
	if err != nil {
		t.Fatal(err)
	}
	prod, err := h.App.Catalog.CreateProduct(ctx, b.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Rye loaf", Currency: "EUR", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{Price: 450, Stock: 7, TrackStock: true}}})
	if err != nil {
		t.Fatal(err)
	}
	variant := prod.Variants[0].ID
	if err := shipping.NewStore(h.App.DB).EnsureDefaults(ctx, b.ID, 490); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Payments.EnsureDefaults(ctx, b.ID, "IBAN", false); err != nil {
		t.Fatal(err)
	}
	zones, err := shipping.NewStore(h.App.DB).Zones(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	cust, _, err := h.App.Customers.Register(ctx, b.ID, "jana@example.com", "a long enough password", "Jana Secret", "")
	if err != nil {
		t.Fatal(err)
	}
	svc := &checkout.Service{DB: h.App.DB, Catalog: h.App.Catalog, Events: h.App.OrderEvents}
	o, err := svc.PlaceOrder(ctx, b.ID, checkout.PlaceInput{SubmissionKey: "k1-a-long-enough-submission-key", CustomerID: cust.ID, Email: "jana@example.com",
		Billing:          orders.Address{Name: "Jana Secret", Line1: "Hidden Street 1", City: "Praha", Postcode: "11000", Country: "CZ"},
		ShippingMethodID: zones[0].Methods[0].ID, PaymentMethod: payments.BankTransfer, AcceptTerms: true,
		Items: []cart.Item{{VariantID: variant, Qty: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := h.App.OrderAdmin.IssueInvoice(ctx, b.ID, o.ID, invoices.Final, orders.Seller{Title: "Shop B"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	status, err := h.App.Orders.CreateStatus(ctx, b.ID, orders.StatusInput{Name: "Baking", Colour: "#aa5500"})
	if err != nil {
		t.Fatal(err)
	}
	sample := ordermail.Sample(ordermail.ShopInfo{Name: "Shop B"}, "EUR")
	if err := h.App.OrderMail.Save(ctx, b.ID, ordermail.Template{Event: ordermail.Shipped, Subject: "B's words", Body: "B's body"}, sample); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Invoices.SaveSettings(ctx, b.ID, invoices.Settings{SellerName: "B Bakery Ltd", DueDays: 7}); err != nil {
		t.Fatal(err)
	}
	mailsBefore := h.Count(`SELECT COUNT(*) FROM mail_messages`)

	order := fmt.Sprintf("/admin/orders/%d", o.ID)
	invoice := fmt.Sprintf("/admin/invoices/%d", inv.ID)
	customer := fmt.Sprintf("/admin/customers/%d", cust.ID)
	secrets := []string{"Jana Secret", "Hidden Street", "jana@example.com", "B Bakery Ltd", "B's words"}
	gets := []string{"/admin/orders", order, order + "/cancel", order + "/packing-slip", invoice, invoice + "/pdf",
		"/admin/order-statuses", "/admin/order-statuses/" + status, "/admin/order-statuses/" + status + "/delete",
		"/admin/settings/invoices", "/admin/emails", "/admin/emails/shipped", "/admin/customers", customer,
		customer + "/export", customer + "/delete"}
	posts := []struct {
		path string
		form url.Values
	}{
		{order + "/status", url.Values{"status": {"cancelled"}, "confirmed": {"1"}}},
		{order + "/cancel", url.Values{"confirmed": {"1"}}},
		{order + "/note", url.Values{"staff_note": {"planted"}}},
		{order + "/payments", url.Values{"amount": {"1.00"}}},
		{order + "/invoices", url.Values{"kind": {"proforma"}}},
		{"/admin/order-statuses", url.Values{"name": {"Planted"}}},
		{"/admin/order-statuses/" + status, url.Values{"name": {"Hijacked"}, "colour": {"#000000"}}},
		{"/admin/order-statuses/" + status + "/delete", url.Values{"confirmed": {"1"}}},
		{"/admin/settings/invoices", url.Values{"seller_name": {"Planted"}, "due_days": {"1"}}},
		{"/admin/emails/shipped", url.Values{"subject": {"Planted"}, "body": {"x"}, "action": {"save"}}},
		{"/admin/emails/shipped/reset", url.Values{"confirmed": {"1"}}},
		{customer + "/note", url.Values{"note": {"planted"}}},
		{customer + "/delete", url.Values{"confirmed": {"1"}}},
	}

	// A's cookie replayed on B's host: not on B's staff.
	replayed := h.Browser()
	replayed.Login(hostA, "a@example.com")
	replayed.ReplayCookies(hostA, hostB)
	const refused = "You are logged in as a@example.com, which is not on the staff of Shop B"
	var rows []apptest.Scenario
	for _, p := range gets {
		rows = append(rows, apptest.Scenario{Name: "B's host GET " + p, Host: hostB, Path: p, As: replayed,
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}, ExpectNotContains: secrets})
	}
	for _, p := range posts {
		rows = append(rows, apptest.Scenario{Name: "B's host POST " + p.path, Method: http.MethodPost, Host: hostB, Path: p.path,
			As: replayed, Form: p.form, ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}
	// A's own host with B's IDs: not found, and A's lists show nothing of B.
	for _, p := range gets {
		want := http.StatusNotFound
		if p == "/admin/orders" || p == "/admin/customers" || p == "/admin/order-statuses" || p == "/admin/settings/invoices" ||
			p == "/admin/emails" || p == "/admin/emails/shipped" {
			want = http.StatusOK
		}
		rows = append(rows, apptest.Scenario{Name: "A's host GET " + p, Host: hostA, Path: p, As: owner,
			ExpectStatus: want, ExpectNotContains: secrets})
	}
	for _, p := range posts {
		switch p.path {
		case "/admin/order-statuses", "/admin/settings/invoices", "/admin/emails/shipped", "/admin/emails/shipped/reset":
			continue // these act on A's own statuses, settings and e-mails
		}
		rows = append(rows, apptest.Scenario{Name: "A's host POST " + p.path, Method: http.MethodPost, Host: hostA, Path: p.path,
			As: owner, Form: p.form, ExpectStatus: http.StatusNotFound})
	}
	apptest.Run(t, h, rows)

	after, err := h.App.Orders.Get(ctx, b.ID, o.ID)
	if err != nil || after.Status != o.Status || !after.CancelledAt.IsZero() || after.StaffNote != "" || after.PaidTotal != 0 ||
		after.Email != "jana@example.com" {
		t.Fatalf("B's order changed: %+v %v", after, err)
	}
	if v, _ := h.App.Catalog.Variant(ctx, b.ID, variant); v.Stock != 5 {
		t.Fatalf("B's stock = %d, want 5", v.Stock)
	}
	if n := h.Count(`SELECT COUNT(*) FROM invoices WHERE site_id = ?`, b.ID); n != 1 {
		t.Fatalf("B has %d invoices, want 1", n)
	}
	if c, err := h.App.Customers.Get(ctx, b.ID, cust.ID); err != nil || c.Note != "" {
		t.Fatalf("B's customer: %+v %v", c, err)
	}
	if s, err := h.App.Orders.Status(ctx, b.ID, status); err != nil || s.Name != "Baking" {
		t.Fatalf("B's status: %+v %v", s, err)
	}
	if tpl, _ := h.App.OrderMail.Template(ctx, b.ID, ordermail.Shipped); tpl.Subject != "B's words" {
		t.Fatalf("B's e-mail: %+v", tpl)
	}
	if set, _ := h.App.Invoices.Settings(ctx, b.ID); set.SellerName != "B Bakery Ltd" {
		t.Fatalf("B's invoice settings: %+v", set)
	}
	if n := h.Count(`SELECT COUNT(*) FROM mail_messages`); n != mailsBefore {
		t.Fatalf("%d e-mails sent by refused requests", n-mailsBefore)
	}
}
