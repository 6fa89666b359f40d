package orders

import (
	"context"
	"strings"

	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Seller is what an invoice needs of the site beyond its invoice settings.
type Seller struct {
	Title, Language, TimeZone string
}

// InvoiceDraft copies an order into the lines of an invoice: its products,
// then shipping and the payment fee when they cost anything, each with its
// net amount, tax and total, so that the invoice's total is the order's.
func InvoiceDraft(o Order, seller Seller) invoices.Draft {
	d := invoices.Draft{OrderID: o.ID, OrderNumber: o.Number, Currency: o.Currency, Language: seller.Language,
		TimeZone: seller.TimeZone, SiteTitle: seller.Title, PaymentMethod: o.PaymentName,
		PaymentReference: o.PaymentReference, Buyer: buyer(o)}
	var linesTax int64
	for _, l := range o.Lines {
		name := l.Title
		if l.VariantTitle != "" {
			name += " (" + l.VariantTitle + ")"
		}
		unit := l.UnitPrice
		if !o.PricesIncludeTax && l.Qty > 0 {
			unit = l.Total / int64(l.Qty) // what one unit cost with tax
		}
		d.Lines = append(d.Lines, invoices.Line{Name: name, SKU: l.SKU, Quantity: int64(l.Qty), UnitPrice: unit,
			TaxRate: l.RateBP, Net: l.Total - l.Tax, Tax: l.Tax, Total: l.Total})
		linesTax += l.Tax
	}
	// Shipping and the fee are entered the way the shop enters prices:
	// with tax included, or without it (their tax then is part of the
	// order's tax total).
	extra := func(name string, amount, tax int64) {
		if amount == 0 && tax == 0 {
			return
		}
		net, total := amount-tax, amount
		if !o.PricesIncludeTax {
			net, total = amount, amount+tax
		}
		d.Lines = append(d.Lines, invoices.Line{Name: name, Quantity: 1, UnitPrice: total, TaxRate: rateOf(net, tax, o.Lines),
			Net: net, Tax: tax, Total: total})
	}
	shippingName := "Shipping"
	if o.ShippingName != "" {
		shippingName = "Shipping: " + o.ShippingName
	}
	extra(shippingName, o.ShippingTotal, o.ShippingTax)
	feeName := "Payment fee"
	if o.PaymentName != "" {
		feeName += ": " + o.PaymentName
	}
	extra(feeName, o.PaymentFee, max(o.TaxTotal-linesTax-o.ShippingTax, 0))
	return d
}

// rateOf finds the tax rate behind an amount: the rate of an order line
// that gives the same tax when there is one (shipping is taxed at the
// goods' rate), otherwise the rate rounded to a hundredth of a percent.
func rateOf(net, tax int64, lines []Line) int {
	if tax == 0 || net == 0 {
		return 0
	}
	for _, l := range lines {
		if r := int64(l.RateBP); (net*r+5000)/10000 == tax {
			return l.RateBP
		}
	}
	return int((tax*10000 + net/2) / net)
}

func buyer(o Order) invoices.Party {
	a := o.Billing
	if a.Empty() {
		a = o.Shipping
	}
	p := invoices.Party{Name: a.Name, Company: a.Company, Email: o.Email, Phone: o.Phone}
	if p.Name == "" {
		p.Name = o.CustomerName
	}
	var lines []string
	for _, s := range []string{a.Line1, a.Line2, strings.TrimSpace(a.Postcode + " " + a.City), a.Region, a.Country} {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
	}
	p.Address = strings.Join(lines, "\n")
	return p
}

// IssueInvoice issues a pro-forma or final invoice for an order as it is
// now, and notes it on the order's timeline. A cancelled order gets none.
func (a *Admin) IssueInvoice(ctx context.Context, siteID, orderID int64, kind invoices.Kind, seller Seller, actor int64) (invoices.Invoice, error) {
	var inv invoices.Invoice
	err := a.Store.db.InTx(ctx, func(tx *sqldb.Tx) error {
		o, err := GetTx(ctx, tx, siteID, orderID, true)
		if err != nil {
			return err
		}
		if !o.CancelledAt.IsZero() {
			return ErrCancelled
		}
		inv, err = a.Invoices.IssueTx(ctx, tx, siteID, kind, InvoiceDraft(o, seller), actor)
		if err != nil {
			return err
		}
		return AddEventTx(ctx, tx, siteID, orderID, "invoice", kind.Title()+" "+inv.Number+" issued", false, actor, a.now())
	})
	return inv, err
}
