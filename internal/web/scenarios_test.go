package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The owner of site A, replaying A's admin cookie against site B, gets
// nothing of B: every admin page and form of B refuses them.
func TestOwnerCannotReachAnotherSite(t *testing.T) {
	app := newTestApp(t)
	hostA := app.signup("site-a", "a@example.com")
	hostB := app.signup("site-b", "b@example.com")
	app.jars[hostB] = app.jars[hostA]

	for _, path := range []string{"/admin", "/admin/settings", "/admin/pages", "/admin/pages/new", "/admin/design",
		"/admin/staff", "/admin/plans", "/admin/account"} {
		res := app.get(hostB, path)
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s on B with A's session: %d", path, res.StatusCode)
		}
	}
	b, _ := app.app.Sites.ByName(context.Background(), "site-b")
	posts := map[string]url.Values{
		"/admin/settings":     {"title": {"Hacked"}, "time_zone": {"UTC"}, "language": {"en"}, "currency": {"EUR"}},
		"/admin/pages/new":    {"title": {"Hacked"}, "slug": {"hacked"}},
		"/admin/design":       {"design": {"journal"}},
		"/admin/plans":        {"plan": {"premium"}},
		"/admin/staff/invite": {"email": {"evil@example.com"}, "role": {"owner"}},
	}
	for path, form := range posts {
		res := app.post(hostB, path, form)
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s on B with A's session: %d", path, res.StatusCode)
		}
	}
	after, _ := app.app.Sites.ByID(context.Background(), b.ID)
	if after.Title != b.Title || after.Theme != b.Theme || after.RequestedPlan != "" {
		t.Fatalf("site B changed: %+v", after)
	}
	if n := app.count(`SELECT COUNT(*) FROM pages WHERE site_id = ? AND slug = 'hacked'`, b.ID); n != 0 {
		t.Fatal("a page was created on B")
	}
	if n := app.count(`SELECT COUNT(*) FROM invitations WHERE site_id = ?`, b.ID); n != 0 {
		t.Fatal("an invitation was created on B")
	}
	// A's own pages of B's page IDs are not found either.
	var pageB int64
	_ = app.app.DB.QueryRow(context.Background(), `SELECT id FROM pages WHERE site_id = ? LIMIT 1`, b.ID).Scan(&pageB)
	if res := app.get(hostA, "/admin/pages/"+itoa(pageB)); res.StatusCode != http.StatusNotFound {
		t.Errorf("A opens B's page by ID on A's host: %d", res.StatusCode)
	}
	if res := app.post(hostA, "/admin/pages/"+itoa(pageB)+"/delete", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("A deletes B's page by ID on A's host: %d", res.StatusCode)
	}
}

func TestTrialExpiryKeepsDataAndShowsBranding(t *testing.T) {
	app := newTestApp(t)
	host := app.signup("short-trial", "t@example.com")
	ctx := context.Background()
	site, _ := app.app.Sites.ByName(ctx, "short-trial")
	pagesBefore := app.count(`SELECT COUNT(*) FROM pages WHERE site_id = ?`, site.ID)
	if body := readBody(t, app.get(host, "/")); strings.Contains(body, `class="made-with"`) {
		t.Fatal("trial site shows the Pagecart footer")
	}
	if _, err := app.app.DB.Exec(ctx, `UPDATE sites SET trial_ends_at = ? WHERE id = ?`,
		sqldb.Millis(time.Now().Add(-time.Minute)), site.ID); err != nil {
		t.Fatal(err)
	}
	if err := app.app.Queue.Insert(ctx, sites.ExpireTrialsArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the trial job", func() bool {
		s, _ := app.app.Sites.ByID(ctx, site.ID)
		return s.Plan == "free"
	})
	if n := app.count(`SELECT COUNT(*) FROM pages WHERE site_id = ?`, site.ID); n != pagesBefore {
		t.Fatalf("pages %d → %d", pagesBefore, n)
	}
	res := app.get(host, "/")
	if body := readBody(t, res); res.StatusCode != http.StatusOK || !strings.Contains(body, `class="made-with"`) {
		t.Fatalf("free site: %d, branding shown: %v", res.StatusCode, strings.Contains(body, `class="made-with"`))
	}
}

