package api

import (
	"log/slog"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/idempotency"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/web/ui"
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
}

func (d Deps) check() error {
	return ui.Missing("api", map[string]bool{"Logger": d.Logger == nil, "Errors": d.Errors == nil, "Tokens": d.Tokens == nil,
		"Limiter": d.Limiter == nil, "Idempotency": d.Idempotency == nil, "Catalog": d.Catalog == nil, "Pages": d.Pages == nil})
}
