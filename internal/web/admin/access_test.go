package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
)

// adminRequests are every admin page and form, with IDs of the site given.
func adminRequests(t *testing.T, app *app, site sites.Site) (gets, posts []string) {
	t.Helper()
	ps, err := app.d.Pages.List(app.ctx, site.ID, plans.MustGet(plans.Premium))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := app.d.Accounts.Members(app.ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	page, member := ps[1].ID, ms[0].ID
	gets = []string{"/admin", "/admin/settings", "/admin/pages", "/admin/pages/new",
		fmt.Sprintf("/admin/pages/%d", page), fmt.Sprintf("/admin/pages/%d/delete", page),
		"/admin/design", "/admin/staff", fmt.Sprintf("/admin/staff/%d/remove", member),
		"/admin/plans", "/admin/account"}
	posts = []string{"/admin/settings", "/admin/pages/new", fmt.Sprintf("/admin/pages/%d", page),
		fmt.Sprintf("/admin/pages/%d/delete", page), "/admin/design", "/admin/staff/invite",
		fmt.Sprintf("/admin/staff/%d/role", member), fmt.Sprintf("/admin/staff/%d/remove", member),
		"/admin/invitations/1/revoke", "/admin/plans", "/admin/account/password", "/admin/account/email"}
	return gets, posts
}

// anything fills every field any admin form has, so that a request that
// got through would change something.
var anything = url.Values{"title": {"Taken over"}, "slug": {"x"}, "body": {"x"}, "email": {"x@example.com"},
	"role": {"owner"}, "theme": {"journal"}, "plan": {"premium"}, "confirmed": {"1"},
	"time_zone": {"UTC"}, "language": {"en"}, "currency": {"EUR"}, "current": {password}, "password": {password}}

func TestOwnerOfAnotherSiteGetsNothing(t *testing.T) {
	app := newApp(t)
	siteA, ownerA := app.newSite("bakery", "anna@example.com")
	siteB, _ := app.newSite("florist", "flora@example.com")
	before := app.site(siteB.ID)
	gets, posts := adminRequests(t, app, siteB)

	// Logged in on A, the same cookie replayed to B's host.
	b := app.browser(siteA)
	b.login(ownerA.Email)
	b.host = "florist.localhost:8080"
	for _, p := range gets {
		expect(t, b.get(p), http.StatusForbidden, "which is not on the staff of Florist")
	}
	for _, p := range posts {
		expect(t, b.post(p, anything), http.StatusForbidden, "which is not on the staff of Florist")
	}

	// Nobody logged in: the login page, for pages and forms alike.
	anon := app.browser(siteB)
	for _, p := range gets {
		if res := anon.get(p); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/admin/login") {
			t.Errorf("GET %s without login: %d %q", p, res.status, res.location)
		}
	}
	for _, p := range posts {
		if res := anon.post(p, anything); res.status != http.StatusSeeOther || res.location != "/admin/login" {
			t.Errorf("POST %s without login: %d %q", p, res.status, res.location)
		}
	}

	// On A's own host, B's IDs are not found.
	b.host = "bakery.localhost:8080"
	hasID := func(p string) bool { return strings.ContainsAny(p, "0123456789") }
	for _, p := range gets {
		if hasID(p) {
			expect(t, b.get(p), http.StatusNotFound, "Page not found")
		}
	}
	for _, p := range posts {
		if hasID(p) {
			expect(t, b.post(p, anything), http.StatusNotFound, "Page not found")
		}
	}

	if got := app.site(siteB.ID); got != before {
		t.Fatalf("site B changed: %+v", got)
	}
	if ps, _ := app.d.Pages.List(app.ctx, siteB.ID, plans.MustGet(plans.Premium)); len(ps) != 4 || ps[1].Title == "Taken over" {
		t.Fatalf("pages of B changed: %+v", ps)
	}
	if ms, _ := app.d.Accounts.Members(app.ctx, siteB.ID); len(ms) != 1 || ms[0].Role != accounts.RoleOwner {
		t.Fatalf("staff of B changed: %+v", ms)
	}
}

func TestRolesLimitWhatStaffCanOpen(t *testing.T) {
	app := newApp(t)
	site, _ := app.newSite("bakery", "anna@example.com")
	app.staffMember(site, "eddie@example.com", accounts.RoleEditor)
	app.staffMember(site, "mandy@example.com", accounts.RoleManager)

	editor := app.browser(site)
	editor.login("eddie@example.com")
	for _, c := range []struct{ get, post, message string }{
		{"/admin/settings", "/admin/settings", "Only owners and managers can change the site&#39;s settings."},
		{"/admin/staff", "/admin/staff/invite", "Only the site&#39;s owners can invite and manage staff."},
		{"/admin/plans", "/admin/plans", "Only the site&#39;s owners can choose the plan."},
	} {
		expect(t, editor.get(c.get), http.StatusForbidden, c.message)
		expect(t, editor.post(c.post, anything), http.StatusForbidden, c.message)
	}
	dash := editor.get("/admin")
	expect(t, dash, http.StatusOK, `href="/admin/pages"`, `href="/admin/design"`)
	for _, hidden := range []string{`href="/admin/staff"`, `href="/admin/settings"`, `href="/admin/plans"`} {
		if strings.Contains(dash.body, hidden) {
			t.Errorf("editor's dashboard links to %s", hidden)
		}
	}
	res := editor.post("/admin/pages/new", url.Values{"title": {"Opening hours"}, "body": {"<p>Mon–Fri</p>"}})
	expect(t, editor.follow(res), http.StatusOK, "Opening hours", "/opening-hours")

	manager := app.browser(site)
	manager.login("mandy@example.com")
	expect(t, manager.get("/admin/settings"), http.StatusOK, "Save settings")
	expect(t, manager.get("/admin/staff"), http.StatusForbidden)
	expect(t, manager.get("/admin/plans"), http.StatusForbidden)
}
