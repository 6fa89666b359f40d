package web_test

// Tests of what a new owner sees of their own site: which e-mail is
// published, the starter pages, the welcome and the checklist. They build
// the whole platform through internal/app and talk to it as a browser would.

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// ownerEmail is the address every site of these tests is signed up with:
// private, so it must never appear on the site itself.
const ownerEmail = "owner.private@example.net"

// openOwnerApp builds the whole platform on a fresh SQLite file.
func openOwnerApp(t *testing.T) *app.App {
	t.Helper()
	cfg, err := config.Load([]string{"-data-dir", t.TempDir(), "-addr", ":8080", "-demo=false"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(context.Background()) })
	return a
}

// createOwnedSite signs up a site with the design given ("" for the
// default); its owner logs in with email and ownerPassword.
func createOwnedSite(t *testing.T, a *app.App, name, email, design string) signup.Result {
	t.Helper()
	res, err := a.Signup.Create(context.Background(), signup.NewSite{Name: name, Email: email,
		Password: ownerPassword, Theme: design, Plan: plans.Trial})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

const ownerPassword = "plum orchard 1987"

// browser keeps one person's cookies for one host, as a browser would.
type browser struct {
	t       *testing.T
	a       *app.App
	host    string
	cookies map[string]string
}

func newBrowser(t *testing.T, a *app.App, host string) *browser {
	return &browser{t: t, a: a, host: host, cookies: map[string]string{}}
}

// page is an answer with its body read.
type page struct {
	status   int
	location string
	body     string
}

func (b *browser) do(method, target string, form url.Values) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, "http://"+b.host+target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.cookies {
		r.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	w := httptest.NewRecorder()
	b.a.Server.ServeHTTP(w, r)
	res := w.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	raw, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, location: res.Header.Get("Location"), body: string(raw)}
}

func (b *browser) get(target string) page { return b.do(http.MethodGet, target, nil) }
func (b *browser) post(target string, form url.Values) page {
	return b.do(http.MethodPost, target, form)
}

// login logs into the site's admin with the owner's password.
func (b *browser) login(email string) {
	b.t.Helper()
	res := b.post("/admin/login", url.Values{"email": {email}, "password": {ownerPassword}})
	if res.status != http.StatusSeeOther {
		b.t.Fatalf("admin login: %d\n%s", res.status, res.body)
	}
}

// settingsForm is the admin's settings form as the site has it now, with
// changes applied.
func settingsForm(public string) url.Values {
	return url.Values{"title": {"Crumb & Co."}, "contact_email": {ownerEmail}, "public_email": {public},
		"time_zone": {"Europe/Prague"}, "language": {"en"}, "currency": {"EUR"}}
}

// The owner's signup e-mail is private: no page of a new site shows it, and
// the footer shows exactly the public e-mail the owner saves, or none.
func TestStorefrontShowsOnlyThePublicEmail(t *testing.T) {
	a := openOwnerApp(t)
	createOwnedSite(t, a, "crumb", ownerEmail, "")
	owner := newBrowser(t, a, "crumb.localhost:8080")
	owner.login(ownerEmail)
	visitor := newBrowser(t, a, "crumb.localhost:8080")

	tests := []struct {
		name    string
		public  string // saved in the settings first; "-" saves nothing
		want    []string
		notWant []string
	}{
		{"new site", "-", nil, []string{ownerEmail, "mailto:"}},
		{"public e-mail set", "shop@crumb.example", []string{`<a href="mailto:shop@crumb.example">shop@crumb.example</a>`}, []string{ownerEmail}},
		{"public e-mail cleared", "", nil, []string{ownerEmail, "mailto:", "shop@crumb.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.public != "-" {
				if res := owner.post("/admin/settings", settingsForm(tt.public)); res.status != http.StatusSeeOther {
					t.Fatalf("save settings: %d\n%s", res.status, res.body)
				}
			}
			for _, path := range []string{"/", "/contact", "/about", "/no-such-page"} {
				res := visitor.get(path)
				for _, w := range tt.want {
					if !strings.Contains(res.body, w) {
						t.Errorf("%s lacks %q", path, w)
					}
				}
				for _, w := range tt.notWant {
					if strings.Contains(res.body, w) {
						t.Errorf("%s shows %q", path, w)
					}
				}
			}
		})
	}
}

