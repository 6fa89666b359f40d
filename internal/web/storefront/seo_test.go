package storefront_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The head of every page tells search engines and social networks what the
// page is, escaped; old addresses and trailing slashes answer 301; the
// owner's page-not-found page answers 404.
func TestStorefrontSEOAndRedirects(t *testing.T) {
	h := apptest.New(t)
	ctx := t.Context()
	site, owner := h.NewSite("seo-bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	set := site.Settings()
	set.Title = `Anna's "Bakery" </script><b>x`
	set.PublicEmail = "hello@bakery.example"
	if err := h.App.Sites.UpdateSettings(ctx, site.ID, set); err != nil {
		t.Fatal(err)
	}
	business := plans.MustGet(plans.Business)
	story, err := h.App.Pages.Create(ctx, site.ID, business, pages.Input{Slug: "story", Title: "Our story", InNav: true,
		Body: `<h2>Since 1982</h2><p>Short.</p><p>We have baked bread &amp; cakes by hand in the old town since 1982, with flour from the mill down the river and butter from the farm.</p><img src="/media/1/x.jpg" alt=""><a href="/menu">Menu</a> <a href="https://elsewhere.example/">Friends</a>`})
	if err != nil {
		t.Fatal(err)
	}
	lost, err := h.App.Pages.Create(ctx, site.ID, business, pages.Input{Slug: "lost", Title: "Lost your way?", Body: `<p>Try our menu instead.</p>`})
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + host

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "home page: canonical, Open Graph, Organization JSON-LD escaped", Host: host, Path: "/",
			ExpectStatus: http.StatusOK,
			ExpectContains: []string{`<link rel="canonical" href="` + base + `/">`, `<meta property="og:url" content="` + base + `/">`,
				`<meta property="og:type" content="website">`, `<meta name="twitter:card" content="summary">`,
				`<meta property="og:site_name" content="Anna&#39;s &#34;Bakery&#34; &lt;/script&gt;&lt;b&gt;x">`,
				`<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","email":"hello@bakery.example","name":"Anna's \"Bakery\" \u003c/script\u003e\u003cb\u003ex","url":"` + base + `/"}</script>`},
			ExpectNotContains: []string{`</script><b>x`}},
		{Name: "a page: its text as description, first image, article, links followed inside", Host: host, Path: "/story",
			ExpectStatus: http.StatusOK,
			ExpectContains: []string{`<link rel="canonical" href="` + base + `/story">`,
				`<meta name="description" content="We have baked bread &amp; cakes by hand in the old town since 1982, with flour from the mill down the river and butter from the farm.">`,
				`<meta property="og:title" content="Our story">`, `<meta property="og:type" content="article">`,
				`<meta property="og:image" content="` + base + `/media/1/x.jpg">`, `<meta name="twitter:card" content="summary_large_image">`,
				`<a href="/menu">Menu</a>`, `<a href="https://elsewhere.example/" rel="nofollow">`},
			ExpectNotContains: []string{`<script type="application/ld+json">`, `noindex`}},
		{Name: "owner's SEO title and description", Host: host, Path: "/story",
			Before: func(t *testing.T, h *apptest.Harness) {
				res := b.Post(host, fmt.Sprintf("/admin/pages/%d/settings", story.ID), url.Values{"title": {"Our story"}, "slug": {"story"},
					"seo_title": {"Bakery <since> 1982"}, "seo_description": {`Bread & "cakes"`}, "in_nav": {"on"}})
				apptest.Expect(t, res, http.StatusSeeOther)
			},
			ExpectStatus: http.StatusOK,
			ExpectContains: []string{`<title>Bakery &lt;since&gt; 1982</title>`, `<meta name="description" content="Bread &amp; &#34;cakes&#34;">`,
				`<meta property="og:title" content="Bakery &lt;since&gt; 1982">`}},
		{Name: "trailing slash answers 301 keeping the query", Host: host, Path: "/story/?utm=x&y=1",
			ExpectStatus: http.StatusMovedPermanently, ExpectHeader: map[string]string{"Location": "/story?utm=x&y=1"}},
		{Name: "trailing slash on an unknown path too", Host: host, Path: "/nothing/here/",
			ExpectStatus: http.StatusMovedPermanently, ExpectHeader: map[string]string{"Location": "/nothing/here"}},
		{Name: "no open redirect from a double slash", Host: host, Path: "/%2F%2Fevil.example/",
			ExpectStatus: http.StatusNotFound},
		{Name: "the home page has no trailing slash redirect", Host: host, Path: "/", ExpectStatus: http.StatusOK},
		{Name: "slug change: old address answers 301 to the new one", Host: host, Path: "/story?ref=1",
			Before: func(t *testing.T, h *apptest.Harness) {
				res := b.Post(host, fmt.Sprintf("/admin/pages/%d/settings", story.ID), url.Values{"title": {"Our story"}, "slug": {"history"}})
				apptest.Expect(t, b.Follow(host, res), http.StatusOK, "The old address /story leads to /history now.", "<code class=\"wrap-anywhere\">/story</code>")
			},
			ExpectStatus: http.StatusMovedPermanently, ExpectHeader: map[string]string{"Location": "/history?ref=1"}},
		{Name: "twice: a chain collapses to one hop", Host: host, Path: "/story",
			Before: func(t *testing.T, h *apptest.Harness) {
				apptest.Expect(t, b.Post(host, fmt.Sprintf("/admin/pages/%d/settings", story.ID), url.Values{"title": {"Our story"}, "slug": {"about-us"}}), http.StatusSeeOther)
			},
			ExpectStatus: http.StatusMovedPermanently, ExpectHeader: map[string]string{"Location": "/about-us"}},
		{Name: "design's 404 page before one is chosen", Host: host, Path: "/no-such-page",
			ExpectStatus: http.StatusNotFound, ExpectNotContains: []string{"Try our menu instead."}},
		{Name: "owner's page-not-found page answers with 404 and noindex", Host: host, Path: "/no-such-page",
			Before: func(t *testing.T, h *apptest.Harness) {
				apptest.Expect(t, b.Post(host, fmt.Sprintf("/admin/pages/%d/settings", lost.ID), url.Values{"title": {"Lost your way?"}, "slug": {"lost"}, "not_found": {"on"}}), http.StatusSeeOther)
			},
			ExpectStatus: http.StatusNotFound, ExpectContains: []string{"Try our menu instead.", `<meta name="robots" content="noindex">`},
			ExpectNotContains: []string{`rel="canonical"`}},
		{Name: "also for a deeper path", Host: host, Path: "/a/b/c", ExpectStatus: http.StatusNotFound, ExpectContains: []string{"Try our menu instead."}},
		{Name: "sitemap lists pages but not the 404 page", Host: host, Path: "/sitemap.xml", ExpectStatus: http.StatusOK,
			ExpectContains: []string{"<loc>" + base + "/about-us</loc>", "<loc>" + base + "/</loc>"}, ExpectNotContains: []string{"/lost<"}},
		{Name: "robots.txt names the sitemap", Host: host, Path: "/robots.txt", ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Sitemap: " + base + "/sitemap.xml"}},
	})

	// With a primary own domain, canonical links name it, even for a page
	// cached before.
	apptest.Expect(t, b.Get(host, "/about-us"), http.StatusOK, `<link rel="canonical" href="`+base+`/about-us">`)
	if _, err := h.App.DB.Exec(ctx, `UPDATE sites SET plan = 'business' WHERE id = ?`, site.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO domains (site_id, id, host, is_primary, verified_at, created_at) VALUES (?, ?, 'www.anna-bakery.example', TRUE, ?, ?)`,
		site.ID, sqldb.NewID(), sqldb.Millis(time.Now()), sqldb.Millis(time.Now())); err != nil {
		t.Fatal(err)
	}
	own := "www.anna-bakery.example" + strings.TrimPrefix(host, "seo-bakery.localhost")
	// Content changes move the cache on; the site's host cache expires by itself.
	h.Eventually("the own domain serves the site", func() bool {
		res := b.Get(own, "/about-us")
		return res.Status == http.StatusOK && strings.Contains(res.Body, `<link rel="canonical" href="http://`+own+`/about-us">`)
	})
}

// A page with contact details describes the business to search engines as
// a LocalBusiness with what the owner wrote (address, phone, hours), and
// leaves out starter text still waiting for the owner's own.
func TestLocalBusinessFromContactDetails(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("seo-local", "seo-local@example.com")
	host := h.SiteHost(site.Name)
	contact, err := sections.New("contact")
	if err != nil {
		t.Fatal(err)
	}
	contact.Settings["address"] = "12 Mill Lane\nOld Town"
	contact.Settings["phone"] = "+44 20 7946 0000"
	contact.Settings["email"] = "[Your e-mail]"
	contact.Blocks[0].Settings["day"], contact.Blocks[0].Settings["hours"] = "Tuesday to Sunday", "7:00–18:00"
	contact.Blocks[1].Settings["day"], contact.Blocks[1].Settings["hours"] = "[Day]", "[Hours]"
	data, err := sections.Encode([]sections.Section{contact})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Pages.Create(t.Context(), site.ID, plans.MustGet(plans.Business), pages.Input{Slug: "find-us", Title: "Find us",
		Sections: data}); err != nil {
		t.Fatal(err)
	}
	res := h.Browser().Get(host, "/find-us")
	apptest.Expect(t, res, http.StatusOK, `"@type":"LocalBusiness"`, `"address":"12 Mill Lane Old Town"`,
		`"telephone":"+44 20 7946 0000"`, `"openingHours":["Tuesday to Sunday: 7:00–18:00"]`)
	if strings.Contains(res.Body, `"email":"[Your`) || strings.Contains(res.Body, `[Day]`+`:`) {
		t.Error("starter text reached the structured data")
	}
}
