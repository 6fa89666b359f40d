package orders

import (
	"context"
	"fmt"
	"strings"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// PlainMail returns an Events.Mail hook that sends the customer a plain
// e-mail about the order through send (mail.Outbox.Send) in the change's
// own transaction: the order's lines and totals and a link to its page.
// siteURL makes the address of a site from its name. It stands until the
// site's own editable e-mail templates take over.
func PlainMail(send func(ctx context.Context, tx *sqldb.Tx, m mail.Message) (int64, error), siteURL func(name string) string) func(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, event string) error {
	return func(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, event string) error {
		o, err := GetTx(ctx, tx, siteID, orderID, false)
		if err != nil {
			return err
		}
		var name, title, language string
		if err := tx.QueryRow(ctx, `SELECT name, title, language FROM sites WHERE id = ?`, siteID).Scan(&name, &title, &language); err != nil {
			return fmt.Errorf("order mail: %w", err)
		}
		if title == "" {
			title = name
		}
		var status string
		_ = tx.QueryRow(ctx, `SELECT name FROM order_statuses WHERE site_id = ? AND code = ?`, siteID, o.Status).Scan(&status)
		if status == "" {
			status = o.Status
		}
		m := PlainMessage(o, title, siteURL(name)+"/orders/"+o.Token, language, event, status)
		m.SiteID = siteID
		_, err = send(ctx, tx, m)
		return err
	}
}

// PlainMessage writes the e-mail of an order event.
func PlainMessage(o Order, shop, link, language, event, status string) mail.Message {
	if language == "" {
		language = "en"
	}
	f := currency.NewFormatter(currency.NewLocale(language))
	money := func(minor int64) string {
		a, err := currency.NewAmountFromInt64(minor, o.Currency)
		if err != nil {
			return fmt.Sprintf("%d %s", minor, o.Currency)
		}
		return f.Format(a)
	}
	var subject, intro string
	switch event {
	case "received":
		subject = fmt.Sprintf("Your order %s at %s", o.Number, shop)
		intro = "Thank you for your order. This is what you ordered:"
	case "paid":
		subject = fmt.Sprintf("Payment received for order %s", o.Number)
		intro = "We received your payment. Thank you! Your order:"
	case "cancelled":
		subject = fmt.Sprintf("Order %s is cancelled", o.Number)
		intro = "Your order has been cancelled. It was:"
	default:
		subject = fmt.Sprintf("Order %s: %s", o.Number, status)
		intro = fmt.Sprintf("Your order is now: %s.", status)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\n%s\n\n", o.CustomerName, intro)
	for _, l := range o.Lines {
		t := l.Title
		if l.VariantTitle != "" {
			t += " (" + l.VariantTitle + ")"
		}
		fmt.Fprintf(&b, "  %d × %s   %s\n", l.Qty, t, money(l.Total))
	}
	fmt.Fprintf(&b, "\n  Subtotal: %s\n", money(o.Subtotal))
	if o.ShippingName != "" {
		fmt.Fprintf(&b, "  %s: %s\n", o.ShippingName, money(o.ShippingTotal))
	}
	if o.PaymentFee != 0 {
		fmt.Fprintf(&b, "  %s fee: %s\n", o.PaymentName, money(o.PaymentFee))
	}
	if o.TaxTotal != 0 {
		label := "Tax"
		if o.PricesIncludeTax {
			label = "Including tax"
		}
		fmt.Fprintf(&b, "  %s: %s\n", label, money(o.TaxTotal))
	}
	fmt.Fprintf(&b, "  Total: %s\n\n", money(o.Total))
	fmt.Fprintf(&b, "Payment: %s", o.PaymentName)
	if o.PaymentReference != "" && event == "received" {
		fmt.Fprintf(&b, ", payment reference %s", o.PaymentReference)
	}
	fmt.Fprintf(&b, "\n\nFollow your order here:\n%s\n\n%s\n", link, shop)
	return mail.Message{To: o.Email, Subject: subject, Text: b.String()}
}
