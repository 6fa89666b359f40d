package storefront_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/consent"
)

// consentSite is a site whose owner added one statistics and one marketing
// script, and the owner's logged-in browser.
func consentSite(t *testing.T, h *apptest.Harness, name string) (host string, owner *apptest.Browser, stats, mkt consent.Script) {
	t.Helper()
	site, _ := h.NewSite(name, name+"@example.com")
	host = h.SiteHost(site.Name)
	var err error
	if stats, err = h.App.Consent.AddScript(t.Context(), site.ID, consent.Script{Name: "Visit counter", Category: consent.Statistics, Code: `document.cookie="stats_ran=1; path=/";`}); err != nil {
		t.Fatal(err)
	}
	if mkt, err = h.App.Consent.AddScript(t.Context(), site.ID, consent.Script{Name: "Ad pixel", Category: consent.Marketing, Code: `document.cookie="mkt_ran=1; path=/";`}); err != nil {
		t.Fatal(err)
	}
	return host, h.Login(host, name+"@example.com"), stats, mkt
}

var barHidden = regexp.MustCompile(`<div class="consent" id="consent" hidden`)

// A first visit shows the bar with both answers and the settings; the
// owner's scripts are in the page but inert; the footer reopens the choice.
func TestConsentBarOnFirstVisit(t *testing.T) {
	h := apptest.New(t)
	host, _, stats, mkt := consentSite(t, h, "bar-first")
	for _, path := range []string{"/", "/privacy", "/products", "/no-such-page"} {
		res := h.Browser().Get(host, path)
		for _, want := range []string{`<div class="consent" id="consent" role="region"`, `value="accept">Accept all</button>`,
			`value="reject">Reject all</button>`, "<summary>Privacy settings</summary>", "Show details",
			`href="/privacy">Privacy declaration</a>`, `href="/consent" data-consent-open>Cookie settings</a>`,
			fmt.Sprintf(`<script type="text/plain" data-consent="statistics" data-src="/consent/scripts/%d.js"></script>`, stats.ID),
			fmt.Sprintf(`<script type="text/plain" data-consent="marketing" data-src="/consent/scripts/%d.js"></script>`, mkt.ID),
			"Visit counter", "Ad pixel", `id="consent-necessary" name="necessary" value="1" checked disabled`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("GET %s: no %q", path, want)
			}
		}
		if barHidden.MatchString(res.Body) {
			t.Errorf("GET %s: the bar is hidden on a first visit", path)
		}
		// No script of the owner's is a real one.
		if strings.Contains(res.Body, `<script src="/consent/scripts/`) {
			t.Errorf("GET %s: an owner's script is live before consent", path)
		}
	}
	res := h.Browser().Get(host, fmt.Sprintf("/consent/scripts/%d.js", mkt.ID))
	apptest.Expect(t, res, http.StatusOK, `document.cookie="mkt_ran=1; path=/";`)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("script served as %q", ct)
	}
}

// Choosing without JavaScript: the form posts, the cookie and the log keep
// the choice, the visitor returns to their page and the bar stays closed.
// Another visitor's page, served from the same cache, still asks them:
// a cached page never carries one visitor's choice to another.
func TestConsentChoiceIsRecordedAndNeverShared(t *testing.T) {
	h := apptest.New(t)
	host, _, _, _ := consentSite(t, h, "bar-choice")
	site, _ := h.App.Sites.ByName(t.Context(), "bar-choice")
	stranger := h.Browser().Get(host, "/about")

	anna := h.Browser()
	anna.Get(host, "/about")
	req := httptest.NewRequest(http.MethodPost, "/consent", strings.NewReader(url.Values{"choice": {"save"}, "statistics": {"1"}}.Encode()))
	req.Host = host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", "http://"+host+"/about")
	res := anna.Send(req)
	if res.Status != http.StatusSeeOther || res.Location != "/about" {
		t.Fatalf("POST /consent: %d to %q, want 303 to /about", res.Status, res.Location)
	}
	v, ok := anna.Cookie(host, consent.CookieName)
	c, err := consent.ParseCookie(v)
	if !ok || err != nil || c.Choice != (consent.Choice{Statistics: true}) || c.Version != site.ConsentVersion {
		t.Fatalf("cookie %q (%v): %+v", v, err, c)
	}
	log, total, err := h.App.Consent.Log(t.Context(), site.ID, 10, 0)
	if err != nil || total != 1 || log[0].ConsentID != c.ConsentID || log[0].Choice != c.Choice || log[0].IPHash == "" ||
		log[0].PolicyVersion != site.ConsentVersion {
		t.Fatalf("log %+v, %d, %v", log, total, err)
	}
	page := anna.Get(host, "/about")
	if !barHidden.MatchString(page.Body) {
		t.Error("the bar still shows after choosing")
	}
	if strings.Contains(page.Body, c.ConsentID) {
		t.Error("the page carries the visitor's consent ID")
	}
	again := h.Browser().Get(host, "/about")
	if again.Body != stranger.Body {
		t.Error("a new visitor's page differs from the first visitor's before their choice")
	}
	if barHidden.MatchString(again.Body) {
		t.Error("a new visitor gets the page of someone who chose")
	}

	// Changing their mind keeps the consent ID and logs the new choice.
	res = anna.Post(host, "/consent", url.Values{"choice": {"reject"}, "back": {"/about"}})
	if res.Status != http.StatusSeeOther || res.Location != "/about" {
		t.Fatalf("reject: %d to %q", res.Status, res.Location)
	}
	v, _ = anna.Cookie(host, consent.CookieName)
	if c2, _ := consent.ParseCookie(v); c2.ConsentID != c.ConsentID || c2.Choice != (consent.Choice{}) {
		t.Fatalf("after reject: %+v", c2)
	}
	if _, total, _ := h.App.Consent.Log(t.Context(), site.ID, 10, 0); total != 2 {
		t.Fatalf("log has %d choices, want 2", total)
	}
}

