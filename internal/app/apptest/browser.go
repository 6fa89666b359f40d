package apptest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
)

// Browser is one person's browser: it keeps the cookies each host sets for
// that host only, as a browser does, and sends its requests straight to
// the platform's handler with the Host header set.
type Browser struct {
	h    *Harness
	jars map[string][]*http.Cookie // by Host header, e.g. "bakery.localhost:8080"
}

// Browser returns a new browser without cookies.
func (h *Harness) Browser() *Browser {
	return &Browser{h: h, jars: map[string][]*http.Cookie{}}
}

// On returns the same browser (the same cookies, shared from then on)
// talking to another node of the platform, as a load balancer would send it.
func (b *Browser) On(h *Harness) *Browser { return &Browser{h: h, jars: b.jars} }

// Response is what the browser got.
type Response struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
	// Cookies are the cookies the response set (or deleted).
	Cookies []*http.Cookie
}

// Do sends a request to host with the cookies that host has set so far and
// keeps the ones it sets. A form is sent URL-encoded.
func (b *Browser) Do(method, host, path string, form url.Values) Response {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, "http://"+host+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return b.Send(req)
}

// Get fetches path from host.
func (b *Browser) Get(host, path string) Response { return b.Do(http.MethodGet, host, path, nil) }

// Post sends a form (an empty one when nil) to path on host.
func (b *Browser) Post(host, path string, form url.Values) Response {
	if form == nil {
		form = url.Values{}
	}
	return b.Do(http.MethodPost, host, path, form)
}

// Send sends a request made by the test (for its headers or body), adding
// the cookies of its host; req.Host is the host.
func (b *Browser) Send(req *http.Request) Response {
	host := req.Host
	for _, c := range b.jars[host] {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.App.Server.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		b.setCookie(host, c)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: rec.Body.String(),
		Location: res.Header.Get("Location"), Cookies: res.Cookies()}
}

// Follow fetches where a redirect from host leads (on the same host for a
// relative Location), and fails the test when res is no redirect.
func (b *Browser) Follow(host string, res Response) Response {
	b.h.t.Helper()
	if res.Status < 300 || res.Status > 399 || res.Location == "" {
		b.h.t.Fatalf("want a redirect, got %d\n%s", res.Status, Excerpt(res.Body))
	}
	loc, err := url.Parse(res.Location)
	if err != nil {
		b.h.t.Fatalf("redirect to %q: %v", res.Location, err)
	}
	if loc.Host != "" {
		host = loc.Host
	}
	return b.Get(host, loc.RequestURI())
}

func (b *Browser) setCookie(host string, c *http.Cookie) {
	kept := slices.DeleteFunc(b.jars[host], func(old *http.Cookie) bool { return old.Name == c.Name })
	if c.MaxAge >= 0 && c.Value != "" {
		kept = append(kept, c)
	}
	b.jars[host] = kept
}

// Cookies are the cookies the browser keeps for host.
func (b *Browser) Cookies(host string) []*http.Cookie { return slices.Clone(b.jars[host]) }

// Cookie returns the value of one cookie kept for host.
func (b *Browser) Cookie(host, name string) (string, bool) {
	for _, c := range b.jars[host] {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// SetCookie puts a cookie into the jar of host, as if host had set it: a
// test's way to plant a cookie the platform did not give this browser.
func (b *Browser) SetCookie(host, name, value string) {
	b.setCookie(host, &http.Cookie{Name: name, Value: value})
}

// ReplayCookies copies the cookies of host from to host to (replacing
// what to had), as someone who copied a cookie from one site to another.
func (b *Browser) ReplayCookies(from, to string) {
	b.jars[to] = slices.Clone(b.jars[from])
}

// Login logs in as email (password Password) through the real form: the
// site's /admin/login on a site host, the platform's /login on the
// platform host. It fails the test unless the login worked.
func (b *Browser) Login(host, email string) {
	b.h.t.Helper()
	path, want := "/admin/login", "/admin"
	if host == b.h.PlatformHost() {
		path, want = "/login", "/sites"
	}
	res := b.Post(host, path, url.Values{"email": {email}, "password": {Password}})
	if res.Status != http.StatusSeeOther || res.Location != want {
		b.h.t.Fatalf("login %s on %s: %d %q\n%s", email, host, res.Status, res.Location, Excerpt(res.Body))
	}
}

// LoginOperator logs in to the operator console on the platform host.
func (b *Browser) LoginOperator(email string) {
	b.h.t.Helper()
	res := b.Post(b.h.PlatformHost(), "/operator/login", url.Values{"email": {email}, "password": {Password}})
	if res.Status != http.StatusSeeOther || res.Location != "/operator" {
		b.h.t.Fatalf("operator login %s: %d %q\n%s", email, res.Status, res.Location, Excerpt(res.Body))
	}
}

// SignupForm loads the platform's signup page and fills a valid form for
// a site called name, solving its captcha.
func (b *Browser) SignupForm(name, email string) url.Values {
	b.h.t.Helper()
	res := b.Get(b.h.PlatformHost(), "/signup")
	id, digits, ok := b.h.SolveCaptcha(res.Body)
	if res.Status != http.StatusOK || !ok {
		b.h.t.Fatalf("signup page: %d, captcha found: %v", res.Status, ok)
	}
	return url.Values{"name": {name}, "email": {email}, "password": {Password}, "terms": {"yes"},
		"design": {"studio"}, "captcha_id": {id}, "captcha": {digits}, "website": {""}}
}

// SignUp creates a site through the signup form and follows the hand-over
// into its admin on the site's own host, which it returns: the browser is
// then logged in to that admin and, as signup leaves it, to the platform.
func (b *Browser) SignUp(name, email string) string {
	b.h.t.Helper()
	res := b.Post(b.h.PlatformHost(), "/signup", b.SignupForm(name, email))
	if res.Status != http.StatusSeeOther {
		b.h.t.Fatalf("signup: %d\n%s", res.Status, Excerpt(res.Body))
	}
	loc, _ := url.Parse(res.Location)
	host := b.h.SiteHost(name)
	if loc == nil || loc.Host != host || loc.Path != "/admin/sso" {
		b.h.t.Fatalf("signup redirect = %s, want %s/admin/sso", res.Location, host)
	}
	res = b.Get(host, loc.RequestURI())
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin") {
		b.h.t.Fatalf("sso: %d → %s", res.Status, res.Location)
	}
	return host
}
