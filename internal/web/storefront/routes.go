package storefront

import "net/http"

// Routes lists every storefront route. The admin's routes are more
// specific (/admin/...), so they win over the catch-all page route.
func (s *Storefront) Routes(mux *http.ServeMux) {
	mux.Handle("GET /assets/theme/", s.assets())
	// The media library's images, on the site's own host only.
	mux.Handle("GET /media/{id}/{name}", s.handle(s.mediaOriginal))
	mux.Handle("GET /media/{id}/{width}/{name}", s.handle(s.mediaVariant))
	// The shop: every product, one product, a category, search.
	mux.Handle("GET /products", s.handle(s.products))
	mux.Handle("GET /products/{slug}", s.handle(s.product))
	mux.Handle("GET /categories/{slug}", s.handle(s.category))
	mux.Handle("GET /search", s.handle(s.search))
	// For search engines: every address of the site, and what to skip.
	mux.Handle("GET /sitemap.xml", s.handle(s.sitemap))
	mux.Handle("GET /robots.txt", s.handle(s.robots))
	// Product feeds (Google, Heureka, JSON) at the site's secret address.
	mux.Handle("GET /feeds/{token}/{file}", s.handle(s.feed))
	// Cookie consent: the settings page without JavaScript, the choice,
	// the owner's tagged scripts and colours; the privacy declaration.
	mux.Handle("GET /consent", s.handle(s.consentPage))
	mux.Handle("POST /consent", s.handle(s.saveConsent))
	mux.Handle("GET /consent/scripts/{file}", s.handle(s.consentScript))
	mux.Handle("GET /consent/colours.css", s.handle(s.consentColours))
	mux.Handle("GET /privacy", s.handle(s.privacy))
	// Contact forms: a form alone, sending it, a new captcha, thanks.
	mux.Handle("GET /forms/{id}", s.handle(s.showForm))
	mux.Handle("POST /forms/{id}", s.handle(s.submitForm))
	mux.Handle("POST /forms/{id}/new-captcha", s.handle(s.newFormCaptcha))
	mux.Handle("GET /forms/{id}/sent", s.handle(s.formSent))
	mux.Handle("GET /forms/{id}/captcha/{file}", s.handle(s.formCaptcha))
	mux.Handle("GET /{$}", s.handle(s.page))
	mux.Handle("GET /{slug}", s.handle(s.page))
	mux.Handle("GET /", s.handle(s.notFound))
}
