package storefront

import "net/http"

// Routes lists every storefront route. The admin's routes are more
// specific (/admin/...), so they win over the catch-all page route.
func (s *Storefront) Routes(mux *http.ServeMux) {
	mux.Handle("GET /assets/theme/", s.assets())
	// The site's design settings as a stylesheet, named by their hash.
	mux.Handle("GET /assets/site/{file}", s.handle(s.designStylesheet))
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
	// The cart: works without a script; a guest's by cookie, a customer's
	// by account.
	mux.Handle("GET /cart", s.handle(s.cartPage))
	mux.Handle("POST /cart/add", s.handle(s.addToCart))
	mux.Handle("POST /cart/update", s.handle(s.updateCart))
	mux.Handle("POST /cart/remove", s.handle(s.removeFromCart))
	// The checkout in three steps, then checkout.PlaceOrder.
	mux.Handle("GET /checkout", s.handle(s.checkoutStart))
	mux.Handle("GET /checkout/details", s.handle(s.checkoutDetails))
	mux.Handle("POST /checkout/details", s.handle(s.saveDetails))
	mux.Handle("GET /checkout/delivery", s.handle(s.checkoutDelivery))
	mux.Handle("POST /checkout/delivery", s.handle(s.saveDelivery))
	mux.Handle("GET /checkout/review", s.handle(s.checkoutReview))
	mux.Handle("POST /checkout/place", s.handle(s.placeOrder))
	// The built-in test card provider: its hosted page and the callback
	// it signs.
	mux.Handle("GET /checkout/pay/test/{token}", s.handle(s.testPayPage))
	mux.Handle("POST /checkout/pay/test/{token}", s.handle(s.testPayDecide))
	mux.Handle("POST /checkout/pay/test/callback", s.handle(s.testPayCallback))
	// An order's page at its unguessable address, paying it by card, and
	// creating an account after a guest order.
	mux.Handle("GET /orders/{token}", s.handle(s.orderPage))
	mux.Handle("POST /orders/{token}/pay", s.handle(s.payOrder))
	mux.Handle("POST /orders/{token}/account", s.handle(s.orderAccount))
	// The customer's account.
	mux.Handle("GET /account", s.handle(s.accountPage))
	mux.Handle("POST /account/login", s.handle(s.login))
	mux.Handle("POST /account/register", s.handle(s.register))
	mux.Handle("POST /account/logout", s.handle(s.logout))
	mux.Handle("POST /account/addresses", s.handle(s.addAddress))
	mux.Handle("POST /account/addresses/{id}/delete", s.handle(s.deleteAddress))
	// Cookie consent: the settings page without JavaScript, the choice,
	// the owner's tagged scripts and colours; the privacy declaration.
	mux.Handle("GET /consent", s.handle(s.consentPage))
	mux.Handle("POST /consent", s.handle(s.saveConsent))
	mux.Handle("GET /consent/scripts/{file}", s.handle(s.consentScript))
	mux.Handle("GET /consent/colours.css", s.handle(s.consentColours))
	mux.Handle("GET /privacy", s.handle(s.privacy))
	// A Premium site's own stylesheet.
	mux.Handle("GET "+customCSSPath, s.handle(s.customCSS))
	// Contact forms: a form alone, sending it, a new captcha, thanks.
	mux.Handle("GET /forms/{id}", s.handle(s.showForm))
	mux.Handle("POST /forms/{id}", s.handle(s.submitForm))
	mux.Handle("POST /forms/{id}/new-captcha", s.handle(s.newFormCaptcha))
	mux.Handle("GET /forms/{id}/sent", s.handle(s.formSent))
	mux.Handle("GET /forms/{id}/captcha/{file}", s.handle(s.formCaptcha))
	// The blog: its posts newest first, one post, a tag's posts, and the
	// RSS and Atom feeds.
	mux.Handle("GET /blog", s.handle(s.blogList))
	mux.Handle("GET /blog/feed.rss", s.handle(s.blogFeed("rss")))
	mux.Handle("GET /blog/feed.atom", s.handle(s.blogFeed("atom")))
	mux.Handle("GET /blog/tags/{tag}", s.handle(s.blogTag))
	mux.Handle("GET /blog/{slug}", s.handle(s.blogPost))
	mux.Handle("GET /{$}", s.handle(s.page))
	mux.Handle("GET /{slug}", s.handle(s.page))
	mux.Handle("GET /", s.handle(s.notFound))
}
