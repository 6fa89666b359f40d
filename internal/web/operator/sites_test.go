package operator_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/invalidation"
	"github.com/pagecart/pagecart/internal/plans"
)

func TestSiteListSearchAndPages(t *testing.T) {
	h := newPlatform(t)
	host := h.PlatformHost()
	op := h.LoginOperator(opEmail)
	apptest.Expect(t, op.Get(host, "/operator"), http.StatusOK, "No sites yet")
	for i := range 60 {
		site(t, h, fmt.Sprintf("shop-%02d", i), fmt.Sprintf("Shop number %d", i))
	}
	anna := site(t, h, "anna", "Bakery Anna")
	if err := h.App.Sites.SetPlan(context.Background(), anna.ID, plans.Starter); err != nil {
		t.Fatal(err)
	}

	list := func(name, query string, contains []string, notContains ...string) apptest.Scenario {
		return apptest.Scenario{Name: name, Host: host, Path: "/operator" + query, As: op, ExpectStatus: http.StatusOK,
			ExpectContains: contains, ExpectNotContains: notContains}
	}
	rows := []apptest.Scenario{
		list("first page", "", []string{"Showing 1–50 of 61", "http://anna.localhost:8080", "owner-anna@example.com", "Starter",
			"15&nbsp;days&nbsp;left", `href="/operator?page=2"`}),
		// No next link past the last page.
		list("last page", "?page=2", []string{"Showing 51–61 of 61", `href="/operator"`}, "page=3"),
	}
	for _, q := range []string{"bakery", "ANNA", "owner-anna@"} {
		rows = append(rows, list("search "+q, "?q="+url.QueryEscape(q), []string{"Showing 1–1 of 1", "Bakery Anna"}))
	}
	rows = append(rows,
		list("plan and search", "?plan=trial&q=shop", []string{"of 60", `href="/operator?page=2&amp;plan=trial&amp;q=shop"`}),
		list("plan", "?plan=starter", []string{"Showing 1–1 of 1", "anna"}),
		list("no match", "?q=nothing-like-this", []string{"No site matches"}),
	)
	apptest.Run(t, h, rows)
}

