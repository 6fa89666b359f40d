package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/payments"
)

// TestSellingSettings: the owner changes shipping, payments and taxes; bad
// input gets a message; the owner of another site changes nothing.
func TestSellingSettings(t *testing.T) {
	h := apptest.New(t)
	ctx := t.Context()
	site, owner := h.NewSite("bakery", "anna@example.com")
	other, otherOwner := h.NewSite("florist", "fred@example.com")
	host, otherHost := h.SiteHost(site.Name), h.SiteHost(other.Name)
	b := h.Login(host, owner.Email)
	zones, err := h.App.Shipping.Zones(ctx, site.ID)
	if err != nil || len(zones) != 1 || len(zones[0].Methods) != 2 {
		t.Fatalf("a new site's shipping: %+v %v", zones, err)
	}
	zone, flat := zones[0].ID, zones[0].Methods[0].ID
	intruder := h.Login(otherHost, otherOwner.Email)
	intruder.ReplayCookies(otherHost, host)

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "settings link to the selling pages", Host: host, Path: "/admin/settings", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`href="/admin/settings/shipping"`, `href="/admin/settings/payments"`, `href="/admin/settings/taxes"`}},
		{Name: "shipping page", Host: host, Path: "/admin/settings/shipping", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Everywhere", "Standard delivery", "Pick up in store", `value="4.90"`}},
		{Name: "flat rate becomes free from 50", Method: http.MethodPost, Host: host, Path: fmt.Sprintf("/admin/settings/shipping/zones/%d/methods/%d", zone, flat), As: b,
			Form: url.Values{"name": {"Parcel"}, "kind": {"flat"}, "price": {"5.50"}, "free_over": {"50"}, "enabled": {"1"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "a weight method with bad bands", Method: http.MethodPost, Host: host, Path: fmt.Sprintf("/admin/settings/shipping/zones/%d/methods", zone), As: b,
			Form: url.Values{"name": {"Freight"}, "kind": {"weight"}, "bands": {"heavy"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Write each band as grams:price"}},
		{Name: "a weight method", Method: http.MethodPost, Host: host, Path: fmt.Sprintf("/admin/settings/shipping/zones/%d/methods", zone), As: b,
			Form: url.Values{"name": {"Freight"}, "kind": {"weight"}, "bands": {"1000:3, 5000:8.90"}, "enabled": {"1"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "a zone with a bad country", Method: http.MethodPost, Host: host, Path: "/admin/settings/shipping/zones", As: b,
			Form: url.Values{"name": {"Europe"}, "countries": {"DE, Germany"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"“GERMANY” is not a two-letter country code."}},
		{Name: "bank transfer needs an account", Method: http.MethodPost, Host: host, Path: "/admin/settings/payments/bank_transfer", As: b,
			Form: url.Values{"name": {"Bank transfer"}, "enabled": {"1"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Enter the account shoppers pay to"}},
		{Name: "cash on delivery with a fee", Method: http.MethodPost, Host: host, Path: "/admin/settings/payments/cod", As: b,
			Form: url.Values{"name": {"Cash on delivery"}, "enabled": {"1"}, "fee": {"1.50"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "taxes page", Host: host, Path: "/admin/settings/taxes", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Standard", "{year}-{seq:5}", "including tax"}},
		{Name: "a 21 % standard rate", Method: http.MethodPost, Host: host, Path: "/admin/settings/taxes/rates", As: b,
			Form: url.Values{"class": {""}, "country": {"*"}, "rate": {"21"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "a bad rate", Method: http.MethodPost, Host: host, Path: "/admin/settings/taxes/rates", As: b,
			Form: url.Values{"class": {""}, "country": {"Germany"}, "rate": {"200"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Enter a two-letter country code", "Enter a rate from 0 to 100"}},
		{Name: "prices without tax and a format without {seq}", Method: http.MethodPost, Host: host, Path: "/admin/settings/taxes/mode", As: b,
			Form: url.Values{"prices_include_tax": {"0"}, "order_number_format": {"{year}"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Include {seq}"}},
		{Name: "prices without tax", Method: http.MethodPost, Host: host, Path: "/admin/settings/taxes/mode", As: b,
			Form: url.Values{"prices_include_tax": {"0"}, "order_number_format": {"B-{seq:4}"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "the other site's owner cannot see shipping", Host: host, Path: "/admin/settings/shipping", As: intruder, ExpectStatus: http.StatusForbidden},
		{Name: "the other site's owner cannot change a method", Method: http.MethodPost, Host: host, Path: fmt.Sprintf("/admin/settings/shipping/zones/%d/methods/%d", zone, flat),
			As: intruder, Form: url.Values{"name": {"Hacked"}, "kind": {"flat"}, "price": {"0"}}, ExpectStatus: http.StatusForbidden},
		{Name: "the other site's owner cannot switch on test payments", Method: http.MethodPost, Host: host, Path: "/admin/settings/payments/card_test",
			As: intruder, Form: url.Values{"name": {"Card"}, "enabled": {"1"}}, ExpectStatus: http.StatusForbidden},
		{Name: "the other site's owner cannot change taxes", Method: http.MethodPost, Host: host, Path: "/admin/settings/taxes/rates",
			As: intruder, Form: url.Values{"class": {""}, "country": {"*"}, "rate": {"0"}}, ExpectStatus: http.StatusForbidden},
	})
	opts, err := h.App.Shipping.Quote(ctx, site.ID, "CZ", 2000, 6000)
	if err != nil || len(opts) != 3 || opts[0].Name != "Parcel" || opts[0].Price != 0 || opts[2].Price != 890 {
		t.Errorf("quote after the changes: %+v %v", opts, err)
	}
	ms, _ := h.App.Payments.Methods(ctx, site.ID)
	if cod, _ := payments.Find(ms, payments.CashOnDelivery); !cod.Enabled || cod.Fee != 150 {
		t.Errorf("cash on delivery %+v", cod)
	}
	if card, _ := payments.Find(ms, payments.CardTest); card.Enabled {
		t.Error("test payments switched on")
	}
	set, _ := h.App.Orders.Settings(ctx, site.ID)
	if set.PricesIncludeTax || set.NumberFormat != "B-{seq:4}" {
		t.Errorf("settings %+v", set)
	}
	table, _ := h.App.Taxes.Table(ctx, site.ID)
	if table.Rate("", "FR") != 2100 {
		t.Errorf("standard rate %d", table.Rate("", "FR"))
	}
	if otherTable, _ := h.App.Taxes.Table(ctx, other.ID); otherTable.Rate("", "FR") != 0 {
		t.Error("site B got A's rate")
	}
}
