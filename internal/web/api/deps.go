package api

import (
	"log/slog"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/idempotency"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// Deps are what the API needs from the composition root.
type Deps struct {
	Config      config.Config
	Logger      *slog.Logger
	Errors      *ui.Errors
	Tokens      *apitokens.Store
	Limiter     ratelimit.Limiter
	Idempotency *idempotency.Store
	Catalog     *catalog.Store
	Pages       *pages.Store
	Orders      *orders.Store
	OrderAdmin  *orders.Admin
	Checkout    *checkout.Service
	Payments    *payments.Store
	Invoices    *invoices.Store
	Customers   *customers.Store
	Webhooks    *webhooks.Store
	Blog        *blog.Store
	Media       *media.Store
	Menus       *menus.Store
}

func (d Deps) check() error {
	return ui.Missing("api", map[string]bool{"Logger": d.Logger == nil, "Errors": d.Errors == nil, "Tokens": d.Tokens == nil,
		"Limiter": d.Limiter == nil, "Idempotency": d.Idempotency == nil, "Catalog": d.Catalog == nil, "Pages": d.Pages == nil,
		"Orders": d.Orders == nil, "OrderAdmin": d.OrderAdmin == nil, "Checkout": d.Checkout == nil, "Payments": d.Payments == nil,
		"Invoices": d.Invoices == nil, "Customers": d.Customers == nil, "Webhooks": d.Webhooks == nil,
		"Blog": d.Blog == nil, "Media": d.Media == nil, "Menus": d.Menus == nil})
}
