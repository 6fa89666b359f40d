// Package deps is the set of services every web area is built from,
// assembled once by the web package and shared by the areas, plus the
// session cookies that more than one area uses.
package deps

import (
	"log/slog"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/themes"
)

// Deps are the platform's services.
type Deps struct {
	Config    config.Config
	DB        *sqldb.DB
	Logger    *slog.Logger
	Queue     *jobs.Queue
	Accounts  *accounts.Store
	Sites     *sites.Store
	Pages     *pages.Store
	Mail      *mail.Store
	Captcha   *captcha.Store
	Operators *operators.Store
	Support   *support.Store
	Signup    *signup.Service
	Themes    *themes.Set
	Help      *help.Centre
	// Invalidate drops what the host cache knows of a site; call it after
	// any change to the site row so this node serves the change at once.
	Invalidate func(siteID int64)
	// InvalidatePlatform does the same for platform-wide switches
	// (maintenance) after the operator changed them.
	InvalidatePlatform func()
}
