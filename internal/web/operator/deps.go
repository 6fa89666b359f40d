package operator

import (
	"log/slog"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/designrequests"
	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// Deps is exactly what the operator console uses; New refuses a Deps with
// a part missing.
type Deps struct {
	Config    config.Config
	Logger    *slog.Logger
	Errors    *ui.Errors
	Sessions  *session.Manager
	Operators *operators.Store
	Accounts  *accounts.Store // site owners' e-mail addresses
	Sites     *sites.Store
	Domains   *domains.Store // domain orders
	Mail      *mail.Store
	Support   *support.Store
	Help      *help.Centre
	APITokens *apitokens.Store // partner tokens
	Consent   *consent.Store   // the platform's own consent log
	// DesignRequests are owners' requests for a design of their own.
	DesignRequests *designrequests.Store
}

func (d Deps) check() error {
	return ui.Missing("operator", map[string]bool{"Logger": d.Logger == nil, "Errors": d.Errors == nil,
		"Sessions": d.Sessions == nil, "Operators": d.Operators == nil, "Accounts": d.Accounts == nil,
		"Sites": d.Sites == nil, "Domains": d.Domains == nil, "Mail": d.Mail == nil, "Support": d.Support == nil, "Help": d.Help == nil,
		"APITokens": d.APITokens == nil, "Consent": d.Consent == nil, "DesignRequests": d.DesignRequests == nil})
}
