package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
)

func TestPagesCreateEditDelete(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)
	b.login(owner.Email)
	expect(t, b.get("/admin/pages"), http.StatusOK, "Menu", "/about", `<span class="badge">Home</span>`)

	// Bad input keeps what was typed.
	res := b.post("/admin/pages/new", url.Values{"title": {""}, "body": {"<p>Kept</p>"}})
	expect(t, res, http.StatusUnprocessableEntity, "Give the page a title.", "&lt;p&gt;Kept&lt;/p&gt;")
	res = b.post("/admin/pages/new", url.Values{"title": {"Menu"}, "slug": {"menu"}})
	expect(t, res, http.StatusUnprocessableEntity, "Another page already has this address.")

	// The address is made from the title; scripts are removed.
	res = b.post("/admin/pages/new", url.Values{"title": {"Opening Hours!"}, "in_nav": {"on"},
		"body": {`<p>Mon–Fri 7–18</p><script>alert(1)</script>`}})
	expect(t, b.follow(res), http.StatusOK, "Page “Opening Hours!” created. It is live at /opening-hours.")
	p, err := app.d.Pages.BySlug(app.ctx, site.ID, "opening-hours")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(p.Body), "script") || !p.InNav {
		t.Fatalf("stored page: %+v", p)
	}
	edit := fmt.Sprintf("/admin/pages/%d", p.ID)
	expect(t, b.get(edit), http.StatusOK, `value="Opening Hours!"`, `value="opening-hours"`, "Scripts")

	res = b.post(edit, url.Values{"title": {"Hours"}, "slug": {"Bad Slug"}, "body": {"x"}})
	expect(t, res, http.StatusUnprocessableEntity, "Use only letters a–z, digits and hyphens.", `value="Hours"`)
	res = b.post(edit, url.Values{"title": {"Hours"}, "slug": {"hours"}, "body": {"<p>Daily</p>"}})
	expect(t, b.follow(res), http.StatusOK, "Page saved.")
	if p, _ = app.d.Pages.ByID(app.ctx, site.ID, p.ID); p.Slug != "hours" || p.InNav {
		t.Fatalf("after edit: %+v", p)
	}

	// The home page keeps its empty address whatever is posted.
	home, _ := app.d.Pages.BySlug(app.ctx, site.ID, "")
	res = b.post(fmt.Sprintf("/admin/pages/%d", home.ID), url.Values{"title": {"Welcome"}, "slug": {"home"}, "body": {"<p>Hi</p>"}})
	expect(t, res, http.StatusSeeOther)
	if home, _ = app.d.Pages.ByID(app.ctx, site.ID, home.ID); home.Slug != "" || home.Title != "Welcome" {
		t.Fatalf("home after edit: %+v", home)
	}
	expect(t, b.get("/admin"), http.StatusOK, `<li class="done"><span><a href="/admin/pages/`+fmt.Sprint(home.ID))
	expect(t, b.get(fmt.Sprintf("/admin/pages/%d/delete", home.ID)), http.StatusBadRequest, "The home page cannot be deleted")

	// Deleting asks first, without JavaScript too.
	del := edit + "/delete"
	expect(t, b.get(del), http.StatusOK, "Delete the page “Hours”?", `name="confirmed" value="1"`)
	expect(t, b.post(del, nil), http.StatusOK, "Delete the page “Hours”?")
	if _, err := app.d.Pages.ByID(app.ctx, site.ID, p.ID); err != nil {
		t.Fatalf("deleted without confirmation: %v", err)
	}
	res = b.post(del, url.Values{"confirmed": {"1"}})
	expect(t, b.follow(res), http.StatusOK, "Page “Hours” deleted.")
	if _, err := app.d.Pages.ByID(app.ctx, site.ID, p.ID); err == nil {
		t.Fatal("page still there")
	}
	expect(t, b.get(edit), http.StatusNotFound)
	expect(t, b.get("/admin/pages/abc"), http.StatusNotFound)
}

func TestPagesAboveThePlanAreReadOnly(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	var newest pages.Page
	for i := range 3 {
		var err error
		newest, err = app.d.Pages.Create(app.ctx, site.ID, plans.MustGet(plans.Premium),
			pages.Input{Title: fmt.Sprintf("Extra %d", i), Slug: fmt.Sprintf("extra-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := app.d.Sites.SetPlan(app.ctx, site.ID, plans.Free); err != nil {
		t.Fatal(err)
	}
	b := app.browser(site)
	b.login(owner.Email)
	expect(t, b.get("/admin/pages"), http.StatusOK, "2 pages are read-only.", "The Free plan allows 5 pages",
		`<span class="badge warn">Read-only</span>`)
	expect(t, b.get("/admin/pages/new"), http.StatusOK)
	res := b.post("/admin/pages/new", url.Values{"title": {"One more"}})
	expect(t, res, http.StatusUnprocessableEntity, "Your plan allows 5 pages.")

	edit := fmt.Sprintf("/admin/pages/%d", newest.ID)
	expect(t, b.get(edit), http.StatusOK, "is read-only", "<fieldset class=\"plain\" disabled>")
	res = b.post(edit, url.Values{"title": {"Changed"}, "slug": {"extra-2"}})
	expect(t, res, http.StatusUnprocessableEntity, "This page is above your plan&#39;s page limit and is read-only.")
	if p, _ := app.d.Pages.ByID(app.ctx, site.ID, newest.ID); p.Title != "Extra 2" {
		t.Fatalf("read-only page changed: %+v", p)
	}
	// Deleting is how an owner gets back under the limit.
	res = b.post(edit+"/delete", url.Values{"confirmed": {"1"}})
	expect(t, b.follow(res), http.StatusOK, "1 page is read-only.")
}
