package apptest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/web/session"
)

func TestBrowserKeepsCookiesPerHost(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	if host != "bakery.localhost:8080" || h.PlatformHost() != "localhost:8080" {
		t.Fatalf("hosts %q %q", host, h.PlatformHost())
	}
	b := h.Login(host, owner.Email)
	if _, ok := b.Cookie(host, session.AccountCookie); !ok {
		t.Fatal("no session cookie after login")
	}
	if len(b.Cookies(h.PlatformHost())) != 0 {
		t.Fatal("a site's cookie was kept for the platform host")
	}
	apptest.Expect(t, b.Get(host, "/admin"), http.StatusOK, "Bakery")
	if res := h.Browser().Get(host, "/admin"); res.Status != http.StatusSeeOther {
		t.Fatalf("another browser shares the session: %d", res.Status)
	}
	// A cookie deleted by the site leaves the jar.
	res := b.Post(host, "/admin/logout", nil)
	if _, ok := b.Cookie(host, session.AccountCookie); ok || res.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d, cookie kept: %v", res.Status, ok)
	}
	// The same browser on the platform host logs in through /login.
	b.Login(h.PlatformHost(), owner.Email)
	apptest.Expect(t, b.Get(h.PlatformHost(), "/sites"), http.StatusOK, "bakery.localhost:8080")
}

func TestAnnouncedRecordsTheBus(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("bakery", "anna@example.com")
	if !h.WasAnnounced(site.ID) {
		t.Fatalf("creating a site announced %v", h.Announced())
	}
	h.ResetAnnounced()
	if got := h.Announced(); len(got) != 0 {
		t.Fatalf("after reset: %v", got)
	}
	if err := h.App.Sites.Suspend(t.Context(), site.ID, "spam"); err != nil {
		t.Fatal(err)
	}
	if got := h.Announced(); !slices.Equal(got, []int64{site.ID}) {
		t.Fatalf("suspending announced %v, want [%d]", got, site.ID)
	}
	if n := h.Count(`SELECT COUNT(*) FROM sites WHERE suspended_at IS NOT NULL`); n != 1 {
		t.Fatalf("count %d", n)
	}
}

// recorder is a testing.TB that keeps failures instead of failing.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// check runs Check on its own goroutine, as Fatalf ends it.
func check(t *testing.T, s apptest.Scenario, res apptest.Response) []string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Check(r, res)
	}()
	<-done
	return r.failures
}

func TestScenarioChecksEveryExpectation(t *testing.T) {
	res := apptest.Response{Status: 403, Body: "<main>Not on the staff</main>",
		Header: http.Header{"Retry-After": {"60"}, "X-Request-Id": {"abc"}}}
	good := apptest.Scenario{Name: "good", ExpectStatus: 403, ExpectContains: []string{"staff"},
		ExpectNotContains: []string{"Welcome"}, ExpectHeader: map[string]string{"retry-after": "60", "X-Request-Id": apptest.Present}}
	if f := check(t, good, res); len(f) != 0 {
		t.Fatalf("good row failed: %q", f)
	}
	for _, c := range []struct {
		name string
		s    apptest.Scenario
		want string
	}{
		{"no status", apptest.Scenario{}, "expects no status"},
		{"status", apptest.Scenario{ExpectStatus: 200}, "status 403, want 200"},
		{"contains", apptest.Scenario{ExpectStatus: 403, ExpectContains: []string{"Welcome"}}, `page lacks "Welcome"`},
		{"not contains", apptest.Scenario{ExpectStatus: 403, ExpectNotContains: []string{"staff"}}, `page has "staff"`},
		{"header value", apptest.Scenario{ExpectStatus: 403, ExpectHeader: map[string]string{"Retry-After": "120"}}, `want "120"`},
		{"header missing", apptest.Scenario{ExpectStatus: 403, ExpectHeader: map[string]string{"Location": apptest.Present}}, "header Location missing"},
	} {
		f := check(t, c.s, res)
		if len(f) != 1 || !strings.Contains(f[0], c.want) {
			t.Errorf("%s: failures %q, want one with %q", c.name, f, c.want)
		}
	}
}

func TestRunSendsTheRow(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	anna := h.Login(host, owner.Email)
	var before, after bool
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "as a stranger", Host: host, Path: "/admin/settings", ExpectStatus: http.StatusSeeOther,
			ExpectHeader: map[string]string{"Location": "/admin/login?next=%2Fadmin%2Fsettings"}},
		{Name: "as the owner, with a form", Method: http.MethodPost, Host: host, Path: "/admin/design", As: anna,
			Form:         url.Values{"theme": {"journal"}},
			Before:       func(*testing.T, *apptest.Harness) { before = true },
			After:        func(t *testing.T, h *apptest.Harness) { after = h.Site(site.ID).Theme == "journal" },
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/admin/design"}},
		{Name: "a raw body with headers", Method: http.MethodPost, Host: host, Path: "/admin/design", As: anna,
			Body:         "theme=studio",
			Header:       http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}},
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{"another website"}},
	})
	if !before || !after {
		t.Fatalf("before ran: %v, the change was made: %v", before, after)
	}
}