var resetLinkRe = regexp.MustCompile(`http://localhost:8080(/password/reset/[A-Za-z0-9_-]+)`)

func TestPasswordResetThroughOutbox(t *testing.T) {
	app := newTestApp(t)
	app.signup("resetter", "reset@example.com")
	res := app.post("localhost:8080", "/password/forgot", url.Values{"email": {"Reset@Example.com"}})
	if body := readBody(t, res); res.StatusCode != http.StatusOK || !strings.Contains(body, "Check your e-mail") {
		t.Fatalf("forgot: %d", res.StatusCode)
	}
	// An unknown address gets the same answer and no mail.
	res = app.post("localhost:8080", "/password/forgot", url.Values{"email": {"nobody@example.com"}})
	if body := readBody(t, res); !strings.Contains(body, "Check your e-mail") {
		t.Fatal("unknown address answered differently")
	}
	ctx := context.Background()
	var text string
	eventually(t, "the reset mail in the outbox", func() bool {
		msgs, _, _ := app.app.Mail.Outbox(ctx, 10, 0)
		for _, m := range msgs {
			// The exact subject: the welcome mail to the same address is
			// "Your site Resetter is live", which a looser match also takes.
			if m.To == "reset@example.com" && m.Status == "kept" && m.Subject == "Reset your Pagecart password" {
				text = m.Text
				return true
			}
		}
		return false
	})
	if n := app.count(`SELECT COUNT(*) FROM mail_messages WHERE to_addr = 'nobody@example.com'`); n != 0 {
		t.Fatal("mail sent to an unknown address")
	}
	m := resetLinkRe.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no reset link in %q", text)
	}
	if res := app.get("localhost:8080", m[1]); res.StatusCode != http.StatusOK {
		t.Fatalf("reset page: %d", res.StatusCode)
	}
	if res := app.post("localhost:8080", m[1], url.Values{"password": {"short"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("weak new password: %d", res.StatusCode)
	}
	if res := app.post("localhost:8080", m[1], url.Values{"password": {"new-copper-meadow-77"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	// The link works once.
	if res := app.post("localhost:8080", m[1], url.Values{"password": {"other-copper-meadow-77"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("reused link: %d", res.StatusCode)
	}
	if res := app.post("localhost:8080", "/login", url.Values{"email": {"reset@example.com"}, "password": {"quiet-harbor-lantern-42"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("old password still works: %d", res.StatusCode)
	}
	if res := app.post("localhost:8080", "/login", url.Values{"email": {"reset@example.com"}, "password": {"new-copper-meadow-77"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new password: %d", res.StatusCode)
	}
}

func TestMaintenance(t *testing.T) {
	app := newTestApp(t)
	host := app.signup("busy-site", "m@example.com")
	other := app.signup("calm-site", "c@example.com")
	ctx := context.Background()
	site, _ := app.app.Sites.ByName(ctx, "busy-site")

	if err := app.app.Sites.SetMaintenance(ctx, site.ID, 300); err != nil {
		t.Fatal(err)
	}
	res := app.get(host, "/")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "300" {
		t.Fatalf("site maintenance: %d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	res = app.post(host, "/api/graphql", url.Values{})
	if body := readBody(t, res); res.StatusCode != http.StatusNotImplemented || !strings.Contains(body, `"code":"MAINTENANCE"`) {
		t.Fatalf("API in maintenance: %d %s", res.StatusCode, body)
	}
	if res := app.get(other, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("another site: %d", res.StatusCode)
	}

	if err := app.app.Operators.SetMaintenance(ctx, 120); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"localhost:8080", other} {
		res := app.get(h, "/")
		if body := readBody(t, res); res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "120" || !strings.Contains(body, "Back soon") {
			t.Fatalf("platform maintenance on %s: %d %q", h, res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
	// The operator console stays reachable to switch it off again.
	if res := app.get("localhost:8080", "/operator/login"); res.StatusCode != http.StatusOK {
		t.Fatalf("operator console during maintenance: %d", res.StatusCode)
	}
}

func TestHostsAndRedirects(t *testing.T) {
	app := newTestApp(t)
	app.signup("moved-site", "r@example.com")
	ctx := context.Background()
	site, _ := app.app.Sites.ByName(ctx, "moved-site")

	if res := app.get("nothing-here.localhost:8080", "/"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown site: %d", res.StatusCode)
	}
	res := app.do(http.MethodPost, "nothing-here.localhost:8080", "/api/graphql", url.Values{})
	if body := readBody(t, res); res.StatusCode != http.StatusNotFound || !strings.Contains(body, "SITE_NOT_FOUND") {
		t.Fatalf("unknown site API: %d %s", res.StatusCode, body)
	}
	if res := app.get("other.example", "/"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown domain: %d", res.StatusCode)
	}
	_, err := app.app.DB.Exec(ctx, `INSERT INTO domains (site_id, id, host, is_primary, verified_at, created_at) VALUES (?, ?, ?, TRUE, 1, 1)`,
		site.ID, sqldb.NewID(), "www.moved.example")
	if err != nil {
		t.Fatal(err)
	}
	// No domain operation exists yet (the domains issue adds it), so the
	// test announces its raw insert as that operation will.
	app.app.DB.Changed(ctx, site.ID)
	res = app.get("moved-site.localhost:8080", "/about?x=1")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "http://www.moved.example:8080/about?x=1" {
		t.Fatalf("GET to primary: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = app.post("moved-site.localhost:8080", "/api/graphql", url.Values{})
	if res.StatusCode != http.StatusPermanentRedirect {
		t.Fatalf("POST to primary: %d", res.StatusCode)
	}
	if res := app.get("www.moved.example:8080", "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("primary domain: %d", res.StatusCode)
	}
	res = app.get("www.moved.example:8080", "/")
	for _, h := range []string{"X-Request-Id", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if res.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A form posted from another website is refused before any handler runs.
func TestCrossOriginFormsAreRefused(t *testing.T) {
	app := newTestApp(t)
	host := app.signup("guarded", "g@example.com")
	req := httptest.NewRequest(http.MethodPost, "http://"+host+"/admin/settings", strings.NewReader("title=Hacked"))
	req.Host = host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	for _, c := range app.jars[host] {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	app.app.Server.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "another website") {
		t.Fatalf("cross-site POST: %d", rec.Code)
	}
	site, _ := app.app.Sites.ByName(context.Background(), "guarded")
	if site.Title == "Hacked" {
		t.Fatal("the cross-site form changed the site")
	}
}

// A suspended site is offline for visitors, but its owner can still log
// in to the admin and read why.
func TestSuspendedSiteKeepsItsAdmin(t *testing.T) {
	app := newTestApp(t)
	host := app.signup("suspended", "s@example.com")
	ctx := context.Background()
	site, _ := app.app.Sites.ByName(ctx, "suspended")
	if err := app.app.Sites.Suspend(ctx, site.ID, "reported as spam"); err != nil {
		t.Fatal(err)
	}
	if res := app.get(host, "/"); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("storefront of a suspended site: %d", res.StatusCode)
	}
	res := app.get(host, "/admin")
	if body := readBody(t, res); res.StatusCode != http.StatusOK || !strings.Contains(body, "reported as spam") {
		t.Fatalf("admin of a suspended site: %d", res.StatusCode)
	}
}

// A name looked up as a host before its site exists is served as soon as
// the site is created, not when the "unknown host" answer expires.
func TestNewSiteIsLiveEvenIfItsHostWasTriedBefore(t *testing.T) {
	app := newTestApp(t)
	if res := app.get("early-bird.localhost:8080", "/"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("before signup: %d", res.StatusCode)
	}
	host := app.signup("early-bird", "early@example.com")
	if res := app.get(host, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("right after signup: %d", res.StatusCode)
	}
}