func TestSiteActions(t *testing.T) {
	h := newPlatform(t)
	host := h.PlatformHost()
	op := h.LoginOperator(opEmail)
	s := site(t, h, "anna", "Bakery Anna")
	ctx := context.Background()
	if err := h.App.Sites.RequestPlan(ctx, s.ID, plans.Premium); err != nil {
		t.Fatal(err)
	}
	s = h.Site(s.ID)
	h.ResetAnnounced()
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "site page", Host: host, Path: sitePath(s.ID, ""), As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Bakery Anna", "owner-anna@example.com", "Premium", "Confirm plan", `value="premium" selected`}},
		{Name: "unknown site", Host: host, Path: "/operator/sites/12345", As: op, ExpectStatus: http.StatusNotFound},
	})

	// Bad input: the page comes back with the message and nothing changes.
	var rows []apptest.Scenario
	for _, c := range []struct {
		action string
		form   url.Values
		msg    string
	}{
		{"/trial", url.Values{"days": {"lots"}}, "Give a whole number of days, like 15."},
		{"/trial", url.Values{"days": {"0"}}, "Give between 1 and 365 days."},
		{"/plan", url.Values{"plan": {"trial"}}, "Choose one of the plans shown."},
		{"/plan", url.Values{"plan": {"gold"}}, "Choose one of the plans shown."},
		{"/suspend", url.Values{"reason": {""}, "confirm": {"yes"}}, "Say why, for the record and the owner."},
		{"/suspend", url.Values{"reason": {"spam"}}, "Tick the box to confirm"},
		{"/maintenance", url.Values{"action": {"on"}, "retry_after": {"soon"}}, "Give the Retry-After in whole seconds"},
		{"/maintenance", url.Values{"action": {"on"}, "retry_after": {"0"}}, "Give between 1 second and 7 days"},
	} {
		rows = append(rows, apptest.Scenario{Name: c.action + " " + c.form.Encode(), Method: http.MethodPost, Host: host,
			Path: sitePath(s.ID, c.action), Form: c.form, As: op,
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{c.msg, "Please check the form."}})
	}
	apptest.Run(t, h, rows)
	if got := h.Site(s.ID); got.UpdatedAt != s.UpdatedAt || got.Suspended() || got.MaintenanceRetry != 0 || got.Plan != plans.Trial {
		t.Fatalf("bad input changed the site: %+v", got)
	}
	if got := h.Announced(); len(got) != 0 {
		t.Errorf("bad input announced changes of %v", got)
	}

	// Each change goes back to the site's page, and the store announces it:
	// the console itself never invalidates a cache.
	post := func(action string, form url.Values) {
		t.Helper()
		h.ResetAnnounced()
		res := op.Post(host, sitePath(s.ID, action), form)
		if res.Status != http.StatusSeeOther || res.Location != sitePath(s.ID, "") {
			t.Fatalf("%s: %d to %q\n%s", action, res.Status, res.Location, apptest.Excerpt(res.Body))
		}
		if !h.WasAnnounced(s.ID) {
			t.Errorf("%s: the change of the site was not announced (announced: %v)", action, h.Announced())
		}
	}
	post("/trial", url.Values{"days": {"10"}})
	if got := h.Site(s.ID); got.TrialEndsAt.Sub(s.TrialEndsAt) != 10*24*time.Hour {
		t.Errorf("trial ends %v, want 10 days after %v", got.TrialEndsAt, s.TrialEndsAt)
	}
	post("/maintenance", url.Values{"action": {"on"}, "retry_after": {"900"}})
	if got := h.Site(s.ID).MaintenanceRetry; got != 900 {
		t.Errorf("maintenance retry %d, want 900", got)
	}
	// The storefront is in maintenance on the very next request.
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "site page in maintenance", Host: host, Path: sitePath(s.ID, ""), As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"maintenance", "Retry-After 900 s"}, ExpectHeader: map[string]string{"Cache-Control": "no-store"}},
		{Name: "storefront in maintenance", Host: h.SiteHost(s.Name), Path: "/", ExpectStatus: http.StatusServiceUnavailable,
			ExpectHeader: map[string]string{"Retry-After": "900"}},
	})
	post("/maintenance", url.Values{"action": {"off"}})
	if got := h.Site(s.ID).MaintenanceRetry; got != 0 {
		t.Errorf("maintenance still on: %d", got)
	}
	post("/suspend", url.Values{"reason": {"Phishing page"}, "confirm": {"yes"}})
	if got := h.Site(s.ID); !got.Suspended() || got.SuspendedReason != "Phishing page" {
		t.Errorf("not suspended: %+v", got)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "suspended site page", Host: host, Path: sitePath(s.ID, ""), As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Phishing page", "Restore site"}},
		{Name: "suspended storefront", Host: h.SiteHost(s.Name), Path: "/", ExpectStatus: http.StatusServiceUnavailable},
	})
	post("/restore", url.Values{})
	if h.Site(s.ID).Suspended() {
		t.Error("still suspended after restore")
	}
	post("/plan", url.Values{"plan": {"premium"}})
	if got := h.Site(s.ID); got.Plan != plans.Premium || got.RequestedPlan != "" || !got.TrialEndsAt.IsZero() {
		t.Errorf("plan not confirmed: %+v", got)
	}
	// The confirmation shows once on the page the browser is sent to.
	post("/plan", url.Values{"plan": {"business"}})
	res := op.Get(host, sitePath(s.ID, ""))
	apptest.Expect(t, res, http.StatusOK, "The site is now on Business.")
	apptest.Run(t, h, []apptest.Scenario{{Name: "the confirmation only once", Host: host, Path: sitePath(s.ID, ""), As: op,
		ExpectStatus: http.StatusOK, ExpectNotContains: []string{"The site is now on Business."}}})
}

func TestPlatformMaintenance(t *testing.T) {
	h := newPlatform(t)
	host := h.PlatformHost()
	op := h.LoginOperator(opEmail)
	ctx := context.Background()
	apptest.Expect(t, op.Get(host, "/operator/maintenance"), http.StatusOK, "Maintenance is", "off", "503", "501")

	h.ResetAnnounced()
	res := op.Post(host, "/operator/maintenance", url.Values{"action": {"on"}, "retry_after": {"-5"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Give between 1 second and 7 days")
	if n, _ := h.App.Operators.Maintenance(ctx); n != 0 {
		t.Fatalf("bad input switched maintenance on: %d", n)
	}
	if got := h.Announced(); len(got) != 0 {
		t.Errorf("bad input announced %v", got)
	}
	res = op.Post(host, "/operator/maintenance", url.Values{"action": {"on"}, "retry_after": {"1200"}})
	if res.Status != http.StatusSeeOther || res.Location != "/operator/maintenance" {
		t.Fatalf("switch on: %d to %q", res.Status, res.Location)
	}
	if n, _ := h.App.Operators.Maintenance(ctx); n != 1200 {
		t.Fatalf("maintenance %d, want 1200", n)
	}
	if !h.WasAnnounced(invalidation.Platform) {
		t.Errorf("switching maintenance on was not announced (announced: %v)", h.Announced())
	}
	// The platform is in maintenance on the very next request; the console stays open.
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "console", Host: host, Path: "/operator", As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Platform maintenance is on"}},
		{Name: "platform", Host: host, Path: "/", ExpectStatus: http.StatusServiceUnavailable,
			ExpectHeader: map[string]string{"Retry-After": "1200"}, ExpectContains: []string{"Back soon"}},
	})
	res = op.Post(host, "/operator/maintenance", url.Values{"action": {"off"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	if n, _ := h.App.Operators.Maintenance(ctx); n != 0 {
		t.Fatalf("maintenance still %d", n)
	}
	apptest.Run(t, h, []apptest.Scenario{{Name: "platform back", Host: host, Path: "/", ExpectStatus: http.StatusOK}})
}
