package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

// The platform's own pages carry the same consent bar as the sites: on a
// first visit it is open with both answers and the settings, its script and
// stylesheet come from the platform host, the footer links the settings and
// the platform's privacy declaration; a choice is logged in the platform's
// own log (never a site's), hides the bar, and operators can export it.
func TestPlatformConsentBar(t *testing.T) {
	h := apptest.New(t)
	platform := h.PlatformHost()
	b := h.Browser()
	for _, path := range []string{"/", "/signup", "/help", "/terms", "/privacy"} {
		apptest.Expect(t, b.Get(platform, path), http.StatusOK, `<div class="consent" id="consent" role="region"`,
			`value="accept">Accept all</button>`, `value="reject">Reject all</button>`, "<summary>Privacy settings</summary>",
			`<link rel="stylesheet" href="/assets/theme/consent.css">`, `<script src="/assets/theme/consent.js" defer></script>`,
			`href="/consent" data-consent-open>Cookie settings</a>`, `href="/privacy">Privacy declaration</a>`, "pc_session")
	}
	apptest.Expect(t, b.Get(platform, "/privacy"), http.StatusOK, "keyed hash of your IP address", "only necessary cookies")
	for _, f := range []string{"consent.js", "consent.css"} {
		apptest.Expect(t, b.Get(platform, "/assets/theme/"+f), http.StatusOK)
	}
	apptest.Expect(t, b.Get(platform, "/assets/theme/bakery/style.css"), http.StatusNotFound)

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "unknown choice", Method: http.MethodPost, Host: platform, Path: "/consent", Form: url.Values{"choice": {"maybe"}},
			ExpectStatus: http.StatusBadRequest, ExpectContains: []string{"Choose “Accept all”, “Reject all” or save your settings."}},
		{Name: "cross-origin", Method: http.MethodPost, Host: platform, Path: "/consent", Form: url.Values{"choice": {"accept"}},
			Header: http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}, ExpectStatus: http.StatusForbidden},
	})
	if n := h.Count(`SELECT COUNT(*) FROM platform_consent_log`); n != 0 {
		t.Fatalf("bad input logged %d choices", n)
	}

	res := b.Post(platform, "/consent", url.Values{"choice": {"save"}, "statistics": {"1"}, "back": {"/help"}})
	if res.Status != http.StatusSeeOther || res.Location != "/help" {
		t.Fatalf("choice: %d → %q", res.Status, res.Location)
	}
	page := b.Get(platform, "/help")
	if !regexp.MustCompile(`<div class="consent" id="consent"[^>]* hidden>`).MatchString(page.Body) {
		t.Fatal("the bar still asks after a choice")
	}
	apptest.Expect(t, b.Get(platform, "/consent"), http.StatusOK, `id="consent-statistics" name="statistics" value="1" checked`)
	if n := h.Count(`SELECT COUNT(*) FROM platform_consent_log WHERE statistics = 1 AND marketing = 0`); n != 1 {
		t.Fatalf("platform log has %d such choices", n)
	}
	if n := h.Count(`SELECT COUNT(*) FROM consent_log`); n != 0 {
		t.Fatalf("a platform choice went to a site's log (%d)", n)
	}

	h.NewOperator("ops@example.com")
	op := h.LoginOperator("ops@example.com")
	apptest.Expect(t, op.Get(platform, "/operator/consent"), http.StatusOK, "Consent log", "necessary, statistics")
	csv := op.Get(platform, "/operator/consent.csv")
	apptest.Expect(t, csv, http.StatusOK, "consent_id,time_utc", ",yes,no,yes,no,")
	// Only operators see it.
	if res := h.Browser().Get(platform, "/operator/consent.csv"); res.Status == http.StatusOK {
		t.Fatal("the log is open to anyone")
	}
}