// The settings offer the owner's address for the site with one click, and
// that click publishes nothing until the form is saved; a wrong address is
// refused with a message on its field.
func TestPublicEmailSuggestionIsNotPublishedUntilSaved(t *testing.T) {
	a := openOwnerApp(t)
	createOwnedSite(t, a, "crumb", ownerEmail, "")
	owner := newBrowser(t, a, "crumb.localhost:8080")
	owner.login(ownerEmail)

	res := owner.get("/admin/settings")
	for _, w := range []string{"E-mail shown on your site", `id="public_email" name="public_email" value=""`,
		`href="/admin/settings?use=suggestion#public_email">Use ` + ownerEmail} {
		if !strings.Contains(res.body, w) {
			t.Errorf("settings lack %q", w)
		}
	}
	res = owner.get("/admin/settings?use=suggestion")
	if !strings.Contains(res.body, `name="public_email" value="`+ownerEmail+`"`) || !strings.Contains(res.body, "Not on your site yet") {
		t.Errorf("the suggestion is not filled in:\n%s", res.body)
	}
	if got := newBrowser(t, a, "crumb.localhost:8080").get("/"); strings.Contains(got.body, ownerEmail) {
		t.Fatal("filling in the suggestion published it")
	}
	res = owner.post("/admin/settings", settingsForm("Crumb <shop@crumb.example>"))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "or leave it empty to show none") {
		t.Fatalf("bad public e-mail: %d", res.status)
	}
}

