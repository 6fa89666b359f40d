package app

import (
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/ordermail"
	"github.com/pagecart/pagecart/internal/orders"
)

// buildOrders assembles what handles orders once they are placed (on the
// orders, payments and customers stores built before it): invoices, the
// order e-mails (ordermail's Mailer is the Mail hook of every
// order change, so the site's own wording is what customers get), the
// order webhooks (orders/create, orders/paid, orders/status_changed,
// orders/cancelled, inserted in the order's transaction) and the owner's
// operations. The same Events go to every package that changes
// orders, so an order's e-mail is the same whoever changed it.
func (a *App) buildOrders(cfg config.Config, outbox *mail.Outbox) orders.Events {
	a.Invoices = invoices.NewStore(a.DB)
	a.OrderMail = ordermail.NewStore(a.DB)
	mailer := &ordermail.Mailer{Templates: a.OrderMail, Orders: a.Orders, Sites: a.Sites, Outbox: outbox, SiteURL: cfg.SiteURL}
	events := orders.Events{Mail: mailer.Send, Webhook: a.Webhooks.EnqueueTx}
	a.Payments.Events = events
	a.OrderAdmin = orders.NewAdmin(a.Orders, a.Catalog, a.Invoices, events)
	return events
}
