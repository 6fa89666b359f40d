package admin

import (
	"net/http"

	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/checkout"
	"log/slog"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/design"
	"github.com/pagecart/pagecart/internal/designrequests"
	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/ordermail"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/redirects"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/taxes"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/storefront"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/internal/webhooks"
	"github.com/pagecart/pagecart/themes"
)

// Deps is exactly what the admin uses; New refuses a Deps with a part
// missing, so a test cannot leave a nil to be found by a request.
type Deps struct {
	Config   config.Config
	Logger   *slog.Logger
	Errors   *ui.Errors
	Sessions *session.Manager
	Accounts *accounts.Store
	Sites    *sites.Store
	Domains  *domains.Store
	Pages    *pages.Store
	Media    *media.Store
	Catalog  *catalog.Store
	Themes   *themes.Set
	Webhooks *webhooks.Store
	// The shop's selling settings: shipping, payments, taxes and the order
	// number and terms (orders).
	Orders   *orders.Store
	Shipping *shipping.Store
	Payments *payments.Store
	Taxes    *taxes.Store

	// Orders once placed: the owner's operations, customers, invoices and
	// order e-mails.
	OrderAdmin *orders.Admin
	// Checkout places the owner's manual orders, as the storefront's.
	Checkout  *checkout.Service
	Customers *customers.Store
	Invoices  *invoices.Store
	OrderMail *ordermail.Store
	Consent   *consent.Store
	// The site's menus and design settings, and the storefront's drawing
	// of a page with draft settings or another design (never cached).
	Menus   *menus.Store
	Design  *design.Store
	Preview func(w http.ResponseWriter, r *http.Request, site sites.Site, slug string, p storefront.Preview) error
	Forms   *forms.Store
	// APITokens are the site's API tokens (the API page).
	APITokens *apitokens.Store
	// CustomCSS is the Premium plan's own stylesheet (Settings).
	CustomCSS *customcss.Store
	// Redirects of old addresses (page settings, /admin/redirects) and the
	// owner's requests for a design of their own.
	Redirects      *redirects.Store
	DesignRequests *designrequests.Store
	// Blog is the site's posts; PostPreview draws one in the site's design
	// (the storefront's RenderPost), for the preview of a draft.
	Blog        *blog.Store
	PostPreview func(r *http.Request, site sites.Site, p blog.Post, preview bool) ([]byte, error)
}

func (d Deps) check() error {
	return ui.Missing("admin", map[string]bool{"Logger": d.Logger == nil, "Errors": d.Errors == nil,
		"Sessions": d.Sessions == nil, "Accounts": d.Accounts == nil, "Sites": d.Sites == nil, "Domains": d.Domains == nil,
		"Pages": d.Pages == nil, "Media": d.Media == nil, "Catalog": d.Catalog == nil, "Themes": d.Themes == nil,
		"Webhooks": d.Webhooks == nil, "Consent": d.Consent == nil, "Forms": d.Forms == nil, "APITokens": d.APITokens == nil,
		"Orders": d.Orders == nil, "Shipping": d.Shipping == nil, "Payments": d.Payments == nil, "Taxes": d.Taxes == nil, "Checkout": d.Checkout == nil,
		"OrderAdmin": d.OrderAdmin == nil, "Customers": d.Customers == nil, "Invoices": d.Invoices == nil, "OrderMail": d.OrderMail == nil,
		"Redirects": d.Redirects == nil, "DesignRequests": d.DesignRequests == nil, "Blog": d.Blog == nil,
		"PostPreview": d.PostPreview == nil, "Menus": d.Menus == nil, "Design": d.Design == nil, "Preview": d.Preview == nil})
}
