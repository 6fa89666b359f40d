package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
)

func TestPagesCreateEditDelete(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	apptest.Expect(t, b.Get(host, "/admin/pages"), http.StatusOK, "Menu", "/about", `<span class="badge">Home</span>`)

	// Bad input keeps what was typed.
	res := b.Post(host, "/admin/pages/new", url.Values{"title": {""}, "body": {"<p>Kept</p>"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Give the page a title.", "&lt;p&gt;Kept&lt;/p&gt;")
	res = b.Post(host, "/admin/pages/new", url.Values{"title": {"Menu"}, "slug": {"menu"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Another page already has this address.")

	// The address is made from the title; scripts are removed.
	res = b.Post(host, "/admin/pages/new", url.Values{"title": {"Opening Hours!"}, "in_nav": {"on"},
		"body": {`<p>Mon–Fri 7–18</p><script>alert(1)</script>`}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Page “Opening Hours!” created. It is live at /opening-hours.")
	p, err := h.App.Pages.BySlug(ctx, site.ID, "opening-hours")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(p.Body), "script") || !p.InNav {
		t.Fatalf("stored page: %+v", p)
	}
	edit := fmt.Sprintf("/admin/pages/%d", p.ID)
	apptest.Expect(t, b.Get(host, edit+"?form=html"), http.StatusOK, `value="Opening Hours!"`, `value="opening-hours"`, "the page editor")

	res = b.Post(host, edit, url.Values{"title": {"Hours"}, "slug": {"Bad Slug"}, "body": {"x"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Use only letters a–z, digits and hyphens.", `value="Hours"`)
	res = b.Post(host, edit, url.Values{"title": {"Hours"}, "slug": {"hours"}, "body": {"<p>Daily</p>"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Page saved.")
	if p, _ = h.App.Pages.ByID(ctx, site.ID, p.ID); p.Slug != "hours" || p.InNav {
		t.Fatalf("after edit: %+v", p)
	}

	// The home page keeps its empty address whatever is posted.
	home, _ := h.App.Pages.BySlug(ctx, site.ID, "")
	res = b.Post(host, fmt.Sprintf("/admin/pages/%d", home.ID), url.Values{"title": {"Welcome"}, "slug": {"home"}, "body": {"<p>Hi</p>"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	if home, _ = h.App.Pages.ByID(ctx, site.ID, home.ID); home.Slug != "" || home.Title != "Welcome" {
		t.Fatalf("home after edit: %+v", home)
	}
	apptest.Expect(t, b.Get(host, "/admin"), http.StatusOK, `<li class="done"><span><a href="/admin/pages/`+fmt.Sprint(home.ID))
	apptest.Expect(t, b.Get(host, fmt.Sprintf("/admin/pages/%d/delete", home.ID)), http.StatusBadRequest, "The home page cannot be deleted")

	// Deleting asks first, without JavaScript too.
	del := edit + "/delete"
	apptest.Expect(t, b.Get(host, del), http.StatusOK, "Delete the page “Hours”?", `name="confirmed" value="1"`)
	apptest.Expect(t, b.Post(host, del, nil), http.StatusOK, "Delete the page “Hours”?")
	if _, err := h.App.Pages.ByID(ctx, site.ID, p.ID); err != nil {
		t.Fatalf("deleted without confirmation: %v", err)
	}
	res = b.Post(host, del, url.Values{"confirmed": {"1"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Page “Hours” deleted.")
	if _, err := h.App.Pages.ByID(ctx, site.ID, p.ID); err == nil {
		t.Fatal("page still there")
	}
	apptest.Expect(t, b.Get(host, edit), http.StatusNotFound)
	apptest.Expect(t, b.Get(host, "/admin/pages/abc"), http.StatusNotFound)
}

func TestPagesAboveThePlanAreReadOnly(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	var newest pages.Page
	for i := range 3 {
		var err error
		newest, err = h.App.Pages.Create(ctx, site.ID, plans.MustGet(plans.Premium),
			pages.Input{Title: fmt.Sprintf("Extra %d", i), Slug: fmt.Sprintf("extra-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := h.App.Sites.SetPlan(ctx, site.ID, plans.Free); err != nil {
		t.Fatal(err)
	}
	b := h.Login(host, owner.Email)
	apptest.Expect(t, b.Get(host, "/admin/pages"), http.StatusOK, "2 pages are read-only.", "The Free plan allows 5 pages",
		`<span class="badge warn">Read-only</span>`)
	apptest.Expect(t, b.Get(host, "/admin/pages/new"), http.StatusOK)
	res := b.Post(host, "/admin/pages/new", url.Values{"title": {"One more"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Your plan allows 5 pages.")

	edit := fmt.Sprintf("/admin/pages/%d", newest.ID)
	apptest.Expect(t, b.Get(host, edit+"?form=html"), http.StatusOK, "is read-only", "<fieldset class=\"plain\" disabled>")
	apptest.Expect(t, b.Get(host, edit), http.StatusOK, "is read-only", `<button type="submit" disabled>Publish</button>`)
	res = b.Post(host, edit, url.Values{"title": {"Changed"}, "slug": {"extra-2"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "This page is above your plan&#39;s page limit and is read-only.")
	if p, _ := h.App.Pages.ByID(ctx, site.ID, newest.ID); p.Title != "Extra 2" {
		t.Fatalf("read-only page changed: %+v", p)
	}
	// Deleting is how an owner gets back under the limit.
	res = b.Post(host, edit+"/delete", url.Values{"confirmed": {"1"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "1 page is read-only.")
}
