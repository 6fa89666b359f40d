package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
)

// gif is a one-pixel image for the media library.
const gif = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"

func pageID(t *testing.T, h *apptest.Harness, siteID int64, slug string) int64 {
	t.Helper()
	p, err := h.App.Pages.BySlug(t.Context(), siteID, slug)
	if err != nil {
		t.Fatalf("page /%s: %v", slug, err)
	}
	return p.ID
}

func order(t *testing.T, h *apptest.Harness, siteID int64) string {
	t.Helper()
	ps, err := h.App.Pages.List(t.Context(), siteID, plans.MustGet(plans.Premium))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, "/"+p.Slug)
	}
	return strings.Join(out, " ")
}

func TestPagesListActions(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("listing", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	start := order(t, h, site.ID)
	if !strings.HasPrefix(start, "/ ") {
		t.Fatalf("starter pages %q", start)
	}
	menu := pageID(t, h, site.ID, "menu")
	ids := func(id int64) string { return fmt.Sprint(id) }
	long := strings.Repeat("é", 10_000)

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "list has each page's buttons", Host: host, Path: "/admin/pages", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`action="/admin/pages/` + ids(menu) + `/move"`, `action="/admin/pages/` + ids(menu) + `/duplicate"`,
				`href="/admin/pages/` + ids(menu) + `/settings"`, `href="/admin/pages/` + ids(menu) + `/home"`, "The menu shows the pages in this order."},
			ExpectNotContains: []string{`type="search"`}},
		{Name: "duplicate", Method: http.MethodPost, Host: host, Path: "/admin/pages/" + ids(menu) + "/duplicate", As: b,
			ExpectStatus: http.StatusSeeOther, ExpectHeader: map[string]string{"Location": "/admin/pages"},
			After: func(t *testing.T, h *apptest.Harness) {
				cp, err := h.App.Pages.BySlug(t.Context(), site.ID, "copy-of-menu")
				orig, _ := h.App.Pages.ByID(t.Context(), site.ID, menu)
				if err != nil || cp.Title != "Copy of "+orig.Title || cp.Body != orig.Body {
					t.Fatalf("copy %+v, %v", cp, err)
				}
			}},
		{Name: "move up returns to the row", Method: http.MethodPost, Host: host, Path: "/admin/pages/" + ids(menu) + "/move", As: b,
			Form: url.Values{"dir": {"up"}, "back": {"/admin/pages?page=1"}}, ExpectStatus: http.StatusSeeOther,
			ExpectHeader: map[string]string{"Location": "/admin/pages?page=1#page-" + ids(menu)},
			After: func(t *testing.T, h *apptest.Harness) {
				if got := order(t, h, site.ID); got == start || !strings.Contains(got, "/menu") {
					t.Fatalf("order unchanged: %q", got)
				}
			}},
		{Name: "move with a foreign back address stays in the admin", Method: http.MethodPost, Host: host, Path: "/admin/pages/" + ids(menu) + "/move", As: b,
			Form: url.Values{"dir": {"down"}, "back": {"//evil.example/admin/pages"}}, ExpectStatus: http.StatusSeeOther,
			ExpectHeader: map[string]string{"Location": "/admin/pages#page-" + ids(menu)}},
		{Name: "make home asks first", Host: host, Path: "/admin/pages/" + ids(menu) + "/home", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"your home page?", `name="confirmed" value="1"`}},
		{Name: "make home without confirming asks", Method: http.MethodPost, Host: host, Path: "/admin/pages/" + ids(menu) + "/home", As: b,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"your home page?"}},
		{Name: "make home", Method: http.MethodPost, Host: host, Path: "/admin/pages/" + ids(menu) + "/home", As: b,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusSeeOther,
			After: func(t *testing.T, h *apptest.Harness) {
				if p, _ := h.App.Pages.ByID(t.Context(), site.ID, menu); p.Slug != "" {
					t.Fatalf("menu page is at /%s", p.Slug)
				}
				res := b.Get(host, "/menu")
				apptest.Expect(t, res, http.StatusMovedPermanently)
				if res.Location != "/" {
					t.Fatalf("/menu → %q", res.Location)
				}
			}},
		{Name: "the home page has no Make home or Delete", Host: host, Path: "/admin/pages", As: b, ExpectStatus: http.StatusOK,
			ExpectNotContains: []string{`href="/admin/pages/` + ids(menu) + `/home"`, `href="/admin/pages/` + ids(menu) + `/delete"`}},
		{Name: "a search box with many pages, 50 a page", Host: host, Path: "/admin/pages", As: b,
			Before: func(t *testing.T, h *apptest.Harness) {
				for i := range 55 {
					if _, err := h.App.Pages.Create(t.Context(), site.ID, plans.MustGet(plans.Premium),
						pages.Input{Title: fmt.Sprintf("Offer %02d", i), Slug: fmt.Sprintf("offer-%02d", i)}); err != nil {
						t.Fatal(err)
					}
				}
			},
			ExpectStatus:   http.StatusOK,
			ExpectContains: []string{`type="search"`, `href="/admin/pages?page=2" rel="next"`, "Pages 1–50 of"}},
		{Name: "second page", Host: host, Path: "/admin/pages?page=2", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Offer 54", `rel="prev"`}, ExpectNotContains: []string{`rel="next"`}},
		{Name: "search", Host: host, Path: "/admin/pages?q=offer+0", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"10 of", "match “offer 0”", "Offer 09"}, ExpectNotContains: []string{"Offer 10", `/move"`}},
		{Name: "search with nothing found", Host: host, Path: "/admin/pages?q=" + url.QueryEscape(`<zzz>`), As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"No page matches “&lt;zzz&gt;”."}},
		{Name: "a 10,000-character search is cut, not refused", Host: host, Path: "/admin/pages?q=" + url.QueryEscape(long), As: b,
			ExpectStatus: http.StatusOK},
		{Name: "empty state", Host: host, Path: "/admin/pages", As: b,
			Before: func(t *testing.T, h *apptest.Harness) {
				if _, err := h.App.DB.Exec(t.Context(), `DELETE FROM pages WHERE site_id = ?`, site.ID); err != nil {
					t.Fatal(err)
				}
			},
			ExpectStatus: http.StatusOK, ExpectContains: []string{"Your site has no pages yet.", "Write your first page"}},
	})
}

