package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
)

func TestLoginAndLogout(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)

	res := b.get("/admin/settings")
	if res.status != http.StatusSeeOther || res.location != "/admin/login?next=%2Fadmin%2Fsettings" {
		t.Fatalf("not logged in: %d %q", res.status, res.location)
	}
	expect(t, b.follow(res), http.StatusOK, "Log in", "Bakery", `value="/admin/settings"`,
		`href="http://localhost:8080/password/forgot"`, "Forgot your password?")

	res = b.post("/admin/login", url.Values{"email": {owner.Email}, "password": {"wrong password 1"}})
	expect(t, res, http.StatusUnprocessableEntity, "The e-mail or password is not right.", `value="anna@example.com"`)

	res = b.post("/admin/login", url.Values{"email": {owner.Email}, "password": {password}, "next": {"/admin/settings"}})
	if res.status != http.StatusSeeOther || res.location != "/admin/settings" {
		t.Fatalf("login: %d %q", res.status, res.location)
	}
	expect(t, b.get("/admin"), http.StatusOK, "http://bakery.localhost:8080", "15 days left in your free trial")

	res = b.post("/admin/logout", nil)
	expect(t, b.follow(res), http.StatusOK, "You have logged out.")
	if res := b.get("/admin"); res.status != http.StatusSeeOther || res.location != "/admin/login" {
		t.Fatalf("after logout: %d %q", res.status, res.location)
	}
}

func TestLoginRedirectStaysInAdmin(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	for _, next := range []string{"//evil.example/admin", "https://evil.example", "/admin/logout", "/\\evil.example"} {
		b := app.browser(site)
		res := b.post("/admin/login", url.Values{"email": {owner.Email}, "password": {password}, "next": {next}})
		if res.location != "/admin" {
			t.Errorf("next %q: redirected to %q", next, res.location)
		}
	}
}

func TestLoginThrottled(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)
	for range 5 {
		res := b.post("/admin/login", url.Values{"email": {owner.Email}, "password": {"wrong password 1"}})
		expect(t, res, http.StatusUnprocessableEntity)
	}
	res := b.post("/admin/login", url.Values{"email": {owner.Email}, "password": {password}})
	expect(t, res, http.StatusTooManyRequests, "Too many failed attempts. Try again in 1 second.")
}

func TestLoginRefusesAccountOfAnotherSite(t *testing.T) {
	app := newApp(t)
	_, owner := app.newSite("bakery", "anna@example.com")
	other, _ := app.newSite("florist", "flora@example.com")
	b := app.browser(other)
	res := b.post("/admin/login", url.Values{"email": {owner.Email}, "password": {password}})
	expect(t, res, http.StatusForbidden, "This account is not on the staff of Florist.")
	if _, ok := b.cookies["pc_session"]; ok {
		t.Fatal("a session was started on a site the account is not staff of")
	}
}

func TestSSOTokenIsSingleUseAndForItsSiteOnly(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	other, _ := app.newSite("florist", "flora@example.com")
	token, err := app.d.Accounts.NewToken(app.ctx, owner.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}

	// Replayed on another site's host, the token opens nothing.
	b := app.browser(other)
	res := b.get("/admin/sso?token=" + token)
	expect(t, res, http.StatusBadRequest, "This link is invalid or has expired.")
	if len(b.cookies) != 0 {
		t.Fatalf("cookies set for a refused token: %v", b.cookies)
	}

	token, err = app.d.Accounts.NewToken(app.ctx, owner.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	b = app.browser(site)
	res = b.get("/admin/sso?welcome=1&token=" + token)
	if res.location != "/admin" {
		t.Fatalf("sso: %d %q", res.status, res.location)
	}
	expect(t, b.follow(res), http.StatusOK, "Welcome to your new site! It is live at http://bakery.localhost:8080")

	again := app.browser(site)
	expect(t, again.get("/admin/sso?token="+token), http.StatusBadRequest, "This link is invalid or has expired.")
	if res := again.get("/admin"); !strings.HasPrefix(res.location, "/admin/login") {
		t.Fatalf("used token still logs in: %d %q", res.status, res.location)
	}
}
