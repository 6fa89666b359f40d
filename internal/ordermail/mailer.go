package ordermail

import (
	"context"
	"fmt"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Mailer sends an order's e-mails through the outbox, in the transaction
// of the change that causes them. Its Send is the orders.Events Mail hook.
type Mailer struct {
	Templates *Store
	Orders    *orders.Store
	Sites     *sites.Store
	Outbox    *mail.Outbox
	// SiteURL is a site's address from its name.
	SiteURL func(name string) string
}

// eventOf maps the hook's event names to the e-mail sent.
func eventOf(hook string) (Event, bool) {
	switch hook {
	case "received":
		return Received, true
	case "paid":
		return Paid, true
	case "status_changed", "shipped":
		return Shipped, true
	case "cancelled":
		return Cancelled, true
	}
	return "", false
}

// Send renders the site's wording of the e-mail for event ("received",
// "paid", "status_changed", "cancelled") about the order and queues it in
// tx. An order without an e-mail address gets none. Should the site's
// template fail on this order, the default wording is sent instead: a
// template must never stop an order.
func (m *Mailer) Send(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, event string) error {
	e, ok := eventOf(event)
	if !ok {
		return fmt.Errorf("order e-mail: unknown event %q", event)
	}
	o, err := orders.GetTx(ctx, tx, siteID, orderID, false)
	if err != nil {
		return err
	}
	if o.Email == "" {
		return nil
	}
	// Everything is read in the order's own transaction: a read through
	// the pool would wait for a second connection while this one holds the
	// order's locks, and with every connection in such a transaction the
	// shop would stop (BenchmarkPlaceOrder with 32 clients on PostgreSQL).
	site, err := m.Sites.ByIDTx(ctx, tx, siteID)
	if err != nil {
		return err
	}
	statusName := o.Status
	if st, err := orders.StatusTx(ctx, tx, siteID, o.Status); err == nil {
		statusName = st.Name
	} else if _, gone := fault.AsInvalid(err); !gone {
		// A status deleted since is shown by its code.
		return err
	}
	tpl, err := templateOf(ctx, tx, siteID, e)
	if err != nil {
		return err
	}
	data := Build(ShopOf(site, m.SiteURL), o, statusName)
	subject, body, err := Render(tpl, data)
	if err != nil {
		if subject, body, err = Render(Default(e), data); err != nil {
			return fmt.Errorf("order e-mail %s: %w", e, err)
		}
	}
	_, err = m.Outbox.Send(ctx, tx, mail.Message{SiteID: siteID, To: o.Email, Subject: subject, Text: body})
	return err
}

// ShopOf is what the e-mails show of a site.
func ShopOf(site sites.Site, siteURL func(string) string) ShopInfo {
	info := ShopInfo{Name: site.Title, Email: site.PublicEmail, Language: site.Language, TimeZone: site.TimeZone}
	if siteURL != nil {
		info.URL = siteURL(site.Name)
	}
	return info
}
