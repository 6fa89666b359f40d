package admin_test

import (
	"net/http"
	"net/url"
	"testing"
)

func TestChangePasswordAndEmail(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)
	b.login(owner.Email)
	other := app.browser(site)
	other.login(owner.Email)
	expect(t, b.get("/admin/account"), http.StatusOK, "You log in as <b>anna@example.com</b>")

	const newPassword = "rye and spelt 2026"
	res := b.post("/admin/account/password", url.Values{"current": {"wrong password 1"}, "password": {newPassword}})
	expect(t, res, http.StatusUnprocessableEntity, "The current password is not right.")
	res = b.post("/admin/account/password", url.Values{"current": {password}, "password": {"short"}})
	expect(t, res, http.StatusUnprocessableEntity, "Use at least 10 characters.")
	res = b.post("/admin/account/password", url.Values{"current": {password}, "password": {newPassword}})
	expect(t, b.follow(res), http.StatusOK, "Your password has been changed.")
	if res := other.get("/admin"); res.status != http.StatusSeeOther {
		t.Fatalf("other browser still logged in: %d", res.status)
	}

	res = b.post("/admin/account/email", url.Values{"email": {"anna@new.example"}, "password": {password}})
	expect(t, res, http.StatusUnprocessableEntity, "The password is not right.", `value="anna@new.example"`)
	res = b.post("/admin/account/email", url.Values{"email": {"anna@"}, "password": {newPassword}})
	expect(t, res, http.StatusUnprocessableEntity, "Enter a valid e-mail address")
	res = b.post("/admin/account/email", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	expect(t, b.follow(res), http.StatusOK, "Your e-mail address is now anna@new.example.")

	fresh := app.browser(site)
	res = fresh.post("/admin/login", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	expect(t, res, http.StatusSeeOther)
}

func TestPlansPage(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)
	b.login(owner.Email)
	expect(t, b.get("/admin/plans"), http.StatusOK, "<b>€0</b></td>", "<b>€29</b> / month", "<b>€9</b> / month",
		"Your trial", "Unlimited", "10 GB", "2,000 points / min", "15 days left in your free trial.")

	expect(t, b.post("/admin/plans", url.Values{"plan": {"trial"}}), http.StatusUnprocessableEntity, "Choose one of the plans shown.")
	res := b.post("/admin/plans", url.Values{"plan": {"business"}})
	expect(t, b.follow(res), http.StatusOK,
		"We have your choice of Business. Billing is confirmed by the Pagecart team; you keep your features meanwhile.",
		"Waiting for confirmation")
	if s := app.site(site.ID); s.RequestedPlan != "business" || s.Plan != "trial" {
		t.Fatalf("site after request: %+v", s)
	}
	expect(t, b.get("/admin"), http.StatusOK, "Business: waiting for confirmation", `<li class="done"><span><a href="/admin/plans">`)
}

func TestDesignSwitchKeepsContent(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)
	b.login(owner.Email)
	expect(t, b.get("/admin/design"), http.StatusOK, `value="journal"`, `/assets/theme/studio/thumbnail.png`,
		`<span class="badge ok">Current</span>`)
	expect(t, b.post("/admin/design", url.Values{"theme": {"nope"}}), http.StatusUnprocessableEntity, "Choose one of the designs.")
	res := b.post("/admin/design", url.Values{"theme": {"journal"}})
	expect(t, b.follow(res), http.StatusOK, "Your site now uses the Journal design.")
	if s := app.site(site.ID); s.Theme != "journal" {
		t.Fatalf("theme %q", s.Theme)
	}
	if ps, _ := app.d.Pages.List(app.ctx, site.ID, app.site(site.ID).Entitlements()); len(ps) != 4 || ps[1].Slug != "menu" {
		t.Fatalf("pages changed with the design: %+v", ps)
	}
}
