package operator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/web/session"
)

func TestPagesNeedAnOperator(t *testing.T) {
	h := newPlatform(t)
	s := site(t, h, "bakery", "Bakery Anna")
	var rows []apptest.Scenario
	for _, path := range []string{"/operator", "/operator/maintenance", "/operator/outbox", "/operator/inbox", "/operator/partners",
		sitePath(s.ID, ""), "/operator/outbox/1", "/operator/nothing"} {
		rows = append(rows, apptest.Scenario{Name: "GET " + path, Host: h.PlatformHost(), Path: path,
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": loginRedirect(path)}})
	}
	rows = append(rows, apptest.Scenario{Name: "POST suspend", Method: http.MethodPost, Host: h.PlatformHost(),
		Path: sitePath(s.ID, "/suspend"), Form: url.Values{"reason": {"spam"}, "confirm": {"yes"}},
		ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/operator/login"},
		After: func(t *testing.T, h *apptest.Harness) {
			if h.Site(s.ID).Suspended() {
				t.Error("a POST without login suspended the site")
			}
		}})
	apptest.Run(t, h, rows)
}

func TestLogin(t *testing.T) {
	h := newPlatform(t)
	host := h.PlatformHost()
	apptest.Run(t, h, []apptest.Scenario{{Name: "login page", Host: host, Path: "/operator/login",
		ExpectStatus: http.StatusOK, ExpectContains: []string{`name="password"`}}})

	var rows []apptest.Scenario
	for _, c := range []struct{ name, email, password, field string }{
		{"nothing", "", "", "Enter your e-mail address."},
		{"no password", opEmail, "", "Enter your password."},
		{"wrong password", opEmail, "wrong password here", "The e-mail or password is not right."},
		{"unknown operator", "nobody@example.com", apptest.Password, "The e-mail or password is not right."},
	} {
		b := h.Browser()
		s := apptest.Scenario{Name: c.name, Method: http.MethodPost, Host: host, Path: "/operator/login", As: b,
			Form:         url.Values{"email": {c.email}, "password": {c.password}},
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{c.field},
			After: func(t *testing.T, h *apptest.Harness) {
				if _, ok := b.Cookie(host, session.OperatorCookie); ok {
					t.Error("a failed login set a session cookie")
				}
			}}
		if c.password != "" {
			// The password is never sent back into the page.
			s.ExpectNotContains = []string{c.password}
		}
		rows = append(rows, s)
	}
	// A good login goes back where the operator was heading, never elsewhere.
	rows = append(rows,
		apptest.Scenario{Name: "next in the console", Method: http.MethodPost, Host: host, Path: "/operator/login",
			Form:         url.Values{"email": {"OPS@example.com"}, "password": {apptest.Password}, "next": {"/operator/outbox"}},
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/operator/outbox"}},
		apptest.Scenario{Name: "next to another host", Method: http.MethodPost, Host: host, Path: "/operator/login",
			Form:         url.Values{"email": {opEmail}, "password": {apptest.Password}, "next": {"//evil.example/operator"}},
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/operator"}},
	)
	apptest.Run(t, h, rows)

	op := h.LoginOperator(opEmail)
	apptest.Expect(t, op.Get(host, "/operator"), http.StatusOK, "Log out")
	// A copy of the cookie, kept by someone, must die with the logout too.
	kept, _ := op.Cookie(host, session.OperatorCookie)
	apptest.Expect(t, op.Post(host, "/operator/logout", url.Values{}), http.StatusSeeOther)
	if _, ok := op.Cookie(host, session.OperatorCookie); ok {
		t.Error("the logout left the cookie in the browser")
	}
	copied := h.Browser()
	copied.SetCookie(host, session.OperatorCookie, kept)
	if res := copied.Get(host, "/operator"); res.Status != http.StatusSeeOther {
		t.Errorf("the cookie still works after logout: %d", res.Status)
	}
}

func TestLoginThrottledAnswers429WithRetryAfter(t *testing.T) {
	h := newPlatform(t)
	// A clock that stands still: five slow hashes cannot outlast the wait.
	frozen := time.Now()
	h.App.Accounts.SetClock(func() time.Time { return frozen })
	b := h.Browser()
	for range 5 {
		res := b.Post(h.PlatformHost(), "/operator/login", url.Values{"email": {opEmail}, "password": {"wrong guess here"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong password: %d", res.Status)
		}
	}
	res := b.Post(h.PlatformHost(), "/operator/login", url.Values{"email": {opEmail}, "password": {apptest.Password}})
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
		t.Fatalf("throttled login: %d, Retry-After %q", res.Status, res.Header.Get("Retry-After"))
	}
	if !strings.Contains(res.Body, "Too many failed attempts. Try again in 1 second.") || !strings.Contains(res.Body, `name="password"`) {
		t.Errorf("the login form with the message was not shown:\n%s", apptest.Excerpt(res.Body))
	}
	for _, c := range res.Cookies {
		if c.Name == session.OperatorCookie && c.Value != "" {
			t.Error("a throttled login set a session cookie")
		}
	}
}

func TestOwnerSessionIsNotAnOperator(t *testing.T) {
	h := newPlatform(t)
	_, owner := h.NewSite("bakery", "owner@example.com")
	token, err := h.App.Accounts.NewSession(t.Context(), session.KindAccount, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The owner's own cookie, and the owner's token put in the operator cookie.
	var rows []apptest.Scenario
	for _, cookie := range []string{session.AccountCookie, session.OperatorCookie} {
		rows = append(rows, apptest.Scenario{Name: cookie, Host: h.PlatformHost(), Path: "/operator",
			Header:       http.Header{"Cookie": {cookie + "=" + token}},
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/operator/login"}})
	}
	apptest.Run(t, h, rows)
	// The owner's session itself is good, on the platform where it belongs.
	owners := h.Browser()
	owners.SetCookie(h.PlatformHost(), session.AccountCookie, token)
	if res := owners.Get(h.PlatformHost(), "/sites"); res.Status != http.StatusOK || !strings.Contains(res.Body, "bakery") {
		t.Fatalf("the owner's session on the platform: %d", res.Status)
	}
}

// loginRedirect is where a request for path without a login is sent:
// the login, which sends the operator on to path afterwards.
func loginRedirect(path string) string {
	if path == "/operator" {
		return "/operator/login"
	}
	return "/operator/login?next=" + url.QueryEscape(path)
}
