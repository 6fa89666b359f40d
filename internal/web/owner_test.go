package web_test

// Tests of what a new owner sees of their own site: which e-mail is
// published, the starter pages, the welcome and the checklist.

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// ownerEmail is the address every site of these tests is signed up with:
// private, so it must never appear on the site itself.
const ownerEmail = "owner.private@example.net"

// settingsForm is the admin's settings form as the site has it now, with
// the public e-mail given.
func settingsForm(public string) url.Values {
	return url.Values{"title": {"Crumb & Co."}, "contact_email": {ownerEmail}, "public_email": {public},
		"time_zone": {"Europe/Prague"}, "language": {"en"}, "currency": {"EUR"}}
}

// saveSettings saves the settings form as b, failing t unless it is saved.
func saveSettings(t testing.TB, b *apptest.Browser, host, public string) {
	t.Helper()
	if res := b.Post(host, "/admin/settings", settingsForm(public)); res.Status != http.StatusSeeOther {
		t.Fatalf("save settings: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
}

// The owner's signup e-mail is private: no page of a new site shows it, and
// the footer shows exactly the public e-mail the owner saves, or none.
func TestStorefrontShowsOnlyThePublicEmail(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("crumb", ownerEmail)
	host := h.SiteHost(site.Name)
	owner := h.Login(host, ownerEmail)
	visitor := h.Browser()

	var rows []apptest.Scenario
	for _, c := range []struct {
		name    string
		public  string // saved in the settings first; "-" saves nothing
		want    []string
		notWant []string
	}{
		{"new site", "-", nil, []string{ownerEmail, "mailto:"}},
		{"public e-mail set", "shop@crumb.example", []string{`<a href="mailto:shop@crumb.example">shop@crumb.example</a>`}, []string{ownerEmail}},
		{"public e-mail cleared", "", nil, []string{ownerEmail, "mailto:", "shop@crumb.example"}},
	} {
		for i, path := range []string{"/", "/contact", "/about", "/no-such-page"} {
			row := apptest.Scenario{Name: c.name + " " + path, Host: host, Path: path, As: visitor,
				ExpectStatus: http.StatusOK, ExpectContains: c.want, ExpectNotContains: c.notWant}
			if path == "/no-such-page" {
				row.ExpectStatus = http.StatusNotFound
			}
			if i == 0 && c.public != "-" {
				public := c.public
				row.Before = func(t *testing.T, h *apptest.Harness) { saveSettings(t, owner, host, public) }
			}
			rows = append(rows, row)
		}
	}
	apptest.Run(t, h, rows)
}

// The settings offer the owner's address for the site with one click, and
// that click publishes nothing until the form is saved; a wrong address is
// refused with a message on its field.
func TestPublicEmailSuggestionIsNotPublishedUntilSaved(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("crumb", ownerEmail)
	host := h.SiteHost(site.Name)
	owner := h.Login(host, ownerEmail)

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "settings", Host: host, Path: "/admin/settings", As: owner, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"E-mail shown on your site", `id="public_email" name="public_email" value=""`,
				`href="/admin/settings?use=suggestion#public_email">Use ` + ownerEmail}},
		{Name: "suggestion filled in", Host: host, Path: "/admin/settings?use=suggestion", As: owner, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`name="public_email" value="` + ownerEmail + `"`, "Not on your site yet"}},
		{Name: "not published by filling it in", Host: host, Path: "/", ExpectStatus: http.StatusOK,
			ExpectNotContains: []string{ownerEmail}},
		{Name: "bad public e-mail", Method: http.MethodPost, Host: host, Path: "/admin/settings", As: owner,
			Form: settingsForm("Crumb <shop@crumb.example>"), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"or leave it empty to show none"}},
		{Name: "nothing published by the refused form", Host: host, Path: "/", ExpectStatus: http.StatusOK,
			ExpectNotContains: []string{ownerEmail, "shop@crumb.example", "mailto:"}},
	})
}

