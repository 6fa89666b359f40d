package admin_test

import (
	"context"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// TestOrderChangesReachWebhooks checks the wiring of the composition root:
// every order change, the stock it moves and a new customer each record one
// webhook event of their topic, in the change's own transaction, for a site
// subscribed to them, and none for a neighbour that is not.
func TestOrderChangesReachWebhooks(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, _ := h.NewSite("hooked", "owner@example.com")
	quiet, _ := h.NewSite("quiet", "quiet@example.com")
	for _, topic := range []string{"orders/create", "orders/paid", "orders/status_changed", "orders/cancelled",
		"inventory/change", "customers/create"} {
		if _, err := h.App.Webhooks.Create(ctx, site.ID, webhooks.Input{Topic: topic, URL: "https://hooks.example.com/" + topic}); err != nil {
			t.Fatal(err)
		}
	}
	variant := shopOf(t, h, site)
	quietVariant := shopOf(t, h, quiet)
	events := func(siteID int64) map[string]int {
		t.Helper()
		rows, err := h.App.DB.Query(ctx, `SELECT topic, COUNT(*) FROM webhook_events WHERE site_id = ? GROUP BY topic`, siteID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var topic string
			var n int
			if err := rows.Scan(&topic, &n); err != nil {
				t.Fatal(err)
			}
			got[topic] = n
		}
		return got
	}
	before := events(site.ID)

	o := placeOrder(t, h, site, variant, 2, "Jana Nová", "jana@example.com")
	placeOrder(t, h, quiet, quietVariant, 1, "Petr Malý", "petr@example.com")
	if _, err := h.App.Payments.RecordPayment(ctx, site.ID, o.ID, payments.Received{Amount: o.Total, Method: "bank_transfer"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.OrderAdmin.SetStatus(ctx, site.ID, o.ID, orders.StatusShipped, 0); err != nil {
		t.Fatal(err)
	}
	o2 := placeOrder(t, h, site, variant, 1, "Eva Nová", "eva@example.com")
	if _, _, err := h.App.OrderAdmin.Cancel(ctx, site.ID, o2.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.App.Customers.Register(ctx, site.ID, "new@example.com", apptest.Password, "New Customer", ""); err != nil {
		t.Fatal(err)
	}

	got := events(site.ID)
	want := map[string]int{
		"orders/create":         2,
		"orders/paid":           1,
		"orders/status_changed": 1,
		"orders/cancelled":      1,
		// Two orders take stock and a cancel returns it: one event each,
		// from the catalog, not a second one from the order.
		"inventory/change": 3,
		"customers/create": 1,
	}
	for topic, n := range want {
		if got[topic]-before[topic] != n {
			t.Errorf("%s: %d events, want %d (all: %v)", topic, got[topic]-before[topic], n, got)
		}
	}
	if q := events(quiet.ID); len(q) != 0 {
		t.Errorf("the unsubscribed site recorded events: %v", q)
	}
}
