package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
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
	expect(t, b.follow(res), http.StatusOK, "We sent a link to anna@new.example.", "keep using anna@example.com")
	// Nothing changes until the link sent to the new address is opened.
	fresh := app.browser(site)
	res = fresh.post("/admin/login", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	expect(t, res, http.StatusUnprocessableEntity)
	if text := app.mailTo("anna@example.com", "Your Pagecart e-mail address is about to change"); !strings.Contains(text, "anna@new.example") {
		t.Errorf("notice to the old address: %q", text)
	}
	m := emailLinkRe.FindStringSubmatch(app.mailTo("anna@new.example", "Confirm your new Pagecart e-mail address"))
	if m == nil {
		t.Fatal("no confirmation link in the mail to the new address")
	}
	// Opened in a browser that is not logged in: a page asks first.
	expect(t, fresh.get(m[1]), http.StatusOK, "Use your new e-mail address?")
	res = fresh.post(m[1], url.Values{"confirmed": {"1"}})
	expect(t, fresh.follow(res), http.StatusOK, "Your e-mail address is now anna@new.example.")
	expect(t, fresh.post(m[1], url.Values{"confirmed": {"1"}}), http.StatusNotFound, "This link is invalid or has expired.")

	res = fresh.post("/admin/login", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	expect(t, res, http.StatusSeeOther)
}

var emailLinkRe = regexp.MustCompile(`http://bakery\.localhost:8080(/admin/account/email/[A-Za-z0-9_-]+)`)

// mailTo returns the body of the newest mail to addr with subject.
func (a *app) mailTo(addr, subject string) string {
	a.t.Helper()
	var text string
	err := a.d.DB.QueryRow(a.ctx, `SELECT body_text FROM mail_messages WHERE to_addr = ? AND subject = ? ORDER BY id DESC LIMIT 1`,
		addr, subject).Scan(&text)
	if err != nil {
		a.t.Fatalf("mail to %s, %q: %v", addr, subject, err)
	}
	return text
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
