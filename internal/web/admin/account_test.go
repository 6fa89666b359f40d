package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
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
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "We sent a link to anna@new.example.", "keep using anna@example.com")
	// Nothing changes until the link sent to the new address is opened.
	fresh := h.Browser()
	res = fresh.Post(host, "/admin/login", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity)
	if text := mailTo(t, h, "anna@example.com", "Your Pagecart e-mail address is about to change"); !strings.Contains(text, "anna@new.example") {
		t.Errorf("notice to the old address: %q", text)
	}
	m := emailLinkRe.FindStringSubmatch(mailTo(t, h, "anna@new.example", "Confirm your new Pagecart e-mail address"))
	if m == nil {
		t.Fatal("no confirmation link in the mail to the new address")
	}
	// Opened in a browser that is not logged in: a page asks first.
	apptest.Expect(t, fresh.Get(host, m[1]), http.StatusOK, "Use your new e-mail address?")
	res = fresh.Post(host, m[1], url.Values{"confirmed": {"1"}})
	apptest.Expect(t, fresh.Follow(host, res), http.StatusOK, "Your e-mail address is now anna@new.example.")
	apptest.Expect(t, fresh.Post(host, m[1], url.Values{"confirmed": {"1"}}), http.StatusNotFound, "This link is invalid or has expired.")

	res = h.Browser().Post(host, "/admin/login", url.Values{"email": {"anna@new.example"}, "password": {newPassword}})
	apptest.Expect(t, res, http.StatusSeeOther)
	if res.Location != "/admin" {
		t.Fatalf("login with the new address and password: to %q", res.Location)
	}
}

var emailLinkRe = regexp.MustCompile(`http://bakery\.localhost:8080(/admin/account/email/[A-Za-z0-9_-]+)`)

// mailTo returns the body of the newest mail to addr with subject.
func mailTo(t *testing.T, h *apptest.Harness, addr, subject string) string {
	t.Helper()
	var text string
	err := h.App.DB.QueryRow(t.Context(), `SELECT body_text FROM mail_messages WHERE to_addr = ? AND subject = ? ORDER BY id DESC LIMIT 1`,
		addr, subject).Scan(&text)
	if err != nil {
		t.Fatalf("mail to %s, %q: %v", addr, subject, err)
	}
	return text
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
	apptest.Expect(t, b.Get(host, "/admin/design"), http.StatusOK, `href="/admin/design/switch/journal"`, `/assets/theme/studio/thumbnail.png`,
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
	apptest.Expect(t, h.Browser().Get(host, "/"), http.StatusOK, "/journal/style.css")
}
