package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/orders"
)

// TestCustomerStory: the owner finds a customer, sees their orders and
// totals, keeps a note, downloads their data and, on their request,
// deletes it: the orders stay with their amounts and invoice, without the
// person's name, address or e-mail.
func TestCustomerStory(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("custom", "owner@example.com")
	host := h.SiteHost("custom")
	b := h.Login(host, owner.Email)
	variant := shopOf(t, h, site)
	c, _, err := h.App.Customers.Register(ctx, site.ID, "jana@example.com", "a long enough password", "Jana Nováková", "")
	if err != nil {
		t.Fatal(err)
	}
	o := placeOrder(t, h, site, variant, 2, "Jana Nováková", "jana@example.com")
	if _, err := h.App.DB.Exec(ctx, `UPDATE orders SET customer_id = ? WHERE site_id = ? AND id = ?`, c.ID, site.ID, o.ID); err != nil {
		t.Fatal(err)
	}
	inv, err := h.App.OrderAdmin.IssueInvoice(ctx, site.ID, o.ID, invoices.Final, orders.Seller{Title: "Custom"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/admin/customers/%d", c.ID)
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "list", Host: host, Path: "/admin/customers", As: b, ExpectStatus: 200, ExpectContains: []string{"Jana Nováková", "jana@example.com"}},
		{Name: "search", Host: host, Path: "/admin/customers?q=nobody", As: b, ExpectStatus: 200, ExpectContains: []string{"No customer matches"}},
		{Name: "detail", Host: host, Path: page, As: b, ExpectStatus: 200, ExpectContains: []string{o.Number, "Spent", "€"}},
		{Name: "note", Method: http.MethodPost, Host: host, Path: page + "/note", As: b, Form: url.Values{"note": {"VIP"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "note too long", Method: http.MethodPost, Host: host, Path: page + "/note", As: b,
			Form: url.Values{"note": {strings.Repeat("x", 5001)}}, ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"at most 5,000"}},
		{Name: "delete asks", Method: http.MethodPost, Host: host, Path: page + "/delete", As: b, ExpectStatus: 200,
			ExpectContains: []string{"Delete jana@example.com", "issued invoices stay"}},
	})
	res := b.Get(host, page+"/export")
	var exp struct {
		Customer struct{ Email string }
		Orders   []struct{ Number string }
	}
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || json.Unmarshal([]byte(res.Body), &exp) != nil ||
		exp.Customer.Email != "jana@example.com" || len(exp.Orders) != 1 || exp.Orders[0].Number != o.Number {
		t.Fatalf("export: %d %s\n%s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "delete", Method: http.MethodPost, Host: host, Path: page + "/delete", As: b, Form: url.Values{"confirmed": {"1"}},
			ExpectStatus: http.StatusSeeOther},
		{Name: "gone", Host: host, Path: page, As: b, ExpectStatus: http.StatusNotFound},
		{Name: "order anonymised", Host: host, Path: fmt.Sprintf("/admin/orders/%d", o.ID), As: b, ExpectStatus: 200,
			ExpectContains: []string{"Deleted customer", "personal data was deleted"}, ExpectNotContains: []string{"jana@example.com", "Žižkova"}},
		{Name: "invoice kept", Host: host, Path: fmt.Sprintf("/admin/invoices/%d", inv.ID), As: b, ExpectStatus: 200,
			ExpectContains: []string{inv.Number}},
	})
}
