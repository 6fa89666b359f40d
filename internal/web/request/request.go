// Package request carries what the middleware learns about a request (its
// ID, the site it is for, the client's address) to the handlers of every
// web area.
package request

import (
	"context"
	"net"
	"net/http"

	"github.com/pagecart/pagecart/internal/sites"
)

type key int

const (
	idKey key = iota
	siteKey
	httpsKey
)

// WithID returns ctx carrying the request ID.
func WithID(ctx context.Context, id string) context.Context { return context.WithValue(ctx, idKey, id) }

// ID returns the request ID set by the middleware, or "".
func ID(ctx context.Context) string {
	id, _ := ctx.Value(idKey).(string)
	return id
}

// WithHTTPS returns ctx noting that the platform is served over HTTPS, so
// that every cookie set while answering is Secure.
func WithHTTPS(ctx context.Context, https bool) context.Context {
	return context.WithValue(ctx, httpsKey, https)
}

// HTTPS reports whether the platform is served over HTTPS.
func HTTPS(ctx context.Context) bool {
	v, _ := ctx.Value(httpsKey).(bool)
	return v
}

// WithSite returns ctx carrying the site the Host resolved to.
func WithSite(ctx context.Context, s sites.Site) context.Context {
	return context.WithValue(ctx, siteKey, s)
}

// Site returns the site the request is for; ok is false on the platform host.
func Site(ctx context.Context) (sites.Site, bool) {
	s, ok := ctx.Value(siteKey).(sites.Site)
	return s, ok
}

// ClientIP is the address the request came from. Behind a load balancer the
// operator terminates at, RemoteAddr is that balancer; trusting forwarded
// headers is a deployment choice the config will make, not a default.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// HandlerFunc is a handler that returns its error instead of writing it;
// each area turns the error into the right page.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error
