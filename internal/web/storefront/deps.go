package storefront

import (
	"log/slog"

	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/design"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/redirects"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// Deps is exactly what the storefront uses; New refuses a Deps with a part
// missing.
type Deps struct {
	Config    config.Config
	Logger    *slog.Logger
	Errors    *ui.Errors
	Pages     *pages.Store
	Media     *media.Store
	Catalog   *catalog.Store
	Themes    *themes.Set
	Sites     *sites.Store
	Orders    *orders.Store
	Carts     *cart.Store
	Checkout  *checkout.Service
	Customers *customers.Store
	Payments  *payments.Store
	Consent   *consent.Store
	Forms     *forms.Store
	Captcha   *captcha.Store
	// CustomCSS is Premium sites' own stylesheets, linked after the
	// design's.
	CustomCSS *customcss.Store
	// Redirects answer addresses nothing else does.
	Redirects *redirects.Store
	// Blog is the site's posts: the blog's pages, its feeds and the
	// sitemap.
	Blog *blog.Store
	// Menus and Design are the site's menus and design settings.
	Menus  *menus.Store
	Design *design.Store
}

func (d Deps) check() error {
	return ui.Missing("storefront", map[string]bool{"Logger": d.Logger == nil, "Errors": d.Errors == nil,
		"Pages": d.Pages == nil, "Media": d.Media == nil, "Catalog": d.Catalog == nil, "Themes": d.Themes == nil,
		"Sites": d.Sites == nil, "Orders": d.Orders == nil, "Carts": d.Carts == nil, "Checkout": d.Checkout == nil,
		"Customers": d.Customers == nil, "Payments": d.Payments == nil,
		"Consent": d.Consent == nil, "Forms": d.Forms == nil, "Captcha": d.Captcha == nil, "Redirects": d.Redirects == nil,
		"Blog": d.Blog == nil, "Menus": d.Menus == nil, "Design": d.Design == nil})
}
