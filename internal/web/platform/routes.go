package platform

import "net/http"

// Routes lists every route of the platform host except the operator
// console, which has its own area.
func (p *Platform) Routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", p.handle(p.landing))
	mux.Handle("GET /themes/{name}/thumbnail.png", http.HandlerFunc(p.thumbnail))

	mux.Handle("GET /signup", p.handle(p.signupForm))
	mux.Handle("POST /signup", p.handle(p.signup))
	mux.Handle("POST /signup/new-captcha", p.handle(p.signupNewCaptcha))
	mux.Handle("GET /signup/check-name", p.handle(p.checkName))
	mux.Handle("GET /captcha/{file}", p.handle(p.captchaFile))

	mux.Handle("GET /login", p.handle(p.loginForm))
	mux.Handle("POST /login", p.handle(p.login))
	mux.Handle("POST /logout", p.handle(p.logout))
	mux.Handle("GET /sites", p.handle(p.mySites))
	mux.Handle("POST /sites/{id}/open", p.handle(p.openSite))

	mux.Handle("GET /password/forgot", p.handle(p.forgotForm))
	mux.Handle("POST /password/forgot", p.handle(p.forgot))
	mux.Handle("GET /password/reset/{token}", p.handle(p.resetForm))
	mux.Handle("POST /password/reset/{token}", p.handle(p.reset))

	mux.Handle("GET /terms", p.handle(p.terms))
	// Cookie consent on the platform's own pages: the settings without
	// JavaScript, the choice (logged in the platform's own log), the
	// privacy declaration, and the bar's script and stylesheet.
	mux.Handle("GET /consent", p.handle(p.consentPage))
	mux.Handle("POST /consent", p.handle(p.saveConsent))
	mux.Handle("GET /privacy", p.handle(p.privacy))
	mux.Handle("GET /assets/theme/{file}", http.HandlerFunc(p.consentAsset))
	// The platform's own contact form, to the operator console's inbox.
	mux.Handle("GET /contact", p.handle(p.contactForm))
	mux.Handle("POST /contact", p.handle(p.contact))
	mux.Handle("POST /contact/new-captcha", p.handle(p.contactNewCaptcha))
	mux.Handle("GET /help", p.handle(p.helpIndex))
	mux.Handle("GET /help/{category}", p.handle(p.helpCategory))
	mux.Handle("GET /help/{category}/{article}", p.handle(p.helpArticle))
	mux.Handle("POST /help/{category}/{article}", p.handle(p.helpAsk))
	mux.Handle("POST /help/{category}/{article}/new-captcha", p.handle(p.helpNewCaptcha))

	mux.Handle("/", p.handle(p.notFound))
}