func TestPageSettingsAndRedirects(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("settings", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	menu := pageID(t, h, site.ID, "menu")
	home := pageID(t, h, site.ID, "")
	img, err := h.App.Media.Upload(t.Context(), site.ID, plans.MustGet(plans.Premium), "croissant.gif", strings.NewReader(gif))
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/admin/pages/%d/settings", menu)
	form := func(kv ...string) url.Values {
		v := url.Values{"title": {"Menu"}, "slug": {"menu"}, "in_nav": {"on"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	long := strings.Repeat("x", 10_000)
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "settings page", Host: host, Path: path, As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`value="menu"`, "0 of 70 characters", "0 of 160 characters", "croissant.gif",
				"Use as the page-not-found page", "Search result preview"}},
		{Name: "the home page keeps its address and cannot be the 404 page", Host: host, Path: fmt.Sprintf("/admin/pages/%d/settings", home), As: b,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"This is your home page"}, ExpectNotContains: []string{`id="slug"`, "page-not-found page</label>"}},
		{Name: "bad slug", Method: http.MethodPost, Host: host, Path: path, As: b, Form: form("slug", "Bad Slug!"),
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Use only letters a–z, digits and hyphens.", `value="Bad Slug!"`}},
		{Name: "reserved slug", Method: http.MethodPost, Host: host, Path: path, As: b, Form: form("slug", "cart"),
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"used by the site itself"}},
		{Name: "10,000-character title", Method: http.MethodPost, Host: host, Path: path, As: b, Form: form("title", long),
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Use at most 200 characters."}},
		{Name: "10,000-character description", Method: http.MethodPost, Host: host, Path: path, As: b, Form: form("seo_description", long),
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"search engines show about 160", "10000 of 160 characters"}},
		{Name: "an image that is not in the library", Method: http.MethodPost, Host: host, Path: path, As: b, Form: form("social_image", "12345"),
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"no longer in the media library"}},
		{Name: "not a number", Method: http.MethodPost, Host: host, Path: path, As: b, Form: form("social_image", "abc"),
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Choose an image from the list."}},
		{Name: "save everything", Method: http.MethodPost, Host: host, Path: path, As: b,
			Form: form("slug", "our-menu", "seo_title", "Menu of the bakery", "seo_description", "Bread, cakes and coffee.",
				"social_image", fmt.Sprint(img.Media.ID)),
			ExpectStatus: http.StatusSeeOther,
			After: func(t *testing.T, h *apptest.Harness) {
				p, _ := h.App.Pages.ByID(t.Context(), site.ID, menu)
				if p.Slug != "our-menu" || p.SEOTitle != "Menu of the bakery" || p.SocialImageID != img.Media.ID {
					t.Fatalf("saved %+v", p)
				}
				apptest.Expect(t, b.Get(host, fmt.Sprintf("/admin/media/%d", img.Media.ID)), http.StatusOK, "Sharing image of the page")
				res := b.Get(host, "/our-menu")
				apptest.Expect(t, res, http.StatusOK, `<meta property="og:image" content="http://`+host+`/media/`)
			}},
		{Name: "its old address is listed with a delete button", Host: host, Path: path, As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`<code class="wrap-anywhere">/menu</code> → <code>/our-menu</code>`, "18 of 70 characters", "24 of 160 characters"}},
		{Name: "redirects page", Host: host, Path: "/admin/redirects", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"/menu", `href="/our-menu"`}},
		{Name: "add a redirect from an old site's address", Method: http.MethodPost, Host: host, Path: "/admin/redirects", As: b,
			Form: url.Values{"from": {"old/menu.php"}, "to": {"our-menu"}}, ExpectStatus: http.StatusSeeOther,
			After: func(t *testing.T, h *apptest.Harness) {
				res := b.Get(host, "/old/menu.php?x=1")
				if res.Status != http.StatusMovedPermanently || res.Location != "/our-menu?x=1" {
					t.Fatalf("old address: %d %q", res.Status, res.Location)
				}
			}},
		{Name: "no redirect off the site", Method: http.MethodPost, Host: host, Path: "/admin/redirects", As: b,
			Form: url.Values{"from": {"/x"}, "to": {"//evil.example"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Give an address on this site"}},
		{Name: "no redirect of the admin", Method: http.MethodPost, Host: host, Path: "/admin/redirects", As: b,
			Form: url.Values{"from": {"/admin"}, "to": {"/our-menu"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"always answer themselves"}},
		{Name: "a 10,000-character address", Method: http.MethodPost, Host: host, Path: "/admin/redirects", As: b,
			Form: url.Values{"from": {"/" + long}, "to": {"/our-menu"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"at most 1000 characters"}},
		{Name: "delete asks first", Method: http.MethodPost, Host: host, Path: "/admin/redirects/delete", As: b,
			Form: url.Values{"from": {"/menu"}, "back": {path}}, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Delete the redirect from /menu?", `name="confirmed" value="1"`}},
		{Name: "delete", Method: http.MethodPost, Host: host, Path: "/admin/redirects/delete", As: b,
			Form: url.Values{"from": {"/menu"}, "back": {path}, "confirmed": {"1"}}, ExpectStatus: http.StatusSeeOther,
			ExpectHeader: map[string]string{"Location": path},
			After: func(t *testing.T, h *apptest.Harness) {
				apptest.Expect(t, b.Get(host, "/menu"), http.StatusNotFound)
			}},
		{Name: "delete a redirect that is not there", Method: http.MethodPost, Host: host, Path: "/admin/redirects/delete", As: b,
			Form: url.Values{"from": {"/nothing"}, "confirmed": {"1"}}, ExpectStatus: http.StatusNotFound},
		{Name: "a cross-site form is refused", Method: http.MethodPost, Host: host, Path: path, As: b,
			Form:         form("slug", "hacked"),
			Header:       http.Header{"Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}},
			ExpectStatus: http.StatusForbidden,
			After: func(t *testing.T, h *apptest.Harness) {
				if p, _ := h.App.Pages.ByID(t.Context(), site.ID, menu); p.Slug == "hacked" {
					t.Fatal("cross-site form changed the page")
				}
			}},
	})
}

// Site A's owner can neither see nor change site B's pages, redirects or
// design requests, whatever IDs they put in the address.
func TestPageMetaAcrossSites(t *testing.T) {
	h := apptest.New(t)
	siteA, ownerA := h.NewSite("alpha", "a@example.com")
	siteB, ownerB := h.NewSite("beta", "b@example.com")
	hostA, hostB := h.SiteHost(siteA.Name), h.SiteHost(siteB.Name)
	a := h.Login(hostA, ownerA.Email)
	bb := h.Login(hostB, ownerB.Email)
	menuB := pageID(t, h, siteB.ID, "menu")
	apptest.Expect(t, bb.Post(hostB, fmt.Sprintf("/admin/pages/%d/settings", menuB), url.Values{"title": {"Menu"}, "slug": {"b-menu"}}), http.StatusSeeOther)
	res := bb.Post(hostB, "/admin/design-request", url.Values{"what": {"Something blue"}, "contact_email": {"b@example.com"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	reqB := strings.TrimPrefix(res.Location, "/admin/design-request/")
	b := fmt.Sprint(menuB)
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "settings of B's page", Host: hostA, Path: "/admin/pages/" + b + "/settings", As: a, ExpectStatus: http.StatusNotFound},
		{Name: "save B's page", Method: http.MethodPost, Host: hostA, Path: "/admin/pages/" + b + "/settings", As: a,
			Form: url.Values{"title": {"Hacked"}, "slug": {"hacked"}}, ExpectStatus: http.StatusNotFound},
		{Name: "duplicate B's page", Method: http.MethodPost, Host: hostA, Path: "/admin/pages/" + b + "/duplicate", As: a, ExpectStatus: http.StatusNotFound},
		{Name: "move B's page", Method: http.MethodPost, Host: hostA, Path: "/admin/pages/" + b + "/move", As: a, Form: url.Values{"dir": {"up"}}, ExpectStatus: http.StatusNotFound},
		{Name: "make B's page home", Method: http.MethodPost, Host: hostA, Path: "/admin/pages/" + b + "/home", As: a, Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusNotFound},
		{Name: "B's redirects are not listed", Host: hostA, Path: "/admin/redirects", As: a, ExpectStatus: http.StatusOK, ExpectNotContains: []string{"b-menu"}},
		{Name: "delete B's redirect", Method: http.MethodPost, Host: hostA, Path: "/admin/redirects/delete", As: a,
			Form: url.Values{"from": {"/menu"}, "confirmed": {"1"}}, ExpectStatus: http.StatusNotFound,
			After: func(t *testing.T, h *apptest.Harness) {
				if to, err := h.App.Redirects.Lookup(t.Context(), siteB.ID, "/menu"); err != nil || to != "/b-menu" {
					t.Fatalf("B's redirect: %q, %v", to, err)
				}
			}},
		{Name: "B's redirect does not work on A", Host: hostA, Path: "/menu", ExpectStatus: http.StatusOK},
		{Name: "B's design request", Host: hostA, Path: "/admin/design-request/" + reqB, As: a, ExpectStatus: http.StatusNotFound},
		{Name: "reply to B's design request", Method: http.MethodPost, Host: hostA, Path: "/admin/design-request/" + reqB + "/reply", As: a,
			Form: url.Values{"body": {"hi"}}, ExpectStatus: http.StatusNotFound},
		{Name: "B's requests are not listed", Host: hostA, Path: "/admin/design-request", As: a, ExpectStatus: http.StatusOK,
			ExpectNotContains: []string{"Something blue"}},
		{Name: "A's owner on B's admin", Host: hostB, Path: "/admin/pages/" + b + "/settings", As: a.On(h), ExpectStatus: http.StatusSeeOther},
	})
}

func TestDesignRequestOwnerAndOperator(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("wishes", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	h.NewOperator("ops@example.com")
	op := h.LoginOperator("ops@example.com")
	plat := h.PlatformHost()
	long := strings.Repeat("x", 10_000)
	var reqPath string
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "the form", Host: host, Path: "/admin/design-request", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"We can also create a unique design tailored to your wishes", `value="anna@example.com"`}},
		{Name: "the design page links to it", Host: host, Path: "/admin/design", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`href="/admin/design-request"`}},
		{Name: "nothing asked", Method: http.MethodPost, Host: host, Path: "/admin/design-request", As: b,
			Form: url.Values{"contact_email": {"anna@example.com"}}, ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Tell us what you would like"}},
		{Name: "10,000 characters and bad fields", Method: http.MethodPost, Host: host, Path: "/admin/design-request", As: b,
			Form:         url.Values{"what": {long}, "examples": {"ftp://x"}, "budget": {long}, "contact_email": {"nope"}, "contact_phone": {"call me"}},
			ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Use at most 5000 characters", "Give whole addresses", "Use at most 200 characters.",
				"Give the e-mail address where we may answer", "Give a phone number"}},
		{Name: "send", Method: http.MethodPost, Host: host, Path: "/admin/design-request", As: b,
			Form: url.Values{"what": {"A warm <rustic> look"}, "examples": {"https://example.com/nice"}, "budget": {"500 EUR"},
				"deadline": {"March"}, "contact_email": {"anna@example.com"}, "contact_phone": {"+420 123 456 789"}},
			ExpectStatus: http.StatusSeeOther,
			After: func(t *testing.T, h *apptest.Harness) {
				list, err := h.App.DesignRequests.List(t.Context(), site.ID)
				if err != nil || len(list) != 1 {
					t.Fatalf("requests %+v %v", list, err)
				}
				reqPath = fmt.Sprintf("/operator/design-requests/%d/%d", site.ID, list[0].ID)
				if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE to_addr = ? AND subject LIKE 'Design request%'`, "ops@example.com"); n != 1 {
					t.Fatalf("operator mails: %d", n)
				}
			}},
		{Name: "operator list", Host: plat, Path: "/operator/design-requests", As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"A warm &lt;rustic&gt; look", "anna@example.com", "500 EUR", ">New<"}},
		{Name: "operator list filtered", Host: plat, Path: "/operator/design-requests?status=done", As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"No design requests with this status"}},
		{Name: "a stranger cannot see the list", Host: plat, Path: "/operator/design-requests", ExpectStatus: http.StatusSeeOther},
		{Name: "the site's owner cannot see it either", Host: plat, Path: "/operator/design-requests", As: b.On(h), ExpectStatus: http.StatusSeeOther},
	})
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "operator detail", Host: plat, Path: reqPath, As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"https://example.com/nice", "&#43;420 123 456 789", "March", `<option value="quoted">Quoted</option>`}},
		{Name: "operator replies", Method: http.MethodPost, Host: plat, Path: reqPath + "/reply", As: op,
			Form: url.Values{"body": {"We can do it for 450 EUR <b>net</b>."}}, ExpectStatus: http.StatusSeeOther,
			ExpectHeader: map[string]string{"Location": reqPath}},
		{Name: "empty reply", Method: http.MethodPost, Host: plat, Path: reqPath + "/reply", As: op,
			Form: url.Values{"body": {"  "}}, ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Write a message first."}},
		{Name: "status", Method: http.MethodPost, Host: plat, Path: reqPath + "/status", As: op,
			Form: url.Values{"status": {"quoted"}}, ExpectStatus: http.StatusSeeOther},
		{Name: "bad status", Method: http.MethodPost, Host: plat, Path: reqPath + "/status", As: op,
			Form: url.Values{"status": {"paid"}}, ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: []string{"Choose one of the statuses."}},
		{Name: "another site's ID in the path", Host: plat, Path: fmt.Sprintf("/operator/design-requests/%d/%s", site.ID+1, reqPath[strings.LastIndex(reqPath, "/")+1:]), As: op,
			ExpectStatus: http.StatusNotFound},
		{Name: "owner sees the answer and the status", Host: host, Path: "/admin/design-request", As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Quoted", "A warm &lt;rustic&gt; look"}},
		{Name: "owner thread", Host: host, Path: "/admin/design-request/" + reqPath[strings.LastIndex(reqPath, "/")+1:], As: b, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Our design team", "We can do it for 450 EUR &lt;b&gt;net&lt;/b&gt;."}},
		{Name: "owner replies", Method: http.MethodPost, Host: host, Path: "/admin/design-request/" + reqPath[strings.LastIndex(reqPath, "/")+1:] + "/reply", As: b,
			Form: url.Values{"body": {"Go ahead!"}}, ExpectStatus: http.StatusSeeOther,
			After: func(t *testing.T, h *apptest.Harness) {
				if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE to_addr = ?`, "anna@example.com"); n < 2 {
					t.Fatalf("owner mails: %d", n)
				}
				if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE to_addr = ? AND subject LIKE 'Re: design request%'`, "ops@example.com"); n != 1 {
					t.Fatalf("operator reply mails: %d", n)
				}
			}},
		{Name: "operator sees the reply", Host: plat, Path: reqPath, As: op, ExpectStatus: http.StatusOK, ExpectContains: []string{"Go ahead!", "Owner anna@example.com"}},
	})
}
