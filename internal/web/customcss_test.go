package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/plans"
)

var customSheet = regexp.MustCompile(`<link rel="stylesheet" href="(/site\.css\?v=[0-9a-f]{12})">`)

// TestCustomCSSIsPremiumAndStaysOnItsSite: a Premium owner's CSS is linked
// last on their pages and served at a versioned address for a year; a
// Business site sees the feature locked, cannot save it and serves none;
// site B's host never serves or links A's stylesheet, and B's staff cannot
// change A's.
func TestCustomCSSIsPremiumAndStaysOnItsSite(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	a, ownerA := h.NewSite("css-a", "css-a@example.com")
	b, ownerB := h.NewSite("css-b", "css-b@example.com")
	if err := h.App.Sites.SetPlan(ctx, a.ID, plans.Premium); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Sites.SetPlan(ctx, b.ID, plans.Business); err != nil {
		t.Fatal(err)
	}
	hostA, hostB := h.SiteHost(a.Name), h.SiteHost(b.Name)
	annA, bertB := h.Login(hostA, ownerA.Email), h.Login(hostB, ownerB.Email)
	rule := "h1 { color: #7a3b12; letter-spacing: .02em; }"

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "premium sees the form", Host: hostA, Path: "/admin/settings/code", As: annA, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`name="css"`, "Save CSS", `href="/admin/privacy#scripts"`}},
		{Name: "settings link to it", Host: hostA, Path: "/admin/settings", As: annA, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`href="/admin/settings/code"`}},
		{Name: "a style tag is refused", Method: http.MethodPost, Host: hostA, Path: "/admin/settings/code/css", As: annA,
			Form: url.Values{"css": {"h1{}</style><script>alert(1)</script>"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"without &lt;style&gt; or &lt;/style&gt; tags"}},
		{Name: "another host's import is refused", Method: http.MethodPost, Host: hostA, Path: "/admin/settings/code/css", As: annA,
			Form: url.Values{"css": {`@import url("https://fonts.example/x.css");`}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"from your own site"}},
		{Name: "premium saves", Method: http.MethodPost, Host: hostA, Path: "/admin/settings/code/css", As: annA,
			Form: url.Values{"css": {rule}}, ExpectStatus: http.StatusSeeOther},
		{Name: "business sees it locked", Host: hostB, Path: "/admin/settings/code", As: bertB, ExpectStatus: http.StatusOK,
			ExpectContains:    []string{"Custom CSS is part of the Premium plan", `href="/admin/plans"`, "Upgrade to Premium"},
			ExpectNotContains: []string{`name="css"`}},
		{Name: "business cannot save", Method: http.MethodPost, Host: hostB, Path: "/admin/settings/code/css", As: bertB,
			Form: url.Values{"css": {"h1{color:red}"}}, ExpectStatus: http.StatusForbidden},
		{Name: "B's owner cannot save on A", Method: http.MethodPost, Host: hostA, Path: "/admin/settings/code/css", As: bertB.On(h),
			Form: url.Values{"css": {"body{display:none}"}}, ExpectStatus: http.StatusSeeOther /* to the login */},
	})
	if got, _ := h.App.CustomCSS.CSS(ctx, a.ID); got != rule {
		t.Fatalf("A's CSS %q", got)
	}

	page := h.Browser().Get(hostA, "/").Body
	m := customSheet.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("A's page links no custom stylesheet:\n%s", apptest.Excerpt(page))
	}
	if strings.Index(page, m[0]) < strings.Index(page, "/style.css") {
		t.Error("the custom stylesheet comes before the design's")
	}
	sheet := h.Browser().Get(hostA, m[1])
	if sheet.Status != 200 || sheet.Body != rule || sheet.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		!strings.HasPrefix(sheet.Header.Get("Content-Type"), "text/css") {
		t.Errorf("%s: %d %v %q", m[1], sheet.Status, sheet.Header, sheet.Body)
	}
	if stale := h.Browser().Get(hostA, "/site.css?v=000000000000"); stale.Status != 200 || stale.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("another version: %d %v", stale.Status, stale.Header)
	}

	// Site B: no link, and A's address answers 404 on B's host.
	pageB := h.Browser().Get(hostB, "/").Body
	if customSheet.MatchString(pageB) || strings.Contains(pageB, "7a3b12") {
		t.Error("B's page links a custom stylesheet")
	}
	if res := h.Browser().Get(hostB, m[1]); res.Status != http.StatusNotFound || strings.Contains(res.Body, "7a3b12") {
		t.Errorf("A's stylesheet on B's host: %d", res.Status)
	}

	// A downgrade takes the stylesheet off the pages; it is kept for a
	// return to Premium.
	if err := h.App.Sites.SetPlan(ctx, a.ID, plans.Business); err != nil {
		t.Fatal(err)
	}
	if page := h.Browser().Get(hostA, "/").Body; customSheet.MatchString(page) {
		t.Error("a Business site still links its custom CSS")
	}
	if res := h.Browser().Get(hostA, m[1]); res.Status != http.StatusNotFound {
		t.Errorf("a Business site serves its custom CSS: %d", res.Status)
	}
}
