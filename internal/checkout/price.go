// Package checkout turns a cart into an order. Price computes what a cart
// costs (lines, tax, shipping, payment fee) the same way for the cart page,
// the review step and the order itself; PlaceOrder is the one operation
// that places an order, used alike by the storefront, the admin's manual
// orders and the API.
package checkout

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/taxes"
)

// Service places orders.
type Service struct {
	DB      *sqldb.DB
	Catalog *catalog.Store
	// Events attach the order's e-mail and webhooks (outbox).
	Events orders.Events
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Choice is what the shopper chose so far; empty fields price without it.
type Choice struct {
	Country          string // where it ships (for tax and shipping)
	ShippingMethodID int64
	PaymentMethod    string
}

// Quote is what a cart costs. Money is in minor units of Currency.
// Total = Σ Lines[].Total + ShippingTotal + PaymentFee, and TaxTotal is the
// tax inside (or on top of) all of them.
type Quote struct {
	Currency         string
	PricesIncludeTax bool
	Lines            []orders.Line
	Subtotal         int64 // Σ line subtotals, as prices are entered
	LinesTotal       int64 // Σ line totals, with tax
	WeightGrams      int
	ShippingOptions  []shipping.Option
	Shipping         *shipping.Option // the chosen one, when it is offered
	ShippingTotal    int64            // with tax
	ShippingTax      int64
	PaymentMethods   []payments.Method // the enabled ones
	Payment          *payments.Method  // the chosen one, when it is enabled
	PaymentFee       int64             // with tax
	TaxTotal         int64
	Total            int64
	Settings         orders.Settings
}

// Price prices cart lines for a choice, reading the site's settings,
// rates, shipping and payment methods through q (a transaction when
// placing the order, so that what is frozen is what was priced).
func Price(ctx context.Context, q sqldb.Q, siteID int64, lines []cart.Line, ch Choice) (Quote, error) {
	settings, err := orders.SettingsOf(ctx, q, siteID)
	if err != nil {
		return Quote{}, err
	}
	table, err := taxes.TableOf(ctx, q, siteID)
	if err != nil {
		return Quote{}, err
	}
	zones, err := shipping.ZonesOf(ctx, q, siteID)
	if err != nil {
		return Quote{}, err
	}
	methods, err := payments.MethodsOf(ctx, q, siteID)
	if err != nil {
		return Quote{}, err
	}
	var currency string
	if err := q.QueryRow(ctx, `SELECT currency FROM sites WHERE id = ?`, siteID).Scan(&currency); err != nil {
		return Quote{}, fmt.Errorf("site currency: %w", err)
	}
	return price(settings, table, zones, methods, currency, lines, ch), nil
}

func price(settings orders.Settings, table taxes.Table, zones []shipping.Zone, methods []payments.Method, currency string, lines []cart.Line, ch Choice) Quote {
	inc := settings.PricesIncludeTax
	qt := Quote{Currency: currency, PricesIncludeTax: inc, Settings: settings, PaymentMethods: payments.Enabled(methods)}
	var tot taxes.Totals
	for i, l := range lines {
		rate := table.Rate(l.TaxClass, ch.Country)
		a := taxes.Line(l.UnitPrice, l.Qty, rate, inc)
		tot.Add(a)
		qt.WeightGrams += l.WeightGrams * l.Qty
		qt.Lines = append(qt.Lines, orders.Line{Position: i + 1, ProductID: l.ProductID, VariantID: l.VariantID, Title: l.Title,
			VariantTitle: l.VariantTitle, SKU: l.SKU, Qty: l.Qty, UnitPrice: l.UnitPrice, TaxClass: l.TaxClass, RateBP: rate,
			Subtotal: a.Subtotal, Tax: a.Tax, Total: a.Total, WeightGrams: l.WeightGrams})
	}
	qt.Subtotal, qt.LinesTotal = tot.Subtotal, tot.Total
	// Without a country yet (the cart page), the zone for every other
	// country gives the estimate.
	qt.ShippingOptions = shipping.QuoteZones(zones, ch.Country, qt.WeightGrams, tot.Total)
	for i, o := range qt.ShippingOptions {
		if o.MethodID == ch.ShippingMethodID {
			qt.Shipping = &qt.ShippingOptions[i]
			a := taxes.Amount(o.Price, table.Rate(o.TaxClass, ch.Country), inc)
			qt.ShippingTotal, qt.ShippingTax = a.Total, a.Tax
			tot.Add(a)
		}
	}
	for i, m := range qt.PaymentMethods {
		if m.Code == ch.PaymentMethod {
			qt.Payment = &qt.PaymentMethods[i]
			a := taxes.Amount(m.Fee, table.Rate(taxes.StandardClass, ch.Country), inc)
			qt.PaymentFee = a.Total
			tot.Add(a)
		}
	}
	qt.TaxTotal, qt.Total = tot.Tax, tot.Total
	return qt
}

// Quote prices cart lines for a choice, for the cart and checkout pages.
func (s *Service) Quote(ctx context.Context, siteID int64, lines []cart.Line, ch Choice) (Quote, error) {
	return Price(ctx, s.DB, siteID, lines, ch)
}

// ShippingMethodText is how an order stores its shipping method's ID.
func ShippingMethodText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
