package admin_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

func TestChangePasswordAndEmail(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	other := h.Login(host, owner.Email)
	apptest.Expect(t, b.Get(host, "/admin/account"), http.StatusOK, "You log in as <b>anna@example.com</b>")

	const newPassword = "rye and spelt 2026"
	res := b.Post(host, "/admin/account/password", url.Values{"current": {"wrong password 1"}, "password": {newPassword}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "The current password is not right.")
	res = b.Post(host, "/admin/account/password", url.Values{"current": {apptest.Password}, "password": {"short"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Use at least 10 characters.")
	res = b.Post(host, "/admin/account/password", url.Values{"current": {apptest.Password}, "password": {newPassword}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Your password has been changed.")
	if res := other.Get(host, "/admin"); res.Status != http.StatusSeeOther || res.Location != "/admin/login" {
		t.Fatalf("other browser still logged in: %d %q", res.Status, res.Location)
	}

	res = b.Post(host, "/admin/account/email", url.Values{"email": {"anna@new.example"}, "password": {apptest.Password}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "The password is not right.", `value="anna@new.example"`)
	res = b.Post(host, "/admin/account/email", url.Values{"email": {"anna@"}, "password": {newPassword}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Enter a valid e-mail address")
	res = b.Post(host, "/admin/account/email", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Your e-mail address is now anna@new.example.")

	res = h.Browser().Post(host, "/admin/login", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	apptest.Expect(t, res, http.StatusSeeOther)
	if res.Location != "/admin" {
		t.Fatalf("login with the new address and password: to %q", res.Location)
	}
}

func TestPlansPage(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	apptest.Expect(t, b.Get(host, "/admin/plans"), http.StatusOK, "<b>€0</b></td>", "<b>€29</b> / month", "<b>€9</b> / month",
		"Your trial", "Unlimited", "10 GB", "2,000 points / min", "15 days left in your free trial.")

	apptest.Expect(t, b.Post(host, "/admin/plans", url.Values{"plan": {"trial"}}), http.StatusUnprocessableEntity, "Choose one of the plans shown.")
	res := b.Post(host, "/admin/plans", url.Values{"plan": {"business"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK,
		"We have your choice of Business. Billing is confirmed by the Pagecart team; you keep your features meanwhile.",
		"Waiting for confirmation")
	if s := h.Site(site.ID); s.RequestedPlan != "business" || s.Plan != "trial" {
		t.Fatalf("site after request: %+v", s)
	}
	apptest.Expect(t, b.Get(host, "/admin"), http.StatusOK, "Business: waiting for confirmation", `<li class="done"><span><a href="/admin/plans">`)
}

func TestDesignSwitchKeepsContent(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	apptest.Expect(t, b.Get(host, "/admin/design"), http.StatusOK, `value="journal"`, `/assets/theme/studio/thumbnail.png`,
		`<span class="badge ok">Current</span>`)
	apptest.Expect(t, b.Post(host, "/admin/design", url.Values{"theme": {"nope"}}), http.StatusUnprocessableEntity, "Choose one of the designs.")
	res := b.Post(host, "/admin/design", url.Values{"theme": {"journal"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Your site now uses the Journal design.")
	if s := h.Site(site.ID); s.Theme != "journal" {
		t.Fatalf("theme %q", s.Theme)
	}
	if ps, _ := h.App.Pages.List(t.Context(), site.ID, h.Site(site.ID).Entitlements()); len(ps) != 4 || ps[1].Slug != "menu" {
		t.Fatalf("pages changed with the design: %+v", ps)
	}
	// The storefront serves the new design at once.
	apptest.Expect(t, h.Browser().Get(host, "/"), http.StatusOK, "/assets/theme/journal/style.css")
}
