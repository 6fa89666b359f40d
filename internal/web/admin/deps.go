package admin

import (
	"log/slog"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
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
	Pages    *pages.Store
	Media    *media.Store
	Catalog  *catalog.Store
	Themes   *themes.Set
	// APITokens are the site's API tokens (the API page).
	APITokens *apitokens.Store
}

func (d Deps) check() error {
	return ui.Missing("admin", map[string]bool{"Logger": d.Logger == nil, "Errors": d.Errors == nil,
		"Sessions": d.Sessions == nil, "Accounts": d.Accounts == nil, "Sites": d.Sites == nil,
		"Pages": d.Pages == nil, "Media": d.Media == nil, "Catalog": d.Catalog == nil, "Themes": d.Themes == nil,
		"APITokens": d.APITokens == nil})
}
