package admin_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/web/session"
)

func TestLoginAndLogout(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Browser()

	res := b.Get(host, "/admin/settings")
	if res.Status != http.StatusSeeOther || res.Location != "/admin/login?next=%2Fadmin%2Fsettings" {
		t.Fatalf("not logged in: %d %q", res.Status, res.Location)
	}
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Log in", "Bakery", `value="/admin/settings"`,
		`href="http://localhost:8080/password/forgot"`, "Forgot your password?")

	res = b.Post(host, "/admin/login", url.Values{"email": {owner.Email}, "password": {"wrong password 1"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "The e-mail or password is not right.", `value="anna@example.com"`)

	res = b.Post(host, "/admin/login", url.Values{"email": {owner.Email}, "password": {apptest.Password}, "next": {"/admin/settings"}})
	if res.Status != http.StatusSeeOther || res.Location != "/admin/settings" {
		t.Fatalf("login: %d %q", res.Status, res.Location)
	}
	apptest.Expect(t, b.Get(host, "/admin"), http.StatusOK, "http://bakery.localhost:8080", "15 days left in your free trial")

	res = b.Post(host, "/admin/logout", nil)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "You have logged out.")
	if res := b.Get(host, "/admin"); res.Status != http.StatusSeeOther || res.Location != "/admin/login" {
		t.Fatalf("after logout: %d %q", res.Status, res.Location)
	}
}

func TestLoginRedirectStaysInAdmin(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	var rows []apptest.Scenario
	for _, next := range []string{"//evil.example/admin", "https://evil.example", "/admin/logout", "/\\evil.example"} {
		rows = append(rows, apptest.Scenario{Name: "next " + next, Method: http.MethodPost, Host: host, Path: "/admin/login",
			Form:         url.Values{"email": {owner.Email}, "password": {apptest.Password}, "next": {next}},
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/admin"}})
	}
	apptest.Run(t, h, rows)
}

// TestLoginThrottled: after five wrong passwords the right one must wait.
// The clock stands still, so that slow password hashes on a loaded machine
// cannot let the one-second wait pass before the sixth attempt.
func TestLoginThrottled(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	frozen := time.Now()
	h.App.Accounts.SetClock(func() time.Time { return frozen })
	host := h.SiteHost(site.Name)
	b := h.Browser()
	for range 5 {
		res := b.Post(host, "/admin/login", url.Values{"email": {owner.Email}, "password": {"wrong password 1"}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity)
	}
	res := b.Post(host, "/admin/login", url.Values{"email": {owner.Email}, "password": {apptest.Password}})
	apptest.Expect(t, res, http.StatusTooManyRequests, "Too many failed attempts. Try again in 1 second.")
	if _, ok := b.Cookie(host, session.AccountCookie); ok {
		t.Fatal("a throttled login started a session")
	}
	apptest.Expect(t, res, http.StatusTooManyRequests, `name="email"`)
	if got := res.Header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
}

func TestLoginRefusesAccountOfAnotherSite(t *testing.T) {
	h := apptest.New(t)
	_, owner := h.NewSite("bakery", "anna@example.com")
	other, _ := h.NewSite("florist", "flora@example.com")
	host := h.SiteHost(other.Name)
	b := h.Browser()
	res := b.Post(host, "/admin/login", url.Values{"email": {owner.Email}, "password": {apptest.Password}})
	apptest.Expect(t, res, http.StatusForbidden, "This account is not on the staff of Florist.")
	if _, ok := b.Cookie(host, session.AccountCookie); ok {
		t.Fatal("a session was started on a site the account is not staff of")
	}
}

func TestSSOTokenIsSingleUseAndForItsSiteOnly(t *testing.T) {
	h := apptest.New(t)
	ctx := t.Context()
	site, owner := h.NewSite("bakery", "anna@example.com")
	other, _ := h.NewSite("florist", "flora@example.com")
	host := h.SiteHost(site.Name)
	token, err := h.App.Accounts.NewToken(ctx, owner.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}

	// Replayed on another site's host, the token opens nothing.
	b := h.Browser()
	res := b.Get(h.SiteHost(other.Name), "/admin/sso?token="+token)
	apptest.Expect(t, res, http.StatusBadRequest, "This link is invalid or has expired.")
	if c := b.Cookies(h.SiteHost(other.Name)); len(c) != 0 {
		t.Fatalf("cookies set for a refused token: %v", c)
	}

	token, err = h.App.Accounts.NewToken(ctx, owner.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	b = h.Browser()
	res = b.Get(host, "/admin/sso?welcome=1&token="+token)
	if res.Status != http.StatusSeeOther || res.Location != "/admin" {
		t.Fatalf("sso: %d %q", res.Status, res.Location)
	}
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Welcome to your new site! It is live at http://bakery.localhost:8080")

	again := h.Browser()
	apptest.Expect(t, again.Get(host, "/admin/sso?token="+token), http.StatusBadRequest, "This link is invalid or has expired.")
	if res := again.Get(host, "/admin"); res.Status != http.StatusSeeOther || res.Location != "/admin/login" {
		t.Fatalf("used token still logs in: %d %q", res.Status, res.Location)
	}
}
