package storefront

import "net/http"

// Routes lists every storefront route. The admin's routes are more
// specific (/admin/...), so they win over the catch-all page route.
func (s *Storefront) Routes(mux *http.ServeMux) {
	mux.Handle("GET /assets/theme/", s.assets())
	// The media library's images, on the site's own host only.
	mux.Handle("GET /media/{id}/{name}", s.handle(s.mediaOriginal))
	mux.Handle("GET /media/{id}/{width}/{name}", s.handle(s.mediaVariant))
	// Product feeds (Google, Heureka, JSON) at the site's secret address.
	mux.Handle("GET /feeds/{token}/{file}", s.handle(s.feed))
	mux.Handle("GET /{$}", s.handle(s.page))
	mux.Handle("GET /{slug}", s.handle(s.page))
	mux.Handle("GET /", s.handle(s.notFound))
}
