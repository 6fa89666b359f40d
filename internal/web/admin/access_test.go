package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
)

// adminRequests are every admin page and form, with IDs of the site given.
func adminRequests(t *testing.T, h *apptest.Harness, site sites.Site) (gets, posts []string) {
	t.Helper()
	ctx := context.Background()
	ps, err := h.App.Pages.List(ctx, site.ID, plans.MustGet(plans.Premium))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := h.App.Accounts.Members(ctx, site.ID)
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
	"time_zone": {"UTC"}, "language": {"en"}, "currency": {"EUR"}, "current": {apptest.Password}, "password": {apptest.Password}}

func TestOwnerOfAnotherSiteGetsNothing(t *testing.T) {
	h := apptest.New(t)
	siteA, ownerA := h.NewSite("bakery", "anna@example.com")
	siteB, _ := h.NewSite("florist", "flora@example.com")
	hostA, hostB := h.SiteHost(siteA.Name), h.SiteHost(siteB.Name)
	before := h.Site(siteB.ID)
	gets, posts := adminRequests(t, h, siteB)

	// Logged in on A, the same cookie replayed to B's host.
	anna := h.Login(hostA, ownerA.Email)
	anna.ReplayCookies(hostA, hostB)
	const refused = "You are logged in as anna@example.com, which is not on the staff of Florist"
	var rows []apptest.Scenario
	for _, p := range gets {
		rows = append(rows, apptest.Scenario{Name: "A's session GET " + p, Host: hostB, Path: p, As: anna,
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}
	for _, p := range posts {
		rows = append(rows, apptest.Scenario{Name: "A's session POST " + p, Method: http.MethodPost, Host: hostB, Path: p,
			Form: anything, As: anna, ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}

	// Nobody logged in: the login page, for pages and forms alike.
	for _, p := range gets {
		next := "?next=" + url.QueryEscape(p)
		if p == "/admin" {
			next = ""
		}
		rows = append(rows, apptest.Scenario{Name: "nobody GET " + p, Host: hostB, Path: p,
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/admin/login" + next}})
	}
	for _, p := range posts {
		rows = append(rows, apptest.Scenario{Name: "nobody POST " + p, Method: http.MethodPost, Host: hostB, Path: p,
			Form: anything, ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/admin/login"}})
	}

	// On A's own host, B's IDs are not found.
	hasID := func(p string) bool { return strings.ContainsAny(p, "0123456789") }
	for _, p := range gets {
		if hasID(p) {
			rows = append(rows, apptest.Scenario{Name: "B's ID on A GET " + p, Host: hostA, Path: p, As: anna,
				ExpectStatus: http.StatusNotFound, ExpectContains: []string{"Page not found"}})
		}
	}
	for _, p := range posts {
		if hasID(p) {
			rows = append(rows, apptest.Scenario{Name: "B's ID on A POST " + p, Method: http.MethodPost, Host: hostA, Path: p,
				Form: anything, As: anna, ExpectStatus: http.StatusNotFound, ExpectContains: []string{"Page not found"}})
		}
	}
	apptest.Run(t, h, rows)

	if got := h.Site(siteB.ID); got != before {
		t.Fatalf("site B changed: %+v", got)
	}
	ctx := context.Background()
	if ps, _ := h.App.Pages.List(ctx, siteB.ID, plans.MustGet(plans.Premium)); len(ps) != 4 || ps[1].Title == "Taken over" {
		t.Fatalf("pages of B changed: %+v", ps)
	}
	if ms, _ := h.App.Accounts.Members(ctx, siteB.ID); len(ms) != 1 || ms[0].Role != accounts.RoleOwner {
		t.Fatalf("staff of B changed: %+v", ms)
	}
	if n := h.Count(`SELECT COUNT(*) FROM invitations WHERE site_id = ?`, siteB.ID); n != 0 {
		t.Fatalf("%d invitations made on B", n)
	}
}

func TestRolesLimitWhatStaffCanOpen(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	h.StaffMember(site, "eddie@example.com", accounts.RoleEditor)
	h.StaffMember(site, "mandy@example.com", accounts.RoleManager)

	editor := h.Login(host, "eddie@example.com")
	manager := h.Login(host, "mandy@example.com")
	var rows []apptest.Scenario
	for _, c := range []struct{ get, post, message string }{
		{"/admin/settings", "/admin/settings", "Only owners and managers can change the site&#39;s settings."},
		{"/admin/staff", "/admin/staff/invite", "Only the site&#39;s owners can invite and manage staff."},
		{"/admin/plans", "/admin/plans", "Only the site&#39;s owners can choose the plan."},
	} {
		rows = append(rows,
			apptest.Scenario{Name: "editor GET " + c.get, Host: host, Path: c.get, As: editor,
				ExpectStatus: http.StatusForbidden, ExpectContains: []string{c.message}},
			apptest.Scenario{Name: "editor POST " + c.post, Method: http.MethodPost, Host: host, Path: c.post, Form: anything,
				As: editor, ExpectStatus: http.StatusForbidden, ExpectContains: []string{c.message}})
	}
	rows = append(rows,
		apptest.Scenario{Name: "editor's dashboard", Host: host, Path: "/admin", As: editor, ExpectStatus: http.StatusOK,
			ExpectContains:    []string{`href="/admin/pages"`, `href="/admin/design"`},
			ExpectNotContains: []string{`href="/admin/staff"`, `href="/admin/settings"`, `href="/admin/plans"`}},
		apptest.Scenario{Name: "manager GET /admin/settings", Host: host, Path: "/admin/settings", As: manager,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"Save settings"}},
		apptest.Scenario{Name: "manager GET /admin/staff", Host: host, Path: "/admin/staff", As: manager,
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{"Only the site&#39;s owners can invite and manage staff."}},
		apptest.Scenario{Name: "manager GET /admin/plans", Host: host, Path: "/admin/plans", As: manager,
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{"Only the site&#39;s owners can choose the plan."}},
	)
	apptest.Run(t, h, rows)

	res := editor.Post(host, "/admin/pages/new", url.Values{"title": {"Opening hours"}, "body": {"<p>Mon–Fri</p>"}})
	apptest.Expect(t, editor.Follow(host, res), http.StatusOK, "Opening hours", "/opening-hours")
}
