package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
)

// testApp is the whole platform on a fresh SQLite file, driven through its
// handler the way a browser would, one cookie jar per host.
type testApp struct {
	t    *testing.T
	app  *app.App
	jars map[string][]*http.Cookie
}

func newTestApp(t *testing.T) *testApp { return newTestAppWith(t, nil) }

// newTestAppWith lets a test change the configuration, e.g. to point two
// nodes at one PostgreSQL database and one Redis.
func newTestAppWith(t *testing.T, change func(*config.Config)) *testApp {
	t.Helper()
	cfg, err := config.Load([]string{"-data-dir", t.TempDir(), "-addr", ":8080", "-demo=false"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.JobPoll = 50 * time.Millisecond
	if change != nil {
		change(&cfg)
	}
	ctx := context.Background()
	app, err := app.Open(ctx, cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = app.Close(stop)
	})
	return &testApp{t: t, app: app, jars: map[string][]*http.Cookie{}}
}

// do sends a request to host (e.g. "bakery-anna.localhost:8080") with the
// cookies that host has set so far, and keeps the ones it sets.
func (a *testApp) do(method, host, path string, form url.Values) *http.Response {
	a.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, "http://"+host+path, body)
	req.Host = host
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range a.jars[host] {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	a.app.Server.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		a.setCookie(host, c)
	}
	return res
}

func (a *testApp) setCookie(host string, c *http.Cookie) {
	kept := a.jars[host][:0]
	for _, old := range a.jars[host] {
		if old.Name != c.Name {
			kept = append(kept, old)
		}
	}
	if c.MaxAge >= 0 && c.Value != "" {
		kept = append(kept, c)
	}
	a.jars[host] = kept
}

func (a *testApp) get(host, path string) *http.Response { return a.do(http.MethodGet, host, path, nil) }

func (a *testApp) post(host, path string, form url.Values) *http.Response {
	return a.do(http.MethodPost, host, path, form)
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var captchaIDRe = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)

// signupForm loads the signup page and fills a valid form, solving the
// captcha by reading its digits from the store as a person reads the picture.
func (a *testApp) signupForm(name, email string) url.Values {
	a.t.Helper()
	// Each signup is a new person: a browser logged in on the platform
	// would add the site to its own account instead.
	delete(a.jars, "localhost:8080")
	res := a.get("localhost:8080", "/signup")
	body := readBody(a.t, res)
	m := captchaIDRe.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		a.t.Fatalf("signup page: %d, captcha found: %v", res.StatusCode, m != nil)
	}
	digits, err := a.app.Captcha.DigitsForTest(context.Background(), m[1])
	if err != nil {
		a.t.Fatal(err)
	}
	return url.Values{"name": {name}, "email": {email}, "password": {"quiet-harbor-lantern-42"},
		"terms": {"yes"}, "design": {"studio"}, "captcha_id": {m[1]}, "captcha": {digits}, "website": {""}}
}

// signup creates a site through the form and follows the hand-over into
// its admin; it returns the site's host.
func (a *testApp) signup(name, email string) string {
	a.t.Helper()
	res := a.post("localhost:8080", "/signup", a.signupForm(name, email))
	if res.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("signup: %d %s", res.StatusCode, readBody(a.t, res))
	}
	loc, _ := url.Parse(res.Header.Get("Location"))
	host := name + ".localhost:8080"
	if loc.Host != host || loc.Path != "/admin/sso" {
		a.t.Fatalf("signup redirect = %s", loc)
	}
	res = a.get(host, loc.RequestURI())
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin") {
		a.t.Fatalf("sso: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	return host
}

// count runs a COUNT(*) query.
func (a *testApp) count(query string, args ...any) int {
	a.t.Helper()
	var n int
	if err := a.app.DB.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		a.t.Fatal(err)
	}
	return n
}

// eventually polls f until it is true or 10 s pass.
func eventually(t *testing.T, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
