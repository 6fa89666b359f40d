// Package api serves the public GraphQL API of every site at /api/graphql
// (API.md). chain.go decides each request's status in the contract's
// order; graph/ resolves the schema with the same domain operations as the
// admin.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pagecart/pagecart/internal/web/api/graph"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// API is the API area.
type API struct {
	Deps
	schema graphql.ExecutableSchema
	exec   *executor.Executor

	zonesMu sync.Mutex
	zones   map[string]*time.Location
}

// New builds the API area.
func New(d Deps) (*API, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	a := &API{Deps: d, zones: map[string]*time.Location{}}
	a.schema = graph.NewSchema(&graph.Resolver{Catalog: d.Catalog, Content: d.Pages, SiteURL: d.Config.SiteURL,
		OrderStore: d.Orders, OrderAdmin: d.OrderAdmin, Checkout: d.Checkout, PaymentStore: d.Payments, InvoiceStore: d.Invoices,
		CustomerStore: d.Customers, WebhookStore: d.Webhooks, Blog: d.Blog, Media: d.Media, Menus: d.Menus})
	a.exec = executor.New(a.schema)
	a.exec.Use(extension.Introspection{})
	a.exec.SetErrorPresenter(a.presentError)
	a.exec.SetRecoverFunc(func(ctx context.Context, v any) error {
		d.Logger.ErrorContext(ctx, "api panic", slog.String("request_id", request.ID(ctx)), slog.Any("panic", v))
		return errInternal
	})
	return a, nil
}

var errInternal = errors.New("internal error")

// presentError keeps the errors resolvers word for clients (they carry a
// code) and turns anything else into INTERNAL or TIMEOUT, logging it: no
// database message or stack reaches a client.
func (a *API) presentError(ctx context.Context, err error) *gqlerror.Error {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Extensions["code"] != nil {
		out := *gqlErr
		if out.Path == nil {
			out.Path = graphql.GetPath(ctx)
		}
		return &out
	}
	code, msg := "INTERNAL", "Something went wrong; it has been logged with the request ID."
	if errors.Is(err, context.DeadlineExceeded) {
		code, msg = "TIMEOUT", "The request ran past its deadline."
	} else if !errors.Is(err, errInternal) {
		a.Logger.ErrorContext(ctx, "api resolver failed", slog.String("request_id", request.ID(ctx)), slog.Any("err", err))
	}
	return &gqlerror.Error{Message: msg, Path: graphql.GetPath(ctx), Extensions: map[string]any{"code": code}}
}

// location is a site's time zone, where its quota days begin; read once.
func (a *API) location(name string) *time.Location {
	a.zonesMu.Lock()
	defer a.zonesMu.Unlock()
	if loc, ok := a.zones[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	a.zones[name] = loc
	return loc
}

func (a *API) serveSchema(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write([]byte(graph.Source))
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.Errors.Show(w, r, ui.ErrorInfo{Status: http.StatusNotFound, Code: "NOT_FOUND", Heading: "Not found",
		Message: "There is nothing at this address of the API. The endpoint is POST /api/graphql."}, nil)
}
