package operator_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/plans"
)

func TestSiteListSearchAndPages(t *testing.T) {
	a := newApp(t)
	cookie := a.login()
	if _, body := a.get("/operator", cookie); !strings.Contains(body, "No sites yet") {
		t.Error("no empty state without sites")
	}
	for i := range 60 {
		a.site(fmt.Sprintf("shop-%02d", i), fmt.Sprintf("Shop number %d", i))
	}
	anna := a.site("anna", "Bakery Anna")
	if err := a.d.Sites.SetPlan(context.Background(), anna.ID, plans.Starter); err != nil {
		t.Fatal(err)
	}

	_, body := a.get("/operator", cookie)
	mustContain(t, body, "Showing 1–50 of 61", "http://anna.localhost:8080", "owner-anna@example.com", "Starter",
		"15&nbsp;days&nbsp;left", `href="/operator?page=2"`)
	_, body = a.get("/operator?page=2", cookie)
	mustContain(t, body, "Showing 51–61 of 61", `href="/operator"`)
	if strings.Contains(body, "page=3") {
		t.Error("a next link past the last page")
	}

	for _, q := range []string{"bakery", "ANNA", "owner-anna@"} {
		_, body = a.get("/operator?q="+url.QueryEscape(q), cookie)
		mustContain(t, body, "Showing 1–1 of 1", "Bakery Anna")
	}
	_, body = a.get("/operator?plan=trial&q=shop", cookie)
	mustContain(t, body, "of 60", `href="/operator?page=2&amp;plan=trial&amp;q=shop"`)
	_, body = a.get("/operator?plan=starter", cookie)
	mustContain(t, body, "Showing 1–1 of 1", "anna")
	_, body = a.get("/operator?q=nothing-like-this", cookie)
	mustContain(t, body, "No site matches")
}

func TestSiteActions(t *testing.T) {
	a := newApp(t)
	cookie := a.login()
	s := a.site("anna", "Bakery Anna")
	ctx := context.Background()
	if err := a.d.Sites.RequestPlan(ctx, s.ID, plans.Premium); err != nil {
		t.Fatal(err)
	}
	s = a.reload(s.ID)
	code, body := a.get(sitePath(s.ID, ""), cookie)
	if code != http.StatusOK {
		t.Fatalf("site page: %d", code)
	}
	mustContain(t, body, "Bakery Anna", "owner-anna@example.com", "Premium", "Confirm plan", `value="premium" selected`)
	if code, _ := a.get("/operator/sites/12345", cookie); code != http.StatusNotFound {
		t.Errorf("unknown site: %d", code)
	}

	// Bad input: the page comes back with the message and nothing changes.
	bad := []struct {
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
	}
	for _, c := range bad {
		code, _, body := a.post(sitePath(s.ID, c.action), c.form, cookie)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s %v: %d, want 422", c.action, c.form, code)
		}
		mustContain(t, body, c.msg, "Please check the form.")
	}
	if got := a.reload(s.ID); got.UpdatedAt != s.UpdatedAt || got.Suspended() || got.MaintenanceRetry != 0 || got.Plan != plans.Trial {
		t.Fatalf("bad input changed the site: %+v", got)
	}
	if a.wasInvalidated(s.ID) {
		t.Error("bad input invalidated the cache")
	}

	post := func(action string, form url.Values) {
		t.Helper()
		code, to, body := a.post(sitePath(s.ID, action), form, cookie)
		if code != http.StatusSeeOther || to != sitePath(s.ID, "") {
			t.Fatalf("%s: %d to %q\n%s", action, code, to, body)
		}
	}
	post("/trial", url.Values{"days": {"10"}})
	if got := a.reload(s.ID); got.TrialEndsAt.Sub(s.TrialEndsAt) != 10*24*time.Hour {
		t.Errorf("trial ends %v, want 10 days after %v", got.TrialEndsAt, s.TrialEndsAt)
	}
	if !a.wasInvalidated(s.ID) {
		t.Error("a change did not invalidate the host cache")
	}
	post("/maintenance", url.Values{"action": {"on"}, "retry_after": {"900"}})
	if got := a.reload(s.ID).MaintenanceRetry; got != 900 {
		t.Errorf("maintenance retry %d, want 900", got)
	}
	res, body := a.do("GET", sitePath(s.ID, ""), nil, cookie)
	mustContain(t, body, "maintenance", "Retry-After 900 s")
	if c := res.Header.Get("Cache-Control"); c != "no-store" {
		t.Errorf("Cache-Control %q", c)
	}
	post("/maintenance", url.Values{"action": {"off"}})
	if got := a.reload(s.ID).MaintenanceRetry; got != 0 {
		t.Errorf("maintenance still on: %d", got)
	}
	post("/suspend", url.Values{"reason": {"Phishing page"}, "confirm": {"yes"}})
	if got := a.reload(s.ID); !got.Suspended() || got.SuspendedReason != "Phishing page" {
		t.Errorf("not suspended: %+v", got)
	}
	_, body = a.get(sitePath(s.ID, ""), cookie)
	mustContain(t, body, "Phishing page", "Restore site")
	post("/restore", url.Values{})
	if a.reload(s.ID).Suspended() {
		t.Error("still suspended after restore")
	}
	post("/plan", url.Values{"plan": {"premium"}})
	if got := a.reload(s.ID); got.Plan != plans.Premium || got.RequestedPlan != "" || !got.TrialEndsAt.IsZero() {
		t.Errorf("plan not confirmed: %+v", got)
	}
	// The confirmation shows once on the page the browser is sent to.
	res, _ = a.do("POST", sitePath(s.ID, "/plan"), url.Values{"plan": {"business"}}, cookie)
	var flash string
	for _, c := range res.Cookies() {
		if c.Name == "pc_flash" {
			flash = c.Name + "=" + c.Value
		}
	}
	_, body = a.get(sitePath(s.ID, ""), cookie+"; "+flash)
	mustContain(t, body, "The site is now on Business.")
}

func TestPlatformMaintenance(t *testing.T) {
	a := newApp(t)
	cookie := a.login()
	ctx := context.Background()
	_, body := a.get("/operator/maintenance", cookie)
	mustContain(t, body, "Maintenance is", "off", "503", "501")

	code, _, body := a.post("/operator/maintenance", url.Values{"action": {"on"}, "retry_after": {"-5"}}, cookie)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Give between 1 second and 7 days") {
		t.Errorf("bad retry: %d", code)
	}
	if n, _ := a.d.Operators.Maintenance(ctx); n != 0 {
		t.Fatalf("bad input switched maintenance on: %d", n)
	}
	if code, to, _ := a.post("/operator/maintenance", url.Values{"action": {"on"}, "retry_after": {"1200"}}, cookie); code != http.StatusSeeOther || to != "/operator/maintenance" {
		t.Fatalf("switch on: %d to %q", code, to)
	}
	if n, _ := a.d.Operators.Maintenance(ctx); n != 1200 {
		t.Fatalf("maintenance %d, want 1200", n)
	}
	_, body = a.get("/operator", cookie)
	mustContain(t, body, "Platform maintenance is on")
	a.post("/operator/maintenance", url.Values{"action": {"off"}}, cookie)
	if n, _ := a.d.Operators.Maintenance(ctx); n != 0 {
		t.Fatalf("maintenance still %d", n)
	}
}
