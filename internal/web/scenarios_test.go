package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/domains/dnstest"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The owner of site A, replaying A's admin cookie against site B, gets
// nothing of B: every admin page and form of B refuses them.
func TestOwnerCannotReachAnotherSite(t *testing.T) {
	h := apptest.New(t)
	owner := h.Browser()
	hostA := owner.SignUp("site-a", "a@example.com")
	hostB := h.Browser().SignUp("site-b", "b@example.com")
	owner.ReplayCookies(hostA, hostB)
	const refused = "You are logged in as a@example.com, which is not on the staff of Site B"

	var rows []apptest.Scenario
	for _, path := range []string{"/admin", "/admin/settings", "/admin/pages", "/admin/pages/new", "/admin/design",
		"/admin/staff", "/admin/plans", "/admin/account"} {
		rows = append(rows, apptest.Scenario{Name: "GET " + path, Host: hostB, Path: path, As: owner,
			ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}
	for _, post := range []struct {
		path string
		form url.Values
	}{
		{"/admin/settings", url.Values{"title": {"Hacked"}, "time_zone": {"UTC"}, "language": {"en"}, "currency": {"EUR"}}},
		{"/admin/pages/new", url.Values{"title": {"Hacked"}, "slug": {"hacked"}}},
		{"/admin/design", url.Values{"design": {"journal"}}},
		{"/admin/plans", url.Values{"plan": {"premium"}}},
		{"/admin/staff/invite", url.Values{"email": {"evil@example.com"}, "role": {"owner"}}},
	} {
		rows = append(rows, apptest.Scenario{Name: "POST " + post.path, Method: http.MethodPost, Host: hostB, Path: post.path,
			Form: post.form, As: owner, ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}
	ctx := context.Background()
	b, _ := h.App.Sites.ByName(ctx, "site-b")
	apptest.Run(t, h, rows)

	after := h.Site(b.ID)
	if after.Title != b.Title || after.Theme != b.Theme || after.RequestedPlan != "" {
		t.Fatalf("site B changed: %+v", after)
	}
	if n := h.Count(`SELECT COUNT(*) FROM pages WHERE site_id = ? AND slug = 'hacked'`, b.ID); n != 0 {
		t.Fatal("a page was created on B")
	}
	if n := h.Count(`SELECT COUNT(*) FROM invitations WHERE site_id = ?`, b.ID); n != 0 {
		t.Fatal("an invitation was created on B")
	}
	// A's own pages of B's page IDs are not found either.
	var pageB int64
	if err := h.App.DB.QueryRow(ctx, `SELECT id FROM pages WHERE site_id = ? LIMIT 1`, b.ID).Scan(&pageB); err != nil {
		t.Fatal(err)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "A opens B's page by ID on A's host", Host: hostA, Path: "/admin/pages/" + itoa(pageB), As: owner,
			ExpectStatus: http.StatusNotFound, ExpectContains: []string{"Page not found"}},
		{Name: "A deletes B's page by ID on A's host", Method: http.MethodPost, Host: hostA,
			Path: "/admin/pages/" + itoa(pageB) + "/delete", Form: url.Values{}, As: owner,
			ExpectStatus: http.StatusNotFound, ExpectContains: []string{"Page not found"}},
	})
	if n := h.Count(`SELECT COUNT(*) FROM pages WHERE site_id = ? AND id = ?`, b.ID, pageB); n != 1 {
		t.Fatal("B's page was deleted through A's host")
	}
}

func TestTrialExpiryKeepsDataAndShowsBranding(t *testing.T) {
	h := apptest.New(t)
	host := h.Browser().SignUp("short-trial", "t@example.com")
	visitor := h.Browser()
	ctx := context.Background()
	site, _ := h.App.Sites.ByName(ctx, "short-trial")
	pagesBefore := h.Count(`SELECT COUNT(*) FROM pages WHERE site_id = ?`, site.ID)
	if res := visitor.Get(host, "/"); res.Status != http.StatusOK || strings.Contains(res.Body, `class="made-with"`) {
		t.Fatalf("trial site: %d, shows the Pagecart footer: %v", res.Status, strings.Contains(res.Body, `class="made-with"`))
	}
	if _, err := h.App.DB.Exec(ctx, `UPDATE sites SET trial_ends_at = ? WHERE id = ?`,
		sqldb.Millis(time.Now().Add(-time.Minute)), site.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Queue.Insert(ctx, sites.ExpireTrialsArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	h.Eventually("the trial job", func() bool {
		s, _ := h.App.Sites.ByID(ctx, site.ID)
		return s.Plan == "free"
	})
	if n := h.Count(`SELECT COUNT(*) FROM pages WHERE site_id = ?`, site.ID); n != pagesBefore {
		t.Fatalf("pages %d → %d", pagesBefore, n)
	}
	// The job announced the change: the very next request sees it.
	res := visitor.Get(host, "/")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, `class="made-with"`) {
		t.Fatalf("free site: %d, branding shown: %v", res.Status, strings.Contains(res.Body, `class="made-with"`))
	}
}

var resetLinkRe = regexp.MustCompile(`http://localhost:8080(/password/reset/[A-Za-z0-9_-]+)`)

func TestPasswordResetThroughOutbox(t *testing.T) {
	h := apptest.New(t)
	h.Browser().SignUp("resetter", "reset@example.com")
	b := h.Browser()
	platform := h.PlatformHost()
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "forgot", Method: http.MethodPost, Host: platform, Path: "/password/forgot", As: b,
			Form: url.Values{"email": {"Reset@Example.com"}}, ExpectStatus: http.StatusOK, ExpectContains: []string{"Check your e-mail"}},
		// An unknown address gets the same answer and no mail.
		{Name: "unknown address", Method: http.MethodPost, Host: platform, Path: "/password/forgot", As: b,
			Form: url.Values{"email": {"nobody@example.com"}}, ExpectStatus: http.StatusOK, ExpectContains: []string{"Check your e-mail"}},
	})
	ctx := context.Background()
	var text string
	h.Eventually("the reset mail in the outbox", func() bool {
		msgs, _, _ := h.App.Mail.Outbox(ctx, 10, 0)
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
	if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE to_addr = 'nobody@example.com'`); n != 0 {
		t.Fatal("mail sent to an unknown address")
	}
	m := resetLinkRe.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no reset link in %q", text)
	}
	link := m[1]
	post := func(name, path string, form url.Values, status int) apptest.Scenario {
		return apptest.Scenario{Name: name, Method: http.MethodPost, Host: platform, Path: path, Form: form, As: b, ExpectStatus: status}
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "reset page", Host: platform, Path: link, As: b, ExpectStatus: http.StatusOK},
		post("weak new password", link, url.Values{"password": {"short"}}, http.StatusUnprocessableEntity),
		post("reset", link, url.Values{"password": {"new-copper-meadow-77"}}, http.StatusSeeOther),
		// The link works once.
		post("reused link", link, url.Values{"password": {"other-copper-meadow-77"}}, http.StatusUnprocessableEntity),
		post("old password", "/login", url.Values{"email": {"reset@example.com"}, "password": {apptest.Password}}, http.StatusUnprocessableEntity),
		post("new password", "/login", url.Values{"email": {"reset@example.com"}, "password": {"new-copper-meadow-77"}}, http.StatusSeeOther),
	})
}

func TestMaintenance(t *testing.T) {
	h := apptest.New(t)
	host := h.Browser().SignUp("busy-site", "m@example.com")
	other := h.Browser().SignUp("calm-site", "c@example.com")
	ctx := context.Background()
	site, _ := h.App.Sites.ByName(ctx, "busy-site")

	if err := h.App.Sites.SetMaintenance(ctx, site.ID, 300); err != nil {
		t.Fatal(err)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "site in maintenance", Host: host, Path: "/",
			ExpectStatus: http.StatusServiceUnavailable, ExpectHeader: map[string]string{"Retry-After": "300"}},
		{Name: "API in maintenance", Method: http.MethodPost, Host: host, Path: "/api/graphql", Form: url.Values{},
			ExpectStatus: http.StatusNotImplemented, ExpectContains: []string{`"code":"MAINTENANCE"`}},
		{Name: "another site", Host: other, Path: "/", ExpectStatus: http.StatusOK},
	})

	if err := h.App.Operators.SetMaintenance(ctx, 120); err != nil {
		t.Fatal(err)
	}
	var rows []apptest.Scenario
	for _, on := range []string{h.PlatformHost(), other} {
		rows = append(rows, apptest.Scenario{Name: "platform maintenance on " + on, Host: on, Path: "/",
			ExpectStatus: http.StatusServiceUnavailable, ExpectHeader: map[string]string{"Retry-After": "120"},
			ExpectContains: []string{"Back soon"}})
	}
	// The operator console stays reachable to switch it off again.
	rows = append(rows, apptest.Scenario{Name: "operator console during maintenance", Host: h.PlatformHost(),
		Path: "/operator/login", ExpectStatus: http.StatusOK})
	apptest.Run(t, h, rows)
}

func TestHostsAndRedirects(t *testing.T) {
	dnsSrv := dnstest.Start(t)
	h := apptest.New(t, func(c *config.Config) { c.DNSResolver = dnsSrv.Addr })
	h.Browser().SignUp("moved-site", "r@example.com")
	ctx := context.Background()
	site, _ := h.App.Sites.ByName(ctx, "moved-site")

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "unknown site", Host: "nothing-here.localhost:8080", Path: "/", ExpectStatus: http.StatusNotFound},
		{Name: "unknown site API", Method: http.MethodPost, Host: "nothing-here.localhost:8080", Path: "/api/graphql",
			Form: url.Values{}, ExpectStatus: http.StatusNotFound, ExpectContains: []string{"SITE_NOT_FOUND"}},
		{Name: "unknown domain", Host: "other.example", Path: "/", ExpectStatus: http.StatusNotFound},
	})
	// The domain is connected as an owner does it: added, its records
	// created at the DNS provider, checked, made primary.
	added, err := h.App.Domains.Add(ctx, site.ID, "www.moved.example", false)
	if err != nil {
		t.Fatal(err)
	}
	www := added[0]
	dnsSrv.Set(www.Host, dns.TypeCNAME, "moved-site.localhost")
	for _, r := range www.Records {
		if r.Type == "TXT" {
			dnsSrv.Set(r.Name, dns.TypeTXT, r.Value)
		}
	}
	if d, err := h.App.Domains.Check(ctx, site.ID, www.ID); err != nil || !d.Verified() {
		t.Fatalf("check: %+v %v", d.Records, err)
	}
	if err := h.App.Domains.SetPrimary(ctx, site.ID, www.ID); err != nil {
		t.Fatal(err)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "GET to primary", Host: "moved-site.localhost:8080", Path: "/about?x=1", ExpectStatus: http.StatusMovedPermanently,
			ExpectHeader: map[string]string{"Location": "http://www.moved.example:8080/about?x=1"}},
		{Name: "HEAD to primary", Method: http.MethodHead, Host: "moved-site.localhost:8080", Path: "/", ExpectStatus: http.StatusMovedPermanently,
			ExpectHeader: map[string]string{"Location": "http://www.moved.example:8080/"}},
		{Name: "POST to primary", Method: http.MethodPost, Host: "moved-site.localhost:8080", Path: "/api/graphql",
			Form: url.Values{}, ExpectStatus: http.StatusPermanentRedirect,
			ExpectHeader: map[string]string{"Location": "http://www.moved.example:8080/api/graphql"}},
		{Name: "primary domain", Host: "www.moved.example:8080", Path: "/", ExpectStatus: http.StatusOK,
			ExpectHeader: map[string]string{"X-Request-Id": apptest.Present, "Content-Security-Policy": apptest.Present,
				"X-Content-Type-Options": apptest.Present, "Referrer-Policy": apptest.Present}},
		// The admin stays on the site's own address (see Server.route).
		{Name: "admin on the own address", Host: "moved-site.localhost:8080", Path: "/admin/login", ExpectStatus: http.StatusOK},
		{Name: "admin assets on the own address", Host: "moved-site.localhost:8080", Path: "/_ui/app.css", ExpectStatus: http.StatusOK},
		{Name: "admin on the domain", Host: "www.moved.example:8080", Path: "/admin/pages?x=1", ExpectStatus: http.StatusMovedPermanently,
			ExpectHeader: map[string]string{"Location": "http://moved-site.localhost:8080/admin/pages?x=1"}},
	})

	// A plan without own domains keeps only the site's own address.
	if err := h.App.Sites.SetPlan(ctx, site.ID, plans.Free); err != nil {
		t.Fatal(err)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "Free: domain off", Host: "www.moved.example:8080", Path: "/", ExpectStatus: http.StatusNotFound},
		{Name: "Free: own address serves", Host: "moved-site.localhost:8080", Path: "/", ExpectStatus: http.StatusOK},
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A form posted from another website is refused before any handler runs.
func TestCrossOriginFormsAreRefused(t *testing.T) {
	h := apptest.New(t)
	owner := h.Browser()
	host := owner.SignUp("guarded", "g@example.com")
	apptest.Run(t, h, []apptest.Scenario{{
		Name: "cross-site POST", Method: http.MethodPost, Host: host, Path: "/admin/settings", As: owner,
		Form:         url.Values{"title": {"Hacked"}},
		Header:       http.Header{"Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}},
		ExpectStatus: http.StatusForbidden, ExpectContains: []string{"another website"},
		After: func(t *testing.T, h *apptest.Harness) {
			site, _ := h.App.Sites.ByName(context.Background(), "guarded")
			if site.Title == "Hacked" {
				t.Fatal("the cross-site form changed the site")
			}
		},
	}})
}

// A suspended site is offline for visitors, but its owner can still log
// in to the admin and read why.
func TestSuspendedSiteKeepsItsAdmin(t *testing.T) {
	h := apptest.New(t)
	owner := h.Browser()
	host := owner.SignUp("suspended", "s@example.com")
	ctx := context.Background()
	site, _ := h.App.Sites.ByName(ctx, "suspended")
	if err := h.App.Sites.Suspend(ctx, site.ID, "reported as spam"); err != nil {
		t.Fatal(err)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "storefront", Host: host, Path: "/", ExpectStatus: http.StatusServiceUnavailable},
		{Name: "admin", Host: host, Path: "/admin", As: owner, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"reported as spam"}},
	})
}

// A name looked up as a host before its site exists is served as soon as
// the site is created, not when the "unknown host" answer expires.
func TestNewSiteIsLiveEvenIfItsHostWasTriedBefore(t *testing.T) {
	h := apptest.New(t)
	apptest.Run(t, h, []apptest.Scenario{{Name: "before signup", Host: "early-bird.localhost:8080", Path: "/",
		ExpectStatus: http.StatusNotFound}})
	host := h.Browser().SignUp("early-bird", "early@example.com")
	apptest.Run(t, h, []apptest.Scenario{{Name: "right after signup", Host: host, Path: "/", ExpectStatus: http.StatusOK}})
}