// A new site's pages, in every design, state no invented address, phone or
// e-mail and no dollar prices on a euro site; they carry the site's title,
// euro prices and visibly marked placeholders instead.
func TestNewSiteStarterPagesHoldNoFakeFacts(t *testing.T) {
	a := openOwnerApp(t)
	tests := []struct {
		design string
		want   map[string][]string // path → what it shows
	}{
		{"bakery", map[string][]string{
			"/":        {`<p class="eyebrow">Rosie Bakery · fresh every morning</p>`, `<p class="price">€7.50</p>`},
			"/menu":    {`<span class="price">€3.20</span>`},
			"/about":   {"Rosie Bakery is a small neighbourhood bakery"},
			"/contact": {`<span class="placeholder">[Your street and number]</span>`, `<span class="placeholder">[Your phone number]</span>`},
		}},
		{"studio", map[string][]string{
			"/contact": {`<span class="placeholder">[Your e-mail address]</span>`, `<span class="placeholder">[Your postcode and town]</span>`},
		}},
		{"journal", map[string][]string{
			"/contact": {`<span class="placeholder">[Your e-mail address]</span>`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.design, func(t *testing.T) {
			name := "rosie-" + tt.design
			createOwnedSite(t, a, name, tt.design+"."+ownerEmail, tt.design)
			visitor := newBrowser(t, a, name+".localhost:8080")
			site, err := a.Sites.ByName(context.Background(), name)
			if err != nil {
				t.Fatal(err)
			}
			all, err := a.Pages.List(context.Background(), site.ID, site.Entitlements())
			if err != nil || len(all) < 3 {
				t.Fatalf("starter pages: %d, %v", len(all), err)
			}
			for _, p := range all {
				res := visitor.get("/" + p.Slug)
				if res.status != http.StatusOK {
					t.Fatalf("/%s: %d", p.Slug, res.status)
				}
				main := mainOf(res.body)
				for _, bad := range []string{"example.com", "$", "mailto:", "tel:", ownerEmail} {
					if strings.Contains(main, bad) {
						t.Errorf("/%s shows %q", p.Slug, bad)
					}
				}
				for _, w := range tt.want["/"+p.Slug] {
					if !strings.Contains(main, w) {
						t.Errorf("/%s lacks %q", p.Slug, w)
					}
				}
			}
		})
	}
}

var mainRe = regexp.MustCompile(`(?s)<main.*</main>`)

// mainOf is the page's own content, without the design's header and footer.
func mainOf(html string) string { return mainRe.FindString(html) }

// The getting-started checklist ticks a step only for what the owner
// really did: the placeholders are gone from every page, and a public
// e-mail is set (saving other settings does not count).
func TestChecklistTicksOnlyWhatTheOwnerDid(t *testing.T) {
	a := openOwnerApp(t)
	createOwnedSite(t, a, "crumb", ownerEmail, "bakery")
	owner := newBrowser(t, a, "crumb.localhost:8080")
	owner.login(ownerEmail)
	site, _ := a.Sites.ByName(context.Background(), "crumb")

	fillIn := func() {
		all, err := a.Pages.List(context.Background(), site.ID, site.Entitlements())
		if err != nil {
			t.Fatal(err)
		}
		placeholder := regexp.MustCompile(`<span class="placeholder">\[[^\]]*\]</span>`)
		for _, p := range all {
			body := placeholder.ReplaceAllString(string(p.Body), "12 Mill Lane")
			if err := a.Pages.Update(context.Background(), site.ID, p.ID, site.Entitlements(),
				pages.Input{Slug: p.Slug, Title: p.Title, Body: body, InNav: p.InNav}); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		change func()
		done   []string
		todo   []string
	}{
		{"new site", func() {}, nil, []string{"Replace the placeholders in your pages", "Show an e-mail on your site"}},
		{"other settings saved", func() { owner.post("/admin/settings", settingsForm("")) }, nil, []string{"Show an e-mail on your site"}},
		{"public e-mail saved", func() { owner.post("/admin/settings", settingsForm("shop@crumb.example")) },
			[]string{"Show an e-mail on your site"}, []string{"Replace the placeholders in your pages"}},
		{"placeholders replaced", fillIn, []string{"Replace the placeholders in your pages", "Show an e-mail on your site"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			res := owner.get("/admin")
			for state, labels := range map[string][]string{"done": tt.done, "todo": tt.todo} {
				for _, l := range labels {
					if re := regexp.MustCompile(`<li class="` + state + `"><span><a href="[^"]*">` + regexp.QuoteMeta(l) + `</a>`); !re.MatchString(res.body) {
						t.Errorf("%q is not %s", l, state)
					}
				}
			}
		})
	}
}

// The welcome after signup is shown once: not again on reload, and not when
// the owner opens the admin from "My sites" later.
func TestWelcomeIsShownOnce(t *testing.T) {
	a := openOwnerApp(t)
	res := createOwnedSite(t, a, "crumb", ownerEmail, "")
	const welcome = "Welcome to your new site!"
	owner := newBrowser(t, a, "crumb.localhost:8080")

	sso := owner.get("/admin/sso?welcome=1&token=" + url.QueryEscape(res.LoginToken))
	if sso.status != http.StatusSeeOther || sso.location != "/admin" {
		t.Fatalf("sso: %d → %q", sso.status, sso.location)
	}
	steps := []struct {
		name    string
		path    string
		welcome bool
	}{
		{"first visit", "/admin", true},
		{"reload", "/admin", false},
		{"old address with the flag", "/admin?welcome=1", false},
	}
	for _, s := range steps {
		if got := strings.Contains(owner.get(s.path).body, welcome); got != s.welcome {
			t.Errorf("%s: welcome shown = %v", s.name, got)
		}
	}

	// Later, "Open the admin" in My sites hands over with a fresh token.
	platform := newBrowser(t, a, "localhost:8080")
	if r := platform.post("/login", url.Values{"email": {ownerEmail}, "password": {ownerPassword}}); r.status != http.StatusSeeOther {
		t.Fatalf("platform login: %d", r.status)
	}
	open := platform.post("/sites/"+strconv.FormatInt(res.Site.ID, 10)+"/open", url.Values{})
	target, err := url.Parse(open.location)
	if err != nil || target.Host != "crumb.localhost:8080" {
		t.Fatalf("open the admin: %d → %q", open.status, open.location)
	}
	again := newBrowser(t, a, "crumb.localhost:8080")
	if r := again.get(target.RequestURI()); r.status != http.StatusSeeOther {
		t.Fatalf("hand-over: %d", r.status)
	}
	if body := again.get("/admin").body; strings.Contains(body, welcome) || !strings.Contains(body, "Getting started") {
		t.Error("opening the admin again welcomed the owner again, or did not open the dashboard")
	}
}

// On a phone every admin menu item stays reachable: a long navigation is
// also drawn inside a <details> menu button that needs no JavaScript, and
// the plans come as one card per plan besides the wide table.
func TestAdminMenuAndPlansFitAPhone(t *testing.T) {
	a := openOwnerApp(t)
	createOwnedSite(t, a, "crumb", ownerEmail, "")
	owner := newBrowser(t, a, "crumb.localhost:8080")
	owner.login(ownerEmail)
	tests := []struct {
		path string
		want []string
	}{
		{"/admin", []string{`<body class="area-admin has-menu">`, `<details class="navmenu"><summary>Menu</summary>`}},
		{"/admin/plans", []string{`<div class="plan-cards">`, `aria-label="Choose Premium"`, `class="card table-wrap compare-wrap"`}},
		{"/admin/pages", []string{`<table class="stack">`, `<td data-label="Address">`}},
	}
	for _, tt := range tests {
		res := owner.get(tt.path)
		for _, w := range tt.want {
			if !strings.Contains(res.body, w) {
				t.Errorf("%s lacks %q", tt.path, w)
			}
		}
	}
	menu := owner.get("/admin").body
	menu = menu[strings.Index(menu, `<details class="navmenu">`):]
	menu = menu[:strings.Index(menu, "</details>")]
	for _, item := range []string{"Dashboard", "Pages", "Design", "Staff", "Settings", "Plan", "Account", "View site", "Log out"} {
		if !strings.Contains(menu, ">"+item) {
			t.Errorf("the menu button lacks %q", item)
		}
	}
}
