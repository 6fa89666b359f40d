package storefront

import "net/http"

// Routes lists every storefront route. The admin's routes are more
// specific (/admin/...), so they win over the catch-all page route.
func (s *Storefront) Routes(mux *http.ServeMux) {
	mux.Handle("GET /assets/theme/", s.assets())
	mux.Handle("GET /{$}", s.handle(s.page))
	mux.Handle("GET /{slug}", s.handle(s.page))
	mux.Handle("GET /", s.handle(s.notFound))
}