// Global Privacy Control refuses marketing even on "Accept all"; the log
// says so. The script's fetch gets 204 and no redirect.
func TestConsentGlobalPrivacyControl(t *testing.T) {
	h := apptest.New(t)
	host, _, _, _ := consentSite(t, h, "bar-gpc")
	site, _ := h.App.Sites.ByName(t.Context(), "bar-gpc")
	b := h.Browser()
	req := httptest.NewRequest(http.MethodPost, "/consent", strings.NewReader("choice=accept"))
	req.Host = host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-GPC", "1")
	req.Header.Set("Accept", "application/json")
	res := b.Send(req)
	if res.Status != http.StatusNoContent {
		t.Fatalf("POST /consent with JSON: %d", res.Status)
	}
	v, _ := b.Cookie(host, consent.CookieName)
	if c, _ := consent.ParseCookie(v); c.Choice != (consent.Choice{Preferences: true, Statistics: true}) {
		t.Fatalf("GPC accept: %+v", c)
	}
	log, _, _ := h.App.Consent.Log(t.Context(), site.ID, 1, 0)
	if len(log) != 1 || !log[0].GPC || log[0].Choice.Marketing {
		t.Fatalf("log %+v", log)
	}
}

// A new policy version asks again: an answer to the old one no longer
// closes the bar.
func TestConsentNewPolicyAsksAgain(t *testing.T) {
	h := apptest.New(t)
	host, owner, _, _ := consentSite(t, h, "bar-again")
	b := h.Browser()
	b.Post(host, "/consent", url.Values{"choice": {"accept"}})
	if !barHidden.MatchString(b.Get(host, "/").Body) {
		t.Fatal("bar shows after accepting")
	}
	set := consent.Defaults()
	res := owner.Post(host, "/admin/privacy", url.Values{"heading": {"Cookies?"}, "message": {set.Message},
		"background": {"#fafafa"}, "foreground": {"#111111"}, "accent": {"#0b57d0"}, "ask_again": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	page := b.Get(host, "/")
	if barHidden.MatchString(page.Body) || !strings.Contains(page.Body, "Cookies?") {
		t.Fatal("a new policy version did not ask again")
	}
	css := b.Get(host, "/consent/colours.css")
	apptest.Expect(t, css, http.StatusOK, "--consent-bg: #fafafa", "--consent-accent: #0b57d0")
}

// Bad input is refused with a sentence, and nothing is recorded; a return
// address elsewhere is not followed.
func TestConsentBadInput(t *testing.T) {
	h := apptest.New(t)
	host, owner, _, _ := consentSite(t, h, "bar-bad")
	site, _ := h.App.Sites.ByName(t.Context(), "bar-bad")
	long := strings.Repeat("x", 10_000)
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "unknown choice", Method: http.MethodPost, Host: host, Path: "/consent", Form: url.Values{"choice": {"maybe"}},
			ExpectStatus: http.StatusBadRequest, ExpectContains: []string{"Choose “Accept all”, “Reject all” or save your settings."}},
		{Name: "long choice", Method: http.MethodPost, Host: host, Path: "/consent", Form: url.Values{"choice": {long}},
			ExpectStatus: http.StatusBadRequest, ExpectContains: []string{"Choose “Accept all”, “Reject all” or save your settings."}},
		{Name: "cross-origin", Method: http.MethodPost, Host: host, Path: "/consent", Form: url.Values{"choice": {"accept"}},
			Header: http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}, ExpectStatus: http.StatusForbidden},
		{Name: "no script", Host: host, Path: "/consent/scripts/12345.js", ExpectStatus: http.StatusNotFound},
		{Name: "not a script", Host: host, Path: "/consent/scripts/abc", ExpectStatus: http.StatusNotFound},
		{Name: "long heading", Method: http.MethodPost, Host: host, Path: "/admin/privacy", As: owner,
			Form:         url.Values{"heading": {long}, "message": {"m"}, "background": {"#ffffff"}, "foreground": {"#000000"}, "accent": {"#000000"}},
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Keep a heading under 120 characters (it has 10000)."}},
		{Name: "bad colour", Method: http.MethodPost, Host: host, Path: "/admin/privacy", As: owner,
			Form:         url.Values{"heading": {"h"}, "message": {"m"}, "background": {"red"}, "foreground": {"#000000"}, "accent": {"#000000"}},
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Choose a colour as #rrggbb"}},
		{Name: "script in tags", Method: http.MethodPost, Host: host, Path: "/admin/privacy/scripts", As: owner,
			Form:         url.Values{"name": {"Tag"}, "category": {"statistics"}, "code": {"<script>alert(1)</script>"}},
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"without the &lt;script&gt; and &lt;/script&gt; tags", "Tag"}},
		{Name: "necessary script", Method: http.MethodPost, Host: host, Path: "/admin/privacy/scripts", As: owner,
			Form:         url.Values{"name": {"Tag"}, "category": {"necessary"}, "code": {"x()"}},
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Choose preferences, statistics or marketing."}},
		{Name: "long script", Method: http.MethodPost, Host: host, Path: "/admin/privacy/scripts", As: owner,
			Form:         url.Values{"name": {long}, "category": {"marketing"}, "code": {"x()"}},
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Keep the name under 100 characters."}},
	})
	if _, total, _ := h.App.Consent.Log(t.Context(), site.ID, 1, 0); total != 0 {
		t.Fatalf("bad input recorded %d choices", total)
	}
	if set, _ := h.App.Consent.Settings(t.Context(), site.ID); len(set.Scripts) != 2 || set.Heading != consent.Defaults().Heading {
		t.Fatalf("bad input changed the settings: %+v", set)
	}
	res := h.Browser().Post(host, "/consent", url.Values{"choice": {"reject"}, "back": {"//evil.example/x"}})
	if res.Location != "/" {
		t.Fatalf("back to another site: %q", res.Location)
	}
}

// The privacy declaration says what the site does: its scripts by
// category and who is responsible; the owner's own text replaces it.
func TestPrivacyDeclaration(t *testing.T) {
	h := apptest.New(t)
	host, owner, _, _ := consentSite(t, h, "bar-privacy")
	res := h.Browser().Get(host, "/privacy")
	apptest.Expect(t, res, http.StatusOK, "<h1>Privacy declaration</h1>", "Who is responsible", "Statistics (", "Visit counter",
		"Marketing (", "Ad pixel", "Preferences: nothing; this site uses no such tool.", "Your rights")
	set := consent.Defaults()
	owner.Post(host, "/admin/privacy", url.Values{"heading": {set.Heading}, "message": {set.Message}, "background": {set.Background},
		"foreground": {set.Foreground}, "accent": {set.Accent}, "controller": {"Anna Baker\nMain Street 1"},
		"declaration": {"We keep <nothing>.\n\nAsk us."}})
	res = h.Browser().Get(host, "/privacy")
	apptest.Expect(t, res, http.StatusOK, "<p>We keep &lt;nothing&gt;.</p>", "<p>Ask us.</p>")
	if strings.Contains(res.Body, "Who is responsible") {
		t.Error("the owner's declaration did not replace the written one")
	}
}

// The owner's consent pages, scripts and log of one site are out of reach
// of another site's owner.
func TestConsentAcrossSites(t *testing.T) {
	h := apptest.New(t)
	hostA, ownerA, _, _ := consentSite(t, h, "bar-a")
	hostB, _, statsB, _ := consentSite(t, h, "bar-b")
	siteB, _ := h.App.Sites.ByName(t.Context(), "bar-b")
	h.Browser().Post(hostB, "/consent", url.Values{"choice": {"accept"}})
	ownerA.ReplayCookies(hostA, hostB)
	const refused = "which is not on the staff of"
	var rows []apptest.Scenario
	for _, path := range []string{"/admin/privacy", "/admin/privacy/log.csv", fmt.Sprintf("/admin/privacy/scripts/%d/delete", statsB.ID)} {
		rows = append(rows, apptest.Scenario{Name: "GET " + path, Host: hostB, Path: path, As: ownerA,
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}, ExpectNotContains: []string{"Visit counter"}})
	}
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{"/admin/privacy", url.Values{"heading": {"Planted"}, "message": {"m"}, "background": {"#000000"}, "foreground": {"#ffffff"}, "accent": {"#ffffff"}}},
		{"/admin/privacy/scripts", url.Values{"name": {"Planted"}, "category": {"marketing"}, "code": {"steal()"}}},
		{fmt.Sprintf("/admin/privacy/scripts/%d/delete", statsB.ID), url.Values{"confirmed": {"1"}}},
	} {
		rows = append(rows, apptest.Scenario{Name: "POST " + p.path, Method: http.MethodPost, Host: hostB, Path: p.path, As: ownerA,
			Form: p.form, ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}
	// On A's own host, B's script ID is not A's.
	rows = append(rows, apptest.Scenario{Name: "B's script on A", Host: hostA, Path: fmt.Sprintf("/consent/scripts/%d.js", statsB.ID),
		ExpectStatus: http.StatusNotFound})
	rows = append(rows, apptest.Scenario{Name: "delete B's script from A", Method: http.MethodPost, Host: hostA,
		Path: fmt.Sprintf("/admin/privacy/scripts/%d/delete", statsB.ID), As: h.Login(hostA, "bar-a@example.com"),
		Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusNotFound})
	rows = append(rows, apptest.Scenario{Name: "A's log has none of B's", Host: hostA, Path: "/admin/privacy/log.csv",
		As: h.Login(hostA, "bar-a@example.com"), ExpectStatus: http.StatusOK, ExpectContains: []string{"consent_id,time_utc"}})
	apptest.Run(t, h, rows)
	set, _ := h.App.Consent.Settings(t.Context(), siteB.ID)
	if len(set.Scripts) != 2 || set.Heading == "Planted" {
		t.Fatalf("B's settings changed: %+v", set)
	}
	if _, total, _ := h.App.Consent.Log(t.Context(), siteB.ID, 1, 0); total != 1 {
		t.Fatalf("B's log has %d", total)
	}
	csv := h.Login(hostB, "bar-b@example.com").Get(hostB, "/admin/privacy/log.csv")
	if lines := strings.Count(strings.TrimSpace(csv.Body), "\n"); csv.Status != http.StatusOK || lines != 1 {
		t.Fatalf("B's CSV: %d, %d rows\n%s", csv.Status, lines, csv.Body)
	}
}

// A manager may change the bar's texts but not add or remove scripts: a
// script runs with the rights of whoever opens a page, the owner too.
func TestOnlyOwnersAddScripts(t *testing.T) {
	h := apptest.New(t)
	host, _, stats, _ := consentSite(t, h, "bar-roles")
	site, _ := h.App.Sites.ByName(t.Context(), "bar-roles")
	h.StaffMember(site, "manager@example.com", accounts.RoleManager)
	manager := h.Login(host, "manager@example.com")
	set := consent.Defaults()
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "page without the add form", Host: host, Path: "/admin/privacy", As: manager, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Only the site's owners can add or remove scripts"}, ExpectNotContains: []string{`action="/admin/privacy/scripts"`}},
		{Name: "add", Method: http.MethodPost, Host: host, Path: "/admin/privacy/scripts", As: manager,
			Form: url.Values{"name": {"Mine"}, "category": {"statistics"}, "code": {"steal()"}}, ExpectStatus: http.StatusForbidden},
		{Name: "remove", Method: http.MethodPost, Host: host, Path: fmt.Sprintf("/admin/privacy/scripts/%d/delete", stats.ID), As: manager,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusForbidden},
		{Name: "texts", Method: http.MethodPost, Host: host, Path: "/admin/privacy", As: manager,
			Form:         url.Values{"heading": {"Cookies here"}, "message": {set.Message}, "background": {set.Background}, "foreground": {set.Foreground}, "accent": {set.Accent}},
			ExpectStatus: http.StatusSeeOther},
	})
	if got, _ := h.App.Consent.Settings(t.Context(), site.ID); len(got.Scripts) != 2 || got.Heading != "Cookies here" {
		t.Fatalf("%+v", got)
	}
}

// A script sending choice after choice from one address fills no log: past
// consent.PerAddress a minute it is refused with 429 and a wait, and its
// extra choices are not recorded.
func TestConsentFlood(t *testing.T) {
	h := apptest.New(t)
	host, _, _, _ := consentSite(t, h, "bar-flood")
	site, _ := h.App.Sites.ByName(t.Context(), "bar-flood")
	for i := range consent.PerAddress {
		if res := h.Browser().Post(host, "/consent", url.Values{"choice": {"reject"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("choice %d: %d", i, res.Status)
		}
	}
	res := h.Browser().Post(host, "/consent", url.Values{"choice": {"accept"}})
	apptest.Expect(t, res, http.StatusTooManyRequests, "Too many cookie choices were sent from here.")
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if _, total, _ := h.App.Consent.Log(t.Context(), site.ID, 1, 0); total != consent.PerAddress {
		t.Fatalf("logged %d choices", total)
	}
}
