package storefront

import "net/http"

// Routes lists every storefront route. The admin's routes are more
// specific (/admin/...), so they win over the catch-all page route.
func (s *Storefront) Routes(mux *http.ServeMux) {
	mux.Handle("GET /assets/theme/", s.assets())
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /{slug}", s.page)
	mux.HandleFunc("GET /", s.notFound)
}
