package platform

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// platformPolicy is the version of the platform's own privacy declaration
// (templates/privacy.html). Raise it when the declaration changes what the
// platform does with cookies: every visitor is then asked again.
const platformPolicy = 1

// consentBar is the bar of the platform's own pages: the same bar as every
// site's, over the platform's few cookies. The platform's pages are never
// cached, so whether the visitor already chose is decided here.
func (p *Platform) consentBar(r *http.Request, open bool) *themes.ConsentView {
	cv := &themes.ConsentView{Version: platformPolicy, Open: open, Back: request.SafeBack(r.URL.RequestURI()),
		Heading: "Cookies on Pagecart",
		Message: "Pagecart's own pages use only the cookies they need to work (your login, your cookie choice). " +
			"Choose what you allow; you can change it at any time with “Cookie settings” below."}
	c, chosen := platformCookie(r)
	cv.Chosen = chosen && !open
	for _, cat := range consent.Categories {
		cc := themes.ConsentCategory{Name: string(cat), Label: cat.Label(), Purpose: cat.Purpose(), Always: cat == consent.Necessary,
			Checked: chosen && c.Choice.Allows(cat)}
		if cat == consent.Necessary {
			cc.Items = []themes.ConsentItem{
				{Name: consent.CookieName + " (cookie, 6 months)", Purpose: "remembers your cookie choice, so this bar does not ask on every page."},
				{Name: "pc_session (cookie, only when you log in)", Purpose: "keeps you logged in to your sites."},
				{Name: "pc_flash (cookie, a few seconds)", Purpose: "shows a confirmation after a form is sent."},
			}
		}
		cv.Categories = append(cv.Categories, cc)
	}
	return cv
}

// platformCookie is the visitor's choice for the platform's current policy.
func platformCookie(r *http.Request) (consent.Cookie, bool) {
	raw, err := r.Cookie(consent.CookieName)
	if err != nil {
		return consent.Cookie{}, false
	}
	c, err := consent.ParseCookie(raw.Value)
	return c, err == nil && c.Version == platformPolicy
}

// withBar puts the rendered bar on a platform page.
func (p *Platform) withBar(r *http.Request, pg *ui.Page, open bool) {
	bar, err := p.d.Themes.ConsentBar(p.consentBar(r, open))
	if err != nil {
		// A page without the bar is better than no page: it sets no cookie
		// that needs consent either way.
		p.d.Logger.Error("platform consent bar", "err", err)
		return
	}
	pg.ConsentBar = bar
}

// consentPage is "Cookie settings" without JavaScript: the bar, open, with
// the visitor's current choice ticked.
func (p *Platform) consentPage(w http.ResponseWriter, r *http.Request) error {
	pg := ui.Page{Title: "Cookie settings"}
	p.withBar(r, &pg, true)
	return p.render(w, r, http.StatusOK, "consent.html", pg)
}

// saveConsent records a choice on the platform's pages in the visitor's
// cookie and in the platform's consent log (which operators export), then
// returns to the page, or answers 204 to consent.js.
func (p *Platform) saveConsent(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("choice", "The choice could not be read. Choose again.")
	}
	gpc := r.Header.Get("Sec-GPC") == "1"
	ch, err := consent.ChoiceFromForm(r.PostForm, gpc)
	if err != nil {
		return err
	}
	id := consent.NewConsentID()
	if raw, err := r.Cookie(consent.CookieName); err == nil {
		if old, err := consent.ParseCookie(raw.Value); err == nil {
			id = old.ConsentID
		}
	}
	if _, err := p.d.Consent.RecordPlatform(r.Context(), consent.Entry{ConsentID: id, PolicyVersion: platformPolicy,
		Choice: ch, GPC: gpc, IP: request.ClientIP(r)}); err != nil {
		return err
	}
	c := consent.Cookie{Version: platformPolicy, Choice: ch, ConsentID: id}
	// Not HttpOnly: consent.js reads it, as on the sites.
	http.SetCookie(w, &http.Cookie{Name: consent.CookieName, Value: c.String(), Path: "/",
		MaxAge: int(consent.CookieLifetime / time.Second), Secure: request.HTTPS(r.Context()), SameSite: http.SameSiteLaxMode})
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	back := request.SafeBack(r.PostFormValue("back"))
	if back == "/" {
		back = request.BackFromReferer(r)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// privacy is the platform's own privacy declaration.
func (p *Platform) privacy(w http.ResponseWriter, r *http.Request) error {
	pg := ui.Page{Title: "Privacy declaration", Data: p.d.Config.PlatformURL()}
	return p.render(w, r, http.StatusOK, "privacy.html", pg)
}

// consentAsset serves the bar's script and stylesheet on the platform host,
// the same files the sites serve.
func (p *Platform) consentAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name != "consent.js" && name != "consent.css" {
		http.NotFound(w, r)
		return
	}
	f, err := p.d.Themes.Assets().Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	body, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, "asset", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}
