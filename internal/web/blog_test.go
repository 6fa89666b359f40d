package web_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/blog"
)

// post creates a post of a site for a test.
func post(t *testing.T, h *apptest.Harness, siteID int64, in blog.Input) blog.Post {
	t.Helper()
	p, err := h.App.Blog.Create(t.Context(), siteID, in)
	if err != nil {
		t.Fatalf("post %q: %v", in.Title, err)
	}
	return p
}

// Visitors see published posts only: drafts and posts scheduled for later
// are 404 everywhere (post, list, tag, feeds, sitemap), and nothing of site
// A is ever on B's host.
func TestBlogOnTheStorefront(t *testing.T) {
	h := apptest.New(t)
	siteA, _ := h.NewSite("blog-a", "a@example.com")
	siteB, _ := h.NewSite("blog-b", "b@example.com")
	hostA, hostB := h.SiteHost("blog-a"), h.SiteHost("blog-b")
	live := post(t, h, siteA.ID, blog.Input{Title: "Hello from A", Body: "<p>Our <b>news</b></p>", Tags: "News", Status: blog.Published,
		AuthorName: "Anna", PublishedAt: time.Now().Add(-time.Hour)})
	post(t, h, siteA.ID, blog.Input{Title: "Draft of A", Tags: "News", Status: blog.Draft})
	post(t, h, siteA.ID, blog.Input{Title: "Future of A", Tags: "News, Later", Status: blog.Published, PublishedAt: time.Now().Add(48 * time.Hour)})
	post(t, h, siteB.ID, blog.Input{Title: "Hello from B", Tags: "Other", Status: blog.Published})
	hidden := []string{"Draft of A", "Future of A", "draft-of-a", "future-of-a"}

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "the list", Host: hostA, Path: "/blog", ExpectStatus: http.StatusOK,
			ExpectContains: []string{`href="/blog/hello-from-a"`, `rel="alternate" type="application/rss+xml"`, `type="application/atom+xml"`,
				"/blog.css\"", `href="/blog/tags/news"`},
			ExpectNotContains: hidden},
		{Name: "a post", Host: hostA, Path: "/blog/hello-from-a", ExpectStatus: http.StatusOK,
			ExpectContains:    []string{"<h1>Hello from A</h1>", "<b>news</b>", `"@type":"BlogPosting"`, `"headline":"Hello from A"`, "By Anna", `href="/blog/feed.atom"`},
			ExpectNotContains: []string{"noindex"}},
		{Name: "a draft is not found", Host: hostA, Path: "/blog/draft-of-a", ExpectStatus: http.StatusNotFound, ExpectNotContains: []string{"Draft of A"}},
		{Name: "a scheduled post is not found", Host: hostA, Path: "/blog/future-of-a", ExpectStatus: http.StatusNotFound},
		{Name: "a tag", Host: hostA, Path: "/blog/tags/news", ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Posts tagged “News”", "Hello from A"}, ExpectNotContains: hidden},
		{Name: "a tag only a scheduled post has", Host: hostA, Path: "/blog/tags/later", ExpectStatus: http.StatusNotFound},
		{Name: "an unknown tag", Host: hostA, Path: "/blog/tags/nothing", ExpectStatus: http.StatusNotFound},
		{Name: "an out-of-date page link", Host: hostA, Path: "/blog?after=garbage", ExpectStatus: http.StatusNotFound},
		{Name: "the RSS feed", Host: hostA, Path: "/blog/feed.rss", ExpectStatus: http.StatusOK,
			ExpectHeader:   map[string]string{"Content-Type": "application/rss+xml; charset=utf-8"},
			ExpectContains: []string{"Hello from A"}, ExpectNotContains: hidden},
		{Name: "the Atom feed", Host: hostA, Path: "/blog/feed.atom", ExpectStatus: http.StatusOK,
			ExpectHeader:   map[string]string{"Content-Type": "application/atom+xml; charset=utf-8"},
			ExpectContains: []string{"Hello from A"}, ExpectNotContains: hidden},
		{Name: "the sitemap", Host: hostA, Path: "/sitemap.xml", ExpectStatus: http.StatusOK,
			ExpectContains: []string{"/blog/hello-from-a</loc>", "/blog/tags/news</loc>", "/blog</loc>"}, ExpectNotContains: hidden},
		{Name: "the navigation links the blog", Host: hostA, Path: "/", ExpectStatus: http.StatusOK, ExpectContains: []string{`href="/blog"`}},

		{Name: "A's post on B's host", Host: hostB, Path: "/blog/hello-from-a", ExpectStatus: http.StatusNotFound, ExpectNotContains: []string{"Hello from A"}},
		{Name: "A's tag on B's host", Host: hostB, Path: "/blog/tags/news", ExpectStatus: http.StatusNotFound},
		{Name: "B's list", Host: hostB, Path: "/blog", ExpectStatus: http.StatusOK, ExpectContains: []string{"Hello from B"}, ExpectNotContains: []string{"Hello from A"}},
		{Name: "B's feed", Host: hostB, Path: "/blog/feed.rss", ExpectStatus: http.StatusOK, ExpectContains: []string{"Hello from B"}, ExpectNotContains: []string{"Hello from A"}},
		{Name: "B's Atom feed", Host: hostB, Path: "/blog/feed.atom", ExpectStatus: http.StatusOK, ExpectNotContains: []string{"Hello from A"}},
		{Name: "B's sitemap", Host: hostB, Path: "/sitemap.xml", ExpectStatus: http.StatusOK,
			ExpectContains: []string{"/blog/hello-from-b</loc>"}, ExpectNotContains: []string{"hello-from-a", "/blog/tags/news"}},
	})

	// Both feeds are well-formed XML of their kind.
	b := h.Browser()
	var rss struct {
		XMLName xml.Name `xml:"rss"`
		Items   []struct {
			Link string `xml:"link"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal([]byte(b.Get(hostA, "/blog/feed.rss").Body), &rss); err != nil || len(rss.Items) != 1 ||
		rss.Items[0].Link != h.Config().SiteURL("blog-a")+"/blog/hello-from-a" {
		t.Errorf("RSS: %+v, %v", rss, err)
	}
	var atom struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(b.Get(hostA, "/blog/feed.atom").Body), &atom); err != nil || len(atom.Entries) != 1 {
		t.Errorf("Atom: %+v, %v", atom, err)
	}

	// A new address: the old one answers 301, after the page was cached.
	apptest.Expect(t, b.Get(hostA, "/blog/hello-from-a"), http.StatusOK)
	if _, err := h.App.Blog.Update(t.Context(), siteA.ID, live.ID, blog.Input{Title: "Hello from A", Slug: "hello-a",
		Body: "<p>Moved</p>", Status: blog.Published}); err != nil {
		t.Fatal(err)
	}
	res := b.Get(hostA, "/blog/hello-from-a")
	if res.Status != http.StatusMovedPermanently || res.Location != "/blog/hello-a" {
		t.Errorf("old address: %d → %q", res.Status, res.Location)
	}
	if res := b.Get(hostA, "/blog/hello-a"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Moved") {
		t.Errorf("new address: %d", res.Status)
	}
}

// The owner writes, previews and deletes posts in the admin; bad input is
// refused with a message on its field, script is stripped, and another
// site's post is a 404 whatever the owner tries.
func TestBlogAdmin(t *testing.T) {
	h := apptest.New(t)
	siteA, _ := h.NewSite("pen-a", "a@example.com")
	siteB, _ := h.NewSite("pen-b", "b@example.com")
	hostA := h.SiteHost("pen-a")
	ownerA := h.Login(hostA, "a@example.com")
	postB := post(t, h, siteB.ID, blog.Input{Title: "B's secret draft", Status: blog.Draft})
	pathB := fmt.Sprintf("/admin/blog/%d", postB.ID)
	form := func(kv ...string) url.Values {
		v := url.Values{"status": {"published"}}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "a stranger is sent to log in", Host: hostA, Path: "/admin/blog", ExpectStatus: http.StatusSeeOther},
		{Name: "the empty blog", Host: hostA, Path: "/admin/blog", As: ownerA, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Write your first post", `href="/admin/blog"`}},
		{Name: "the editor", Host: hostA, Path: "/admin/blog/new", As: ownerA, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`data-richtext`, `name="publishAt"`, `/richtext.js"`}},
		{Name: "a 10,000-character title", Method: http.MethodPost, Host: hostA, Path: "/admin/blog/new", As: ownerA,
			Form: form("title", strings.Repeat("t", 10_000)), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Use at most 200 characters"}},
		{Name: "a bad address", Method: http.MethodPost, Host: hostA, Path: "/admin/blog/new", As: ownerA,
			Form: form("title", "Fine", "slug", "not/a slug!"), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Use only letters a–z, digits and single hyphens"}},
		{Name: "a bad date", Method: http.MethodPost, Host: hostA, Path: "/admin/blog/new", As: ownerA,
			Form: form("title", "Fine", "publishAt", "tomorrow"), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"Write the date and time like"}},
		{Name: "B's image as the cover", Method: http.MethodPost, Host: hostA, Path: "/admin/blog/new", As: ownerA,
			Form: form("title", "Fine", "cover", "12345"), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: []string{"no longer in the media library"}},
		{Name: "a post with a script", Method: http.MethodPost, Host: hostA, Path: "/admin/blog/new", As: ownerA,
			Form: form("title", "First news", "body", `<p>Hi <strong>all</strong><script>alert(1)</script><img src=x onerror=alert(2)></p>`,
				"tags", "News"),
			ExpectStatus: http.StatusSeeOther,
			After: func(t *testing.T, h *apptest.Harness) {
				p, err := h.App.Blog.Published(t.Context(), siteA.ID, "first-news")
				if err != nil || strings.Contains(string(p.Body), "script") || strings.Contains(string(p.Body), "onerror") ||
					!strings.Contains(string(p.Body), "<strong>all</strong>") {
					t.Errorf("stored body %q, %v", p.Body, err)
				}
			}},
		{Name: "the list", Host: hostA, Path: "/admin/blog?status=published&q=news&tag=news", As: ownerA, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"First news", "Published"}, ExpectNotContains: []string{"B's secret draft"}},
		{Name: "a search that finds nothing", Host: hostA, Path: "/admin/blog?q=zebra", As: ownerA, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"No posts match"}},

		{Name: "B's post in A's admin", Host: hostA, Path: pathB, As: ownerA, ExpectStatus: http.StatusNotFound, ExpectNotContains: []string{"secret"}},
		{Name: "B's post's preview in A's admin", Host: hostA, Path: pathB + "/preview", As: ownerA, ExpectStatus: http.StatusNotFound,
			ExpectNotContains: []string{"secret"}},
		{Name: "saving over B's post from A", Method: http.MethodPost, Host: hostA, Path: pathB, As: ownerA,
			Form: form("title", "Taken over"), ExpectStatus: http.StatusNotFound},
		{Name: "deleting B's post from A", Method: http.MethodPost, Host: hostA, Path: pathB + "/delete", As: ownerA,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusNotFound,
			After: func(t *testing.T, h *apptest.Harness) {
				if p, err := h.App.Blog.Get(t.Context(), siteB.ID, postB.ID); err != nil || p.Title != "B's secret draft" {
					t.Errorf("B's post: %+v, %v", p, err)
				}
			}},
	})

	draft := post(t, h, siteA.ID, blog.Input{Title: "Work in progress", Body: "<p>Not yet</p>", Status: blog.Draft})
	path := fmt.Sprintf("/admin/blog/%d", draft.ID)
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "the draft is not on the site", Host: hostA, Path: "/blog/work-in-progress", ExpectStatus: http.StatusNotFound},
		{Name: "its preview", Host: hostA, Path: path + "/preview", As: ownerA, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Preview · Draft", "Not yet", `<meta name="robots" content="noindex">`},
			ExpectHeader:   map[string]string{"Cache-Control": "no-store"}},
		{Name: "editing it", Host: hostA, Path: path, As: ownerA, ExpectStatus: http.StatusOK, ExpectContains: []string{"Work in progress", "Delete this post"}},
		{Name: "deleting asks first", Method: http.MethodPost, Host: hostA, Path: path + "/delete", As: ownerA, Form: url.Values{},
			ExpectStatus: http.StatusOK, ExpectContains: []string{"Delete the post “Work in progress”?"}},
		{Name: "deleting", Method: http.MethodPost, Host: hostA, Path: path + "/delete", As: ownerA, Form: url.Values{"confirmed": {"1"}},
			ExpectStatus: http.StatusSeeOther},
		{Name: "gone", Host: hostA, Path: path, As: ownerA, ExpectStatus: http.StatusNotFound},
	})

	// 26 posts: the list shows 25, and "Older posts" keeps the filter.
	for i := range 26 {
		post(t, h, siteA.ID, blog.Input{Title: fmt.Sprintf("Batch %02d", i), Tags: "Batch", Status: blog.Published,
			PublishedAt: time.Now().Add(-time.Duration(i+1) * time.Minute)})
	}
	first := ownerA.Get(hostA, "/admin/blog?tag=batch")
	more := find(t, regexp.MustCompile(`href="(/admin/blog\?after=[^"]+)"`), first.Body)
	if !strings.Contains(first.Body, "Batch 00") || strings.Contains(first.Body, "Batch 25") || !strings.Contains(more, "tag=batch") {
		t.Fatalf("first page: more = %q", more)
	}
	second := ownerA.Get(hostA, strings.ReplaceAll(more, "&amp;", "&"))
	if second.Status != http.StatusOK || !strings.Contains(second.Body, "Batch 25") || strings.Contains(second.Body, "Batch 00") ||
		!strings.Contains(second.Body, `href="/admin/blog?tag=batch"`) {
		t.Errorf("second page: %d\n%s", second.Status, apptest.Excerpt(second.Body))
	}
}

// The blog lists 12 posts a page, newest first, with a link to the older
// ones and back.
func TestBlogPages(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("many", "m@example.com")
	host := h.SiteHost("many")
	for i := range 13 {
		post(t, h, site.ID, blog.Input{Title: fmt.Sprintf("Post %02d", i), Status: blog.Published,
			PublishedAt: time.Now().Add(-time.Duration(i+1) * time.Minute)})
	}
	b := h.Browser()
	first := b.Get(host, "/blog")
	more := find(t, regexp.MustCompile(`href="(/blog\?after=[^"]+)"[^>]*>Older posts`), first.Body)
	if !strings.Contains(first.Body, "Post 11") || strings.Contains(first.Body, "Post 12") {
		t.Fatalf("first page:\n%s", apptest.Excerpt(first.Body))
	}
	second := b.Get(host, strings.ReplaceAll(more, "&amp;", "&"))
	if second.Status != http.StatusOK || !strings.Contains(second.Body, "Post 12") || strings.Contains(second.Body, "Post 11") ||
		!strings.Contains(second.Body, ">Newest posts<") || strings.Contains(second.Body, "Older posts") {
		t.Errorf("second page: %d\n%s", second.Status, apptest.Excerpt(second.Body))
	}
}
