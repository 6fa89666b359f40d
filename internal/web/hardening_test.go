package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// openHardened builds the whole platform on a fresh SQLite file with the
// public scheme given, and a site "hard" with its owner.
func openHardened(t *testing.T, scheme string) *app.App {
	t.Helper()
	cfg, err := config.Load([]string{"-data-dir", t.TempDir(), "-addr", ":8080", "-demo=false", "-public-scheme", scheme},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(context.Background()) })
	if _, err := a.Signup.Create(context.Background(), signup.NewSite{Name: "hard", Email: "hard@example.com",
		Password: "plum orchard 1987", Plan: plans.Trial}); err != nil {
		t.Fatal(err)
	}
	return a
}

func serve(a *app.App, method, host, target string, body io.Reader, header http.Header) *http.Response {
	r := httptest.NewRequest(method, "http://"+host+target, body)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	a.Server.ServeHTTP(w, r)
	return w.Result()
}

// Malformed or folder paths under /_ui/ are a 404 that no cache keeps,
// never a 500 or a listing.
func TestUIFilesAnswerHonestly(t *testing.T) {
	a := openHardened(t, "http")
	for _, host := range []string{"localhost:8080", "hard.localhost:8080"} {
		for _, path := range []string{"/_ui/%ff", "/_ui/", "/_ui/nothing.css"} {
			res := serve(a, http.MethodGet, host, path, nil, nil)
			if res.StatusCode != http.StatusNotFound || strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
				t.Errorf("%s%s: %d, Cache-Control %q", host, path, res.StatusCode, res.Header.Get("Cache-Control"))
			}
		}
		if res := serve(a, http.MethodGet, host, "/_ui/app.css", nil, nil); res.StatusCode != http.StatusOK {
			t.Errorf("%s/_ui/app.css: %d", host, res.StatusCode)
		}
	}
}

// A form over the body cap is refused with 413 and a page that says so,
// and nothing is saved; a login's session never leaves an answer in a cache.
func TestOversizedFormIs413(t *testing.T) {
	a := openHardened(t, "http")
	form := url.Values{"email": {"hard@example.com"}, "password": {"plum orchard 1987"}}
	res := serve(a, http.MethodPost, "hard.localhost:8080", "/admin/login", strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	cookie := res.Header.Get("Set-Cookie")
	cookie, _, _ = strings.Cut(cookie, ";")
	hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Cookie": {cookie}}

	if res := serve(a, http.MethodGet, "hard.localhost:8080", "/admin/pages", nil, hdr); res.StatusCode != 200 ||
		res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("admin pages: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	big := url.Values{"title": {"Huge"}, "slug": {"huge"}, "body": {strings.Repeat("x", 3<<20)}}.Encode()
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(big)
		if chunked {
			// No Content-Length: the cap is met while reading.
			body = io.MultiReader(strings.NewReader(big))
		}
		res := serve(a, http.MethodPost, "hard.localhost:8080", "/admin/pages/new", body, hdr)
		page, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "nothing was saved") {
			t.Fatalf("chunked=%v: %d\n%s", chunked, res.StatusCode, page)
		}
	}
	site, _ := a.Sites.ByName(context.Background(), "hard")
	if _, err := a.Pages.BySlug(context.Background(), site.ID, "huge"); err == nil {
		t.Fatal("the oversized page was saved")
	}
}

// Under HTTPS every answer carries HSTS and every cookie, the one-line
// confirmation included, is Secure.
func TestHTTPSCookiesAndHSTS(t *testing.T) {
	a := openHardened(t, "https")
	res := serve(a, http.MethodGet, "localhost:8080", "/", nil, nil)
	if !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("no HSTS: %v", res.Header)
	}
	form := url.Values{"email": {"nobody@example.com"}}
	res = serve(a, http.MethodPost, "localhost:8080", "/logout", strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	names := map[string]bool{}
	for _, c := range res.Cookies() {
		names[c.Name] = true
		if !c.Secure {
			t.Errorf("cookie %s is not Secure under https", c.Name)
		}
	}
	if !names["pc_flash"] || !names["pc_session"] {
		t.Fatalf("logout set cookies %v, want pc_flash and pc_session", names)
	}
}
