package ordermail

import (
	"fmt"
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/orders"
)

// Data is everything a template can use. Money is already formatted in the
// order's currency ("€12.50"), so that templates never do arithmetic and
// no number in the data is large enough to range over.
type Data struct {
	Shop     Shop
	Order    Order
	Customer Customer
}

// Shop is the site sending the e-mail.
type Shop struct {
	Name  string
	URL   string
	Email string
}

// Customer is who ordered.
type Customer struct {
	Name  string
	Email string
}

// Order is the order as the e-mail shows it.
type Order struct {
	Number     string
	Date       string
	Status     string
	URL        string
	Lines      []Line
	Subtotal   string
	Shipping   string
	Tax        string
	PaymentFee string
	Total      string
	Paid       string
	// WasPaid is true when anything was paid.
	WasPaid          bool
	Due              string
	ShippingMethod   string
	PaymentMethod    string
	PaymentReference string
	Note             string
	ShippingAddress  string
	BillingAddress   string
}

// Line is one line of the order.
type Line struct {
	Name     string
	SKU      string
	Quantity int
	Price    string
	Total    string
}

// Fields lists what a template can write, for the help next to the editor.
func Fields() []string {
	return []string{"{{.Shop.Name}}", "{{.Shop.URL}}", "{{.Shop.Email}}", "{{.Customer.Name}}", "{{.Customer.Email}}",
		"{{.Order.Number}}", "{{.Order.Date}}", "{{.Order.Status}}", "{{.Order.URL}}", "{{.Order.Subtotal}}",
		"{{.Order.Shipping}}", "{{.Order.Tax}}", "{{.Order.PaymentFee}}", "{{.Order.Total}}", "{{.Order.Paid}}", "{{if .Order.WasPaid}}…{{end}}",
		"{{.Order.Due}}", "{{.Order.ShippingMethod}}", "{{.Order.PaymentMethod}}", "{{.Order.PaymentReference}}",
		"{{.Order.Note}}", "{{.Order.ShippingAddress}}", "{{.Order.BillingAddress}}",
		"{{range .Order.Lines}} {{.Quantity}} {{.Name}} {{.SKU}} {{.Price}} {{.Total}} {{end}}"}
}

// ShopInfo is what Build needs of the site.
type ShopInfo struct {
	Name, URL, Email, Language, TimeZone string
}

// Build turns an order into the data of its e-mails; statusName is the
// name of its current status.
func Build(shop ShopInfo, o orders.Order, statusName string) Data {
	f := formatter(o.Currency, shop.Language)
	loc, err := time.LoadLocation(shop.TimeZone)
	if err != nil || shop.TimeZone == "" {
		loc = time.UTC
	}
	d := Data{
		Shop:     Shop{Name: shop.Name, URL: shop.URL, Email: shop.Email},
		Customer: Customer{Name: o.CustomerName, Email: o.Email},
		Order: Order{Number: o.Number, Date: o.CreatedAt.In(loc).Format("2 January 2006"), Status: statusName,
			URL: strings.TrimSuffix(shop.URL, "/") + "/orders/" + o.Token, Subtotal: f(o.Subtotal),
			Shipping: f(o.ShippingTotal), Tax: f(o.TaxTotal), PaymentFee: f(o.PaymentFee), Total: f(o.Total),
			Paid: f(o.PaidTotal), WasPaid: o.PaidTotal > 0, Due: f(o.Due()), ShippingMethod: o.ShippingName, PaymentMethod: o.PaymentName,
			PaymentReference: o.PaymentReference, Note: o.Note, ShippingAddress: FormatAddress(o.Shipping),
			BillingAddress: FormatAddress(o.Billing)},
	}
	if d.Customer.Name == "" {
		d.Customer.Name = o.Billing.Name
	}
	for _, l := range o.Lines {
		name := l.Title
		if l.VariantTitle != "" {
			name += " (" + l.VariantTitle + ")"
		}
		d.Order.Lines = append(d.Order.Lines, Line{Name: name, SKU: l.SKU, Quantity: l.Qty,
			Price: f(l.UnitPrice), Total: f(l.Total)})
	}
	return d
}

// FormatAddress writes an address on several lines, as on an envelope.
func FormatAddress(a orders.Address) string {
	var lines []string
	for _, s := range []string{a.Name, a.Company, a.Line1, a.Line2, strings.TrimSpace(a.Postcode + " " + a.City), a.Region, a.Country} {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

func formatter(code, lang string) func(int64) string {
	if lang == "" {
		lang = "en"
	}
	f := currency.NewFormatter(currency.NewLocale(lang))
	return func(minor int64) string {
		a, err := currency.NewAmountFromInt64(minor, code)
		if err != nil {
			return fmt.Sprintf("%d %s", minor, code)
		}
		return f.Format(a)
	}
}

// Sample is a made-up order of the shop, for the preview and for checking
// a template when it is saved.
func Sample(shop ShopInfo, currencyCode string) Data {
	if !currency.IsValid(currencyCode) {
		currencyCode = "EUR"
	}
	o := orders.Order{Number: "2026-00042", Token: "SAMPLE-order-page-address", CustomerName: "Jana Nováková",
		Email: "jana@example.com", Currency: currencyCode, Subtotal: 5400, ShippingTotal: 490, TaxTotal: 1022,
		Total: 5890, ShippingName: "Parcel delivery", PaymentName: "Bank transfer", PaymentReference: "2026000042",
		Note: "Please ring twice.", CreatedAt: time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC),
		Shipping: orders.Address{Name: "Jana Nováková", Line1: "Dlouhá 12", City: "Praha", Postcode: "110 00", Country: "CZ"},
		Lines: []orders.Line{{Title: "Linen apron", VariantTitle: "Blue", SKU: "APR-B", Qty: 2, UnitPrice: 1900, Total: 3800},
			{Title: "Sourdough starter", SKU: "SD-1", Qty: 1, UnitPrice: 1600, Total: 1600}}}
	o.Billing = o.Shipping
	return Build(shop, o, "Shipped")
}