// A new site's pages, in every design, state no invented address, phone or
// e-mail and no dollar prices on a euro site; they carry the site's title,
// euro prices and visibly marked placeholders instead.
func TestNewSiteStarterPagesHoldNoFakeFacts(t *testing.T) {
	h := apptest.New(t)
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
	// The sites are made here, on the test's goroutine, as the harness asks.
	hosts := map[string]string{}
	for _, tt := range tests {
		site, _ := h.NewSiteWith("rosie-"+tt.design, tt.design+"."+ownerEmail, tt.design)
		if site.Theme != tt.design {
			t.Fatalf("site %s has design %q, want %q", site.Name, site.Theme, tt.design)
		}
		hosts[tt.design] = h.SiteHost(site.Name)
	}
	for _, tt := range tests {
		t.Run(tt.design, func(t *testing.T) {
			site, err := h.App.Sites.ByName(t.Context(), "rosie-"+tt.design)
			if err != nil {
				t.Fatal(err)
			}
			all, err := h.App.Pages.List(t.Context(), site.ID, site.Entitlements())
			if err != nil || len(all) < 3 {
				t.Fatalf("starter pages: %d, %v", len(all), err)
			}
			visitor := h.Browser()
			seen := map[string]bool{}
			for _, p := range all {
				path := "/" + p.Slug
				seen[path] = true
				res := visitor.Get(hosts[tt.design], path)
				if res.Status != http.StatusOK {
					t.Fatalf("%s: %d", path, res.Status)
				}
				main := mainOf(res.Body)
				if main == "" {
					t.Fatalf("%s has no <main>", path)
				}
				for _, bad := range []string{"example.com", "$", "mailto:", "tel:", ownerEmail} {
					if strings.Contains(main, bad) {
						t.Errorf("%s shows %q", path, bad)
					}
				}
				for _, w := range tt.want[path] {
					if !strings.Contains(main, w) {
						t.Errorf("%s lacks %q", path, w)
					}
				}
			}
			for path := range tt.want {
				if !seen[path] {
					t.Errorf("the %s design has no starter page %s", tt.design, path)
				}
			}
		})
	}
}

var mainRe = regexp.MustCompile(`(?s)<main.*</main>`)

// mainOf is the page's own content, without the design's header and footer.
func mainOf(html string) string { return mainRe.FindString(html) }

// checklistItem matches a dashboard checklist item with its state
// ("done" or "todo") and label.
func checklistItem(state, label string) *regexp.Regexp {
	return regexp.MustCompile(`<li class="` + state + `"><span><a href="[^"]*">` + regexp.QuoteMeta(label) + `</a>`)
}

// The getting-started checklist ticks a step only for what the owner
// really did: the placeholders are gone from every page, a public e-mail
// is set (saving other settings does not count) and a first product is
// added; a plan without a shop asks for a plan with one instead.
func TestChecklistTicksOnlyWhatTheOwnerDid(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, _ := h.NewSiteWith("crumb", ownerEmail, "bakery")
	host := h.SiteHost(site.Name)
	owner := h.Login(host, ownerEmail)

	const (
		placeholders = "Replace the placeholders in your pages"
		email        = "Show an e-mail on your site"
		product      = "Add your first product"
		shopPlan     = "Choose a plan with a shop"
	)
	fillIn := func(t *testing.T) {
		all, err := h.App.Pages.List(ctx, site.ID, site.Entitlements())
		if err != nil {
			t.Fatal(err)
		}
		// Pages are sections: the owner types over every "[…]" in the
		// editor and publishes.
		placeholder := regexp.MustCompile(`<span class=\\"placeholder\\">\[[^\]]*\]</span>|\[[^\]"]*\]`)
		for _, p := range all {
			data := placeholder.ReplaceAll(p.Sections, []byte("12 Mill Lane"))
			if err := h.App.Pages.SaveDraft(ctx, site.ID, p.ID, 0, data); err != nil {
				t.Fatal(err)
			}
			if _, err := h.App.Pages.Publish(ctx, site.ID, p.ID, 0); err != nil && !errors.Is(err, pages.ErrNoDraft) {
				t.Fatal(err)
			}
		}
	}
	addProduct := func(t *testing.T) {
		if _, err := h.App.Catalog.CreateProduct(ctx, site.ID, site.Entitlements(), catalog.ProductInput{Title: "Sourdough loaf",
			Price: 450, Currency: "EUR", Status: catalog.StatusActive, Variants: []catalog.VariantInput{{Price: 450}}}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name       string
		change     func(t *testing.T)
		done, todo []string
	}{
		{"new site", func(*testing.T) {}, nil, []string{placeholders, email, product}},
		{"other settings saved", func(t *testing.T) { saveSettings(t, owner, host, "") }, nil, []string{email}},
		{"public e-mail saved", func(t *testing.T) { saveSettings(t, owner, host, "shop@crumb.example") },
			[]string{email}, []string{placeholders, product}},
		{"placeholders replaced", fillIn, []string{placeholders, email}, []string{product}},
		{"first product added", addProduct, []string{placeholders, email, product}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change(t)
			res := owner.Get(host, "/admin")
			apptest.Expect(t, res, http.StatusOK, "Getting started")
			checkChecklist(t, res.Body, tt.done, tt.todo)
			// A trial has a shop: it never asks for a plan with one.
			if strings.Contains(res.Body, shopPlan) {
				t.Errorf("a trial site is asked to %q", shopPlan)
			}
		})
	}

	// On the Free plan there is no shop: the step asks for a plan with one,
	// and no product is asked for.
	free, _ := h.NewSiteWith("plain", "plain."+ownerEmail, "bakery")
	if err := h.App.Sites.SetPlan(ctx, free.ID, plans.Free); err != nil {
		t.Fatal(err)
	}
	freeHost := h.SiteHost(free.Name)
	res := h.Login(freeHost, "plain."+ownerEmail).Get(freeHost, "/admin")
	apptest.Expect(t, res, http.StatusOK, "Getting started", `<a href="/admin/plans">`+shopPlan+`</a>`)
	checkChecklist(t, res.Body, nil, []string{shopPlan})
	if strings.Contains(res.Body, product) {
		t.Errorf("a Free site is asked to %q", product)
	}
}

