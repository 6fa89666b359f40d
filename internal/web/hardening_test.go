package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/config"
)

// Malformed or folder paths under /_ui/ are a 404 that no cache keeps,
// never a 500 or a listing.
func TestUIFilesAnswerHonestly(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("hard", "hard@example.com")
	var rows []apptest.Scenario
	for _, host := range []string{h.PlatformHost(), h.SiteHost(site.Name)} {
		for _, path := range []string{"/_ui/%ff", "/_ui/", "/_ui/nothing.css"} {
			rows = append(rows, apptest.Scenario{Name: host + path, Host: host, Path: path,
				ExpectStatus: http.StatusNotFound, ExpectHeader: map[string]string{"Cache-Control": "no-store"}})
		}
		rows = append(rows, apptest.Scenario{Name: host + "/_ui/app.css", Host: host, Path: "/_ui/app.css",
			ExpectStatus: http.StatusOK, ExpectHeader: map[string]string{"Cache-Control": "public, max-age=3600"}})
	}
	apptest.Run(t, h, rows)
}

// A form over the body cap is refused with 413 and a page that says so,
// and nothing is saved; a login's session never leaves an answer in a cache.
func TestOversizedFormIs413(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("hard", "hard@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)

	big := url.Values{"title": {"Huge"}, "slug": {"huge"}, "body": {strings.Repeat("x", 3<<20)}}
	tooLarge := []string{"nothing was saved"}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "admin pages", Host: host, Path: "/admin/pages", As: b,
			ExpectStatus: http.StatusOK, ExpectHeader: map[string]string{"Cache-Control": "no-store"}},
		{Name: "oversized form with a length", Method: http.MethodPost, Host: host, Path: "/admin/pages/new", As: b,
			Form: big, ExpectStatus: http.StatusRequestEntityTooLarge, ExpectContains: tooLarge},
	})
	// No Content-Length: the cap is met while reading.
	req := httptest.NewRequest(http.MethodPost, "http://"+host+"/admin/pages/new", io.MultiReader(strings.NewReader(big.Encode())))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if req.ContentLength != -1 {
		t.Fatalf("the chunked request has a length: %d", req.ContentLength)
	}
	apptest.Expect(t, b.Send(req), http.StatusRequestEntityTooLarge, tooLarge...)

	if _, err := h.App.Pages.BySlug(t.Context(), site.ID, "huge"); err == nil {
		t.Fatal("the oversized page was saved")
	}
	if n := h.Count(`SELECT COUNT(*) FROM pages WHERE site_id = ? AND slug = 'huge'`, site.ID); n != 0 {
		t.Fatalf("%d oversized pages saved", n)
	}
}

// Under HTTPS every answer carries HSTS and every cookie, the one-line
// confirmation included, is Secure.
func TestHTTPSCookiesAndHSTS(t *testing.T) {
	h := apptest.New(t, func(c *config.Config) { c.PublicScheme = "https" })
	platform := h.PlatformHost()
	hsts := map[string]string{"Strict-Transport-Security": "max-age=31536000"}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "home", Host: platform, Path: "/", ExpectStatus: http.StatusOK, ExpectHeader: hsts},
	})
	res := h.Browser().Post(platform, "/logout", url.Values{"email": {"nobody@example.com"}})
	if res.Header.Get("Strict-Transport-Security") != hsts["Strict-Transport-Security"] {
		t.Errorf("logout: HSTS %q", res.Header.Get("Strict-Transport-Security"))
	}
	names := map[string]bool{}
	for _, c := range res.Cookies {
		names[c.Name] = true
		if !c.Secure {
			t.Errorf("cookie %s is not Secure under https", c.Name)
		}
	}
	if !names["pc_flash"] || !names["pc_session"] {
		t.Fatalf("logout set cookies %v, want pc_flash and pc_session", names)
	}
}
