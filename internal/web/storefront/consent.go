package storefront

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/themes"
)

// consentView is the bar every page of the site carries, the same for
// every visitor: who chose what is applied in the browser (consent.js),
// so that a cached page never carries one visitor's choice to another.
func (s *Storefront) consentView(ctx context.Context, site sites.Site, set consent.Settings) *themes.ConsentView {
	cv := &themes.ConsentView{Version: site.ConsentVersion, Heading: set.Heading, Message: set.Message,
		ColoursURL: "/consent/colours.css?v=" + strconv.FormatInt(site.ContentVersion, 10)}
	for _, c := range consent.Categories {
		cat := themes.ConsentCategory{Name: string(c), Label: c.Label(), Purpose: c.Purpose(), Always: c == consent.Necessary}
		if c == consent.Necessary {
			cat.Items = []themes.ConsentItem{
				{Name: consent.CookieName + " (cookie, this site, 6 months)", Purpose: "remembers your cookie choice, so this bar does not ask on every page."},
				{Name: "pc_session (cookie, this site, only when staff sign in)", Purpose: "keeps the site's staff signed in to its administration."},
				{Name: "pc_flash (cookie, this site, a few seconds)", Purpose: "shows a confirmation after a form is sent."},
			}
		}
		for _, sc := range set.Scripts {
			if sc.Category == c {
				cat.Items = append(cat.Items, themes.ConsentItem{Name: sc.Name, Purpose: "runs only if you allow " + strings.ToLower(c.Label()) + "."})
			}
		}
		cv.Categories = append(cv.Categories, cat)
	}
	for _, sc := range set.Scripts {
		cv.Scripts = append(cv.Scripts, themes.ConsentScript{Category: string(sc.Category),
			Src: "/consent/scripts/" + strconv.FormatInt(sc.ID, 10) + ".js"})
	}
	return cv
}

// chosen reports whether the visitor answered the site's current consent
// policy: their cookie names its version.
func chosen(r *http.Request, site sites.Site) bool {
	c, ok := consentCookie(r)
	return ok && c.Version == site.ConsentVersion
}

func consentCookie(r *http.Request) (consent.Cookie, bool) {
	raw, err := r.Cookie(consent.CookieName)
	if err != nil {
		return consent.Cookie{}, false
	}
	c, err := consent.ParseCookie(raw.Value)
	return c, err == nil
}

// barOpen is how every page starts the bar; hideBar makes the variant for
// a visitor who has chosen. Pages are cached in both variants: whether the
// visitor still has to choose is the one thing about them a page shows,
// and it is the same for everyone in the variant.
var barOpen = []byte(`<div class="consent" id="consent" role="region"`)

func hideBar(body []byte) []byte {
	return bytes.Replace(body, barOpen, []byte(`<div class="consent" id="consent" hidden role="region"`), 1)
}

// consentPage is "Cookie settings" without JavaScript: the bar, open, with
// the visitor's current choice ticked. Never cached: it shows the choice.
func (s *Storefront) consentPage(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	v, err := s.view(r.Context(), site, nil, "/consent")
	if err != nil {
		return err
	}
	v.Page = themes.PageContent{Slug: "consent", Title: "Cookie settings",
		Body: "<section class=\"band\"><div class=\"wrap narrow prose\"><p>Choose below which cookies this site may use. You can change your choice at any time with “Cookie settings” at the bottom of every page.</p></div></section>"}
	v.Consent.Open = true
	v.Consent.Back = request.SafeBack(r.URL.Query().Get("back"))
	if c, ok := consentCookie(r); ok {
		for i := range v.Consent.Categories {
			cat := &v.Consent.Categories[i]
			cat.Checked = c.Choice.Allows(consent.Category(cat.Name))
		}
	}
	var buf bytes.Buffer
	if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
		return fmt.Errorf("render consent page: %w", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
	return nil
}

// saveConsent records a visitor's choice in their cookie and in the site's
// log, then returns them to the page they were on (or answers 204 to the
// bar's script). A browser sending Sec-GPC: 1 refuses marketing whatever
// was clicked.
func (s *Storefront) saveConsent(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("choice", "The choice could not be read. Choose again.")
	}
	gpc := r.Header.Get("Sec-GPC") == "1"
	ch, err := consent.ChoiceFromForm(r.PostForm, gpc)
	if err != nil {
		return err
	}
	id := consent.NewConsentID()
	if old, ok := consentCookie(r); ok {
		id = old.ConsentID
	}
	if _, err := s.d.Consent.Record(r.Context(), site.ID, consent.Entry{ConsentID: id, PolicyVersion: site.ConsentVersion,
		Choice: ch, GPC: gpc, IP: request.ClientIP(r)}); err != nil {
		return err
	}
	c := consent.Cookie{Version: site.ConsentVersion, Choice: ch, ConsentID: id}
	// Not HttpOnly: consent.js reads it to apply the choice to cached pages.
	http.SetCookie(w, &http.Cookie{Name: consent.CookieName, Value: c.String(), Path: "/",
		MaxAge: int(consent.CookieLifetime / time.Second), Secure: request.HTTPS(r.Context()), SameSite: http.SameSiteLaxMode})
	w.Header().Set("Cache-Control", "no-store")
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

// consentScript serves one of the owner's tagged scripts. The page loads it
// only once its category is allowed.
func (s *Storefront) consentScript(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	id, err := strconv.ParseInt(strings.TrimSuffix(r.PathValue("file"), ".js"), 10, 64)
	if err != nil || !strings.HasSuffix(r.PathValue("file"), ".js") {
		return fault.ErrNotFound
	}
	sc, err := s.d.Consent.Script(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write([]byte(sc.Code))
	return nil
}

// consentColours is the owner's colours for the bar, as a stylesheet: the
// pages' security policy allows no inline style. Its address carries the
// content version, so it can be cached for long.
func (s *Storefront) consentColours(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	set, err := s.d.Consent.Settings(r.Context(), site.ID)
	if err != nil {
		return err
	}
	// The colours were checked to be #rrggbb when saved.
	css := fmt.Sprintf(".consent { --consent-bg: %s; --consent-fg: %s; --consent-accent: %s; }\n", set.Background, set.Foreground, set.Accent)
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write([]byte(css))
	return nil
}
