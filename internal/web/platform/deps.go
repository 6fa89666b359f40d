package platform

import (
	"log/slog"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// Deps is exactly what the platform host's area uses; New refuses a Deps
// with a part missing.
type Deps struct {
	Config   config.Config
	Logger   *slog.Logger
	Errors   *ui.Errors
	Sessions *session.Manager
	Accounts *accounts.Store
	Sites    *sites.Store
	Themes   *themes.Set
	Help     *help.Centre
	Captcha  *captcha.Store
	Signup   *signup.Service
	Support  *support.Store
	Consent  *consent.Store
}

func (d Deps) check() error {
	return ui.Missing("platform", map[string]bool{"Logger": d.Logger == nil, "Errors": d.Errors == nil,
		"Sessions": d.Sessions == nil, "Accounts": d.Accounts == nil, "Sites": d.Sites == nil,
		"Themes": d.Themes == nil, "Help": d.Help == nil, "Captcha": d.Captcha == nil,
		"Signup": d.Signup == nil, "Support": d.Support == nil, "Consent": d.Consent == nil})
}