// checkChecklist fails t unless every label of done and of todo is a
// checklist item in that state on the dashboard.
func checkChecklist(t *testing.T, body string, done, todo []string) {
	t.Helper()
	for state, labels := range map[string][]string{"done": done, "todo": todo} {
		other := map[string]string{"done": "todo", "todo": "done"}[state]
		for _, l := range labels {
			if !checklistItem(state, l).MatchString(body) || checklistItem(other, l).MatchString(body) {
				t.Errorf("%q is not %s", l, state)
			}
		}
	}
}

// The welcome after signup is shown once: not again on reload, and not when
// the owner opens the admin from "My sites" later.
func TestWelcomeIsShownOnce(t *testing.T) {
	h := apptest.New(t)
	// Made through the signup service for its login token, as the signup
	// form hands it over.
	created, err := h.App.Signup.Create(t.Context(), signup.NewSite{Name: "crumb", Email: ownerEmail,
		Password: apptest.Password, Plan: plans.Trial})
	if err != nil {
		t.Fatal(err)
	}
	host := h.SiteHost(created.Site.Name)
	const welcome = "Welcome to your new site!"
	owner := h.Browser()

	sso := owner.Get(host, "/admin/sso?welcome=1&token="+url.QueryEscape(created.LoginToken))
	if sso.Status != http.StatusSeeOther || sso.Location != "/admin" {
		t.Fatalf("sso: %d → %q", sso.Status, sso.Location)
	}
	var rows []apptest.Scenario
	for _, s := range []struct {
		name    string
		path    string
		welcome bool
	}{
		{"first visit", "/admin", true},
		{"reload", "/admin", false},
		{"old address with the flag", "/admin?welcome=1", false},
	} {
		row := apptest.Scenario{Name: s.name, Host: host, Path: s.path, As: owner, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Getting started"}}
		if s.welcome {
			row.ExpectContains = append(row.ExpectContains, welcome)
		} else {
			row.ExpectNotContains = []string{welcome}
		}
		rows = append(rows, row)
	}
	apptest.Run(t, h, rows)

	// Later, "Open the admin" in My sites hands over with a fresh token.
	platform := h.Login(h.PlatformHost(), ownerEmail)
	open := platform.Post(h.PlatformHost(), "/sites/"+strconv.FormatInt(created.Site.ID, 10)+"/open", nil)
	target, err := url.Parse(open.Location)
	if err != nil || open.Status != http.StatusSeeOther || target.Host != host {
		t.Fatalf("open the admin: %d → %q", open.Status, open.Location)
	}
	again := h.Browser()
	if r := again.Follow(h.PlatformHost(), open); r.Status != http.StatusSeeOther {
		t.Fatalf("hand-over: %d", r.Status)
	}
	res := again.Get(host, "/admin")
	apptest.Expect(t, res, http.StatusOK, "Getting started")
	if strings.Contains(res.Body, welcome) {
		t.Error("opening the admin again welcomed the owner again")
	}
}

// On a phone every admin menu item stays reachable: a long navigation is
// also drawn inside a <details> menu button that needs no JavaScript, and
// the plans come as one card per plan besides the wide table.
func TestAdminMenuAndPlansFitAPhone(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("crumb", ownerEmail)
	host := h.SiteHost(site.Name)
	owner := h.Login(host, ownerEmail)
	var rows []apptest.Scenario
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/admin", []string{`<body class="area-admin has-menu">`, `<details class="navmenu"><summary>Menu</summary>`}},
		{"/admin/plans", []string{`<div class="plan-cards">`, `aria-label="Choose Premium"`, `class="card table-wrap compare-wrap"`}},
		{"/admin/pages", []string{`<table class="stack">`, `<td data-label="Address">`}},
	} {
		rows = append(rows, apptest.Scenario{Name: c.path, Host: host, Path: c.path, As: owner,
			ExpectStatus: http.StatusOK, ExpectContains: c.want})
	}
	apptest.Run(t, h, rows)

	menu := owner.Get(host, "/admin").Body
	start := strings.Index(menu, `<details class="navmenu">`)
	if start < 0 {
		t.Fatal("the dashboard has no menu button")
	}
	menu = menu[start:]
	end := strings.Index(menu, "</details>")
	if end < 0 {
		t.Fatal("the menu button is not closed")
	}
	menu = menu[:end]
	for _, item := range []string{"Dashboard", "Pages", "Design", "Staff", "Settings", "Plan", "Account", "View site", "Log out"} {
		if !strings.Contains(menu, ">"+item) {
			t.Errorf("the menu button lacks %q", item)
		}
	}
}
