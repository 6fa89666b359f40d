package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/menus"
)

// headerLinks is the header menu's row of links, as labels in order.
func headerLinks(t *testing.T, page string) []string {
	t.Helper()
	start := strings.Index(page, `<nav class="site-nav nav-row"`)
	if start < 0 {
		t.Fatalf("no header menu in:\n%s", apptest.Excerpt(page))
	}
	end := strings.Index(page[start:], "</nav>")
	var out []string
	for _, m := range regexp.MustCompile(`<a href="[^"]*"[^>]*>([^<]*)</a>`).FindAllStringSubmatch(page[start:start+end], -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMenusAdmin(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSiteWith("crust", "anna@example.com", "bakery")
	other, otherOwner := h.NewSiteWith("rival", "ben@example.com", "studio")
	host, otherHost := h.SiteHost(site.Name), h.SiteHost(other.Name)
	b := h.Login(host, owner.Email)
	visitor := h.Browser()

	// Nothing changes until the owner edits: the pages in the menu, in order.
	before := headerLinks(t, visitor.Get(host, "/").Body)
	if strings.Join(before, ",") != "Home,Menu,About us,Visit" {
		t.Fatalf("default header %v", before)
	}
	apptest.Expect(t, b.Get(host, "/admin/menus"), http.StatusOK, "Header menu", "Footer menu",
		`action="/admin/menus/header/items/-2"`, `<optgroup label="Pages">`)

	// Move "Menu" up: the header's order changes at once (the cache drops).
	h.ResetAnnounced()
	res := b.Post(host, "/admin/menus/header/items/-2", url.Values{"op": {"up"}, "label": {"Menu"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Link moved up.")
	if !h.WasAnnounced(site.ID) {
		t.Error("a menu edit was not announced")
	}
	if got := headerLinks(t, visitor.Get(host, "/").Body); strings.Join(got, ",") != "Menu,Home,About us,Visit" {
		t.Fatalf("after moving up: %v", got)
	}
	items, _, err := h.App.Menus.Items(t.Context(), site.ID, menus.Header)
	if err != nil || len(items) != 4 {
		t.Fatal(items, err)
	}
	id := func(i int) string { return strconvItoa(items[i].ID) }
	// Nest "About us" under "Home", rename it, add a web address.
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/menus/header/items/"+id(2), url.Values{"op": {"indent"}})), http.StatusOK, "Link nested.")
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/menus/header/items/"+id(2), url.Values{"op": {"rename"}, "label": {"Our story"}})), http.StatusOK, "Link renamed.")
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/menus/header/add", url.Values{"target": {"url"}, "url": {"https://example.com/recipes"}, "label": {"Recipes"}})), http.StatusOK, "“Recipes” is in the header menu.")
	apptest.Expect(t, b.Post(host, "/admin/menus/header/add", url.Values{"target": {"url"}, "url": {"javascript:alert(1)"}, "label": {"Evil"}}),
		http.StatusUnprocessableEntity, "Enter an address of your site")
	page := visitor.Get(host, "/about").Body
	apptest.Expect(t, apptest.Response{Status: 200, Body: page}, 200,
		`<li class="has-sub"><a href="/">Home</a><ul>`, `<a href="/about" aria-current="page">Our story</a>`,
		`<a href="https://example.com/recipes">Recipes</a>`, `<details class="nav-menu">`)
	// A link to a deleted page drops out.
	pages, _ := h.App.Pages.List(t.Context(), site.ID, site.Entitlements())
	for _, p := range pages {
		if p.Slug == "contact" {
			if err := h.App.Pages.Delete(t.Context(), site.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := headerLinks(t, visitor.Get(host, "/").Body); strings.Join(got, ",") != "Menu,Home,Our story,Recipes" {
		t.Fatalf("after deleting Visit: %v", got)
	}
	// The footer is still the default.
	apptest.Expect(t, visitor.Get(host, "/"), http.StatusOK, `<nav aria-label="Footer"><ul>`)

	// Site B's owner, on B's host, cannot touch A's items: not found.
	ob := h.Login(otherHost, otherOwner.Email)
	apptest.Expect(t, ob.Post(otherHost, "/admin/menus/header/items/"+id(0), url.Values{"op": {"remove"}}), http.StatusNotFound)
	apptest.Expect(t, ob.Post(otherHost, "/admin/menus/sidebar/add", url.Values{"target": {"url"}, "url": {"/x"}, "label": {"X"}}), http.StatusNotFound)
	if got, _, _ := h.App.Menus.Items(t.Context(), site.ID, menus.Header); len(got) != 5 {
		t.Fatalf("A's menu changed: %+v", got)
	}
	// Reset: the pages again.
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/menus/header/reset", nil)), http.StatusOK, "shows your pages again")
	if got := headerLinks(t, visitor.Get(host, "/").Body); strings.Join(got, ",") != "Home,Menu,About us" {
		t.Fatalf("after reset: %v", got)
	}
}

func TestDesignSettingsDraftPreviewPublish(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSiteWith("crust", "anna@example.com", "bakery")
	other, otherOwner := h.NewSiteWith("rival", "ben@example.com", "studio")
	host, otherHost := h.SiteHost(site.Name), h.SiteHost(other.Name)
	b := h.Login(host, owner.Email)
	visitor := h.Browser()

	apptest.Expect(t, b.Get(host, "/admin/design"), http.StatusOK, "Design settings", `type="color"`, `value="#ad5128"`,
		"Sage and oat", "Readable", `<iframe class="preview-frame" src="/admin/design/preview?page="`)
	// A low-contrast draft: saved, warned about with its ratio, not live.
	form := url.Values{"action": {"save"}, "colour-accent": {"#ffd000"}, "colour-accent-text": {"#ffffff"}, "buttonShape": {"square"},
		"headingFont": {"didone"}, "footerText": {"Open Tuesday to Sunday"}}
	for _, c := range []string{"bg", "surface", "text", "muted", "line"} {
		form.Set("colour-"+c, "")
	}
	res := b.Post(host, "/admin/design/settings", form)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Draft saved.", "Low contrast", "Text on the accent (buttons): <b>1.4", `<span class="badge warn">Draft</span>`)
	apptest.Expect(t, b.Post(host, "/admin/design/settings", url.Values{"colour-bg": {"red;}"}}), http.StatusUnprocessableEntity, "Use a colour such as #1a2b3c.")

	live := visitor.Get(host, "/")
	if strings.Contains(live.Body, "/assets/site/design-") || strings.Contains(live.Body, "Open Tuesday") {
		t.Fatal("the draft is live before publishing")
	}
	prev := b.Get(host, "/admin/design/preview?page=about")
	apptest.Expect(t, prev, http.StatusOK, `/admin/design/preview.css?v=`, "Open Tuesday to Sunday", "Preview of your draft design settings")
	if cc := prev.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("preview Cache-Control %q", cc)
	}
	apptest.Expect(t, b.Get(host, "/admin/design/preview.css"), http.StatusOK, "--pc-accent: #ffd000;", "--pc-radius: 0;", "Didot")
	// Visitors cannot see the preview.
	if res := visitor.Get(host, "/admin/design/preview"); res.Status == http.StatusOK {
		t.Fatal("a visitor sees the preview")
	}

	// Publish: live, with a stylesheet named by its hash, cached for a year.
	h.ResetAnnounced()
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/design/publish", nil)), http.StatusOK, "Published")
	if !h.WasAnnounced(site.ID) {
		t.Error("publishing was not announced")
	}
	live = visitor.Get(host, "/")
	m := regexp.MustCompile(`/assets/site/design-[0-9a-f]{16}\.css`).FindString(live.Body)
	if m == "" || !strings.Contains(live.Body, "Open Tuesday to Sunday") {
		t.Fatalf("published settings not live:\n%s", apptest.Excerpt(live.Body))
	}
	css := visitor.Get(host, m)
	apptest.Expect(t, css, http.StatusOK, "--pc-accent: #ffd000;")
	if !strings.Contains(css.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("stylesheet Cache-Control %q", css.Header.Get("Cache-Control"))
	}
	// B's host does not serve A's stylesheet, and B's owner sees none of A's settings.
	apptest.Expect(t, visitor.Get(otherHost, m), http.StatusNotFound)
	ob := h.Login(otherHost, otherOwner.Email)
	if page := ob.Get(otherHost, "/admin/design").Body; strings.Contains(page, "#ffd000") || strings.Contains(page, "Open Tuesday") {
		t.Fatal("B's admin shows A's settings")
	}
	apptest.Expect(t, ob.Get(otherHost, "/admin/design/preview.css"), http.StatusOK)
	if strings.Contains(ob.Get(otherHost, "/admin/design/preview.css").Body, "#ffd000") {
		t.Fatal("B's preview stylesheet has A's colours")
	}

	// The shipped fonts are served from the site's host, with their licence.
	font := visitor.Get(host, "/assets/theme/fonts/work-sans/latin-400.woff2")
	if font.Status != http.StatusOK || font.Header.Get("Content-Type") != "font/woff2" {
		t.Errorf("font: %d %q", font.Status, font.Header.Get("Content-Type"))
	}
	apptest.Expect(t, visitor.Get(host, "/assets/theme/fonts/work-sans/OFL.txt"), http.StatusOK, "SIL Open Font License")

	// Reset to the design's defaults is a draft until published.
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/design/reset", nil)), http.StatusOK, "design&#39;s own settings again")
	if !strings.Contains(visitor.Get(host, "/").Body, "Open Tuesday") {
		t.Fatal("reset went live without publishing")
	}
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/design/discard", nil)), http.StatusOK, "Draft discarded")

	// A palette preset fills the draft's colours.
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/design/settings", url.Values{"action": {"palette"}, "palette": {"sage"}})),
		http.StatusOK, "The “Sage and oat” colours are in your draft.", `value="#4d7a3a"`)

	// A logo and an icon from the media library; another site's image is refused.
	up, err := h.App.Media.Upload(t.Context(), site.ID, site.Entitlements(), "logo.svg",
		strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40"/></svg>`))
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := h.App.Media.Upload(t.Context(), other.ID, other.Entitlements(), "theirs.svg",
		strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle r="5" cx="10" cy="10"/></svg>`))
	if err != nil {
		t.Fatal(err)
	}
	apptest.Expect(t, b.Post(host, "/admin/design/settings", url.Values{"action": {"save"}, "logo": {strconvItoa(theirs.Media.ID)}}),
		http.StatusUnprocessableEntity, "Choose an image from your media library.")
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/design/settings", url.Values{"action": {"save"}, "logo": {strconvItoa(up.Media.ID)},
		"logoMode": {"replace"}, "favicon": {strconvItoa(up.Media.ID)}})), http.StatusOK, "Draft saved.")
	apptest.Expect(t, b.Get(host, "/admin/design/preview"), http.StatusOK,
		`<a class="brand has-logo" href="/"><img class="brand-logo" src="/media/`+strconvItoa(up.Media.ID)+`/logo.svg" alt="Crust" width="120" height="40"></a>`,
		`<link rel="icon" href="/media/`+strconvItoa(up.Media.ID)+`/logo.svg" type="image/svg&#43;xml">`)

	// Switch design: preview the site's own pages first, never cached.
	apptest.Expect(t, b.Get(host, "/admin/design/switch/journal?page=about"), http.StatusOK, "Your site in Journal",
		`src="/admin/design/preview/journal?page=about"`, "Switch to Journal", `name="reset_colours"`)
	p := b.Get(host, "/admin/design/preview/journal?page=about")
	apptest.Expect(t, p, http.StatusOK, "/journal/style.css\"", "About us", "Preview of your site in the Journal design")
	if p.Header.Get("Cache-Control") != "no-store" || p.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("preview headers %v", p.Header)
	}
	apptest.Expect(t, b.Get(host, "/admin/design/preview/nope"), http.StatusNotFound)
	if live := visitor.Get(host, "/"); !strings.Contains(live.Body, "/bakery/style.css\"") {
		t.Fatal("previewing a design changed the live site")
	}
	// Switching keeps the settings (colours too unless asked).
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/design", url.Values{"theme": {"journal"}})), http.StatusOK, "now uses the Journal design")
	live = visitor.Get(host, "/")
	apptest.Expect(t, live, http.StatusOK, "/journal/style.css\"", "Open Tuesday to Sunday")
	if st, _ := h.App.Design.Get(t.Context(), site.ID); st.Published.Colours["accent"] != "#ffd000" {
		t.Fatalf("switching dropped the colours: %+v", st.Published)
	}
	apptest.Expect(t, b.Follow(host, b.Post(host, "/admin/design", url.Values{"theme": {"studio"}, "reset_colours": {"1"}})), http.StatusOK, "now uses the Studio design")
	if st, _ := h.App.Design.Get(t.Context(), site.ID); len(st.Published.Colours) != 0 || st.Published.FooterText == "" {
		t.Fatalf("reset colours on switch: %+v", st.Published)
	}
}

func strconvItoa(n int64) string { return strconv.FormatInt(n, 10) }
