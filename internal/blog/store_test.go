package blog

import (
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// fixture is a store on db with a clock the test moves.
type fixture struct {
	t     *testing.T
	db    *sqldb.DB
	store *Store
	now   time.Time
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	f := &fixture{t: t, db: db, now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	f.store = NewStore(db, media.NewStore(db, t.TempDir()))
	f.store.now = func() time.Time { return f.now }
	return f
}

// site adds a site with its owner on the staff; it returns the site's and
// the owner's IDs.
func (f *fixture) site(name string) (siteID, ownerID int64) {
	f.t.Helper()
	ctx := context.Background()
	acct, site := sqldb.NewID(), sqldb.NewID()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 1, 1)`, []any{acct, name + "@example.com"}},
		{`INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'journal', 'trial', 1, 1)`, []any{site, name, name, acct}},
		{`INSERT INTO site_members (site_id, id, account_id, role, created_at) VALUES (?, ?, ?, 'owner', 1)`, []any{site, sqldb.NewID(), acct}},
	} {
		if _, err := f.db.Exec(ctx, q.sql, q.args...); err != nil {
			f.t.Fatal(err)
		}
	}
	return site, acct
}

// image adds an image to the site's media library.
func (f *fixture) image(siteID int64) int64 {
	f.t.Helper()
	id := sqldb.NewID()
	if _, err := f.db.Exec(context.Background(), `INSERT INTO media (site_id, id, filename, content_type, bytes, width, height, sha256, alt, created_at)
		VALUES (?, ?, 'cover.jpg', 'image/jpeg', 10, 1600, 900, ?, 'A cover', 1)`, siteID, id, "sha"+time.Now().String()); err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) create(siteID int64, in Input) Post {
	f.t.Helper()
	p, err := f.store.Create(context.Background(), siteID, in)
	if err != nil {
		f.t.Fatalf("create %q: %v", in.Title, err)
	}
	return p
}

func slugs(ps []Post) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return strings.Join(out, ",")
}

func TestPostLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		site, owner := f.site("anna")
		cover := f.image(site)
		p := f.create(site, Input{Title: "Hello, Café World!", Body: `<p>Hi <b>there</b><script>alert(1)</script></p>`,
			Tags: "News, slow living, news", CoverID: cover, AuthorID: owner, AuthorName: "Anna", Status: Published})
		if p.Slug != "hello-cafe-world" {
			t.Errorf("slug = %q", p.Slug)
		}
		if strings.Contains(string(p.Body), "script") || !strings.Contains(string(p.Body), "<b>there</b>") {
			t.Errorf("body = %q", p.Body)
		}
		if len(p.Tags) != 2 || p.Tags[1].Slug != "slow-living" {
			t.Errorf("tags = %+v", p.Tags)
		}
		if !p.PublishedAt.Equal(f.now) {
			t.Errorf("published at %v, want now", p.PublishedAt)
		}
		uses, err := f.store.media.Uses(ctx, site, cover)
		if err != nil || len(uses) != 1 || uses[0].OwnerKind != "post" {
			t.Errorf("cover uses = %+v, %v", uses, err)
		}
		got, err := f.store.Published(ctx, site, "hello-cafe-world")
		if err != nil || got.ID != p.ID || len(got.Tags) != 2 {
			t.Fatalf("published = %+v, %v", got, err)
		}

		// A new slug: the old address leads to the new one.
		in := Input{Title: "Hello", Slug: "hello", Body: "<p>Hi</p>", Tags: "News", Status: Published}
		p2, err := f.store.Update(ctx, site, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if !p2.PublishedAt.Equal(p.PublishedAt) {
			t.Errorf("publish date moved on update: %v", p2.PublishedAt)
		}
		if to, err := f.store.Redirect(ctx, site, "hello-cafe-world"); err != nil || to != "hello" {
			t.Errorf("redirect = %q, %v", to, err)
		}
		if uses, _ := f.store.media.Uses(ctx, site, cover); len(uses) != 0 {
			t.Errorf("cover still used: %+v", uses)
		}
		// Back to the first slug: it is live again, no loop.
		in.Slug = "hello-cafe-world"
		if _, err := f.store.Update(ctx, site, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Redirect(ctx, site, "hello-cafe-world"); !errors.Is(err, ErrNotFound) {
			t.Errorf("redirect from a live slug: %v", err)
		}
		if to, _ := f.store.Redirect(ctx, site, "hello"); to != "hello-cafe-world" {
			t.Errorf("redirect from hello = %q", to)
		}

		if err := f.store.Delete(ctx, site, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Get(ctx, site, p.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("get after delete: %v", err)
		}
		if _, err := f.store.Redirect(ctx, site, "hello"); !errors.Is(err, ErrNotFound) {
			t.Errorf("redirect after delete: %v", err)
		}
		if err := f.store.Delete(ctx, site, p.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})
}

func TestVisibility(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		site, _ := f.site("anna")
		f.create(site, Input{Title: "Draft", Status: Draft, Tags: "t"})
		f.create(site, Input{Title: "Old", Status: Published, PublishedAt: f.now.Add(-48 * time.Hour), Tags: "t"})
		f.create(site, Input{Title: "Live", Status: Published, PublishedAt: f.now.Add(-time.Hour), Tags: "t"})
		f.create(site, Input{Title: "Later", Status: Published, PublishedAt: f.now.Add(2 * time.Hour), Tags: "t"})

		for _, c := range []struct {
			filter Filter
			want   string
		}{
			{AllPosts, "later,draft,live,old"}, // the draft sorts by creation (now)
			{Live, "live,old"},
			{Drafts, "draft"},
			{Scheduled, "later"},
		} {
			page, err := f.store.List(ctx, site, Query{Filter: c.filter})
			if err != nil || slugs(page.Posts) != c.want {
				t.Errorf("%q: %s, %v; want %s", c.filter, slugs(page.Posts), err, c.want)
			}
		}
		for _, slug := range []string{"draft", "later"} {
			if _, err := f.store.Published(ctx, site, slug); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s visible: %v", slug, err)
			}
			// The API reads a post by its address whatever its status.
			if p, err := f.store.BySlug(ctx, site, slug); err != nil || p.Slug != slug || len(p.Tags) != 1 {
				t.Errorf("by slug %s: %+v, %v", slug, p, err)
			}
		}
		next, err := f.store.NextScheduled(ctx, site)
		if err != nil || !next.Equal(f.now.Add(2*time.Hour)) {
			t.Errorf("next scheduled = %v, %v", next, err)
		}
		// Time passes: the scheduled post is live without anyone touching it.
		f.now = f.now.Add(3 * time.Hour)
		if _, err := f.store.Published(ctx, site, "later"); err != nil {
			t.Errorf("scheduled post after its time: %v", err)
		}
		if next, _ := f.store.NextScheduled(ctx, site); !next.IsZero() {
			t.Errorf("next scheduled = %v, want none", next)
		}
		recent, err := f.store.Recent(ctx, site, 2)
		if err != nil || slugs(recent) != "later,live" {
			t.Errorf("recent = %s, %v", slugs(recent), err)
		}
		tag, page, err := f.store.ByTag(ctx, site, "t", "", 10)
		if err != nil || tag.Name != "t" || slugs(page.Posts) != "later,live,old" {
			t.Errorf("by tag = %v %s, %v", tag, slugs(page.Posts), err)
		}
		if _, _, err := f.store.ByTag(ctx, site, "nope", "", 10); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown tag: %v", err)
		}
	})
}

func TestListPagesAndSearch(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		site, _ := f.site("anna")
		for i, title := range []string{"Apple pie", "Banana bread", "Cherry tart", "Date scones", "Elderflower cordial"} {
			f.create(site, Input{Title: title, Body: "<p>Recipe number " + title + "</p>", Status: Published,
				PublishedAt: f.now.Add(-time.Duration(i) * time.Hour)})
		}
		var seen []string
		q := Query{Filter: Live, Limit: 2}
		for range 5 {
			page, err := f.store.List(ctx, site, q)
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, slugs(page.Posts))
			if page.Next == "" {
				break
			}
			q.Cursor = page.Next
		}
		if got := strings.Join(seen, "|"); got != "apple-pie,banana-bread|cherry-tart,date-scones|elderflower-cordial" {
			t.Errorf("pages = %s", got)
		}
		for _, c := range []struct{ search, want string }{
			{"BREAD", "banana-bread"},
			{"recipe tart", "cherry-tart"},
			{"50%", ""},
			{"", "apple-pie,banana-bread,cherry-tart,date-scones,elderflower-cordial"},
		} {
			page, err := f.store.List(ctx, site, Query{Search: c.search})
			if err != nil || slugs(page.Posts) != c.want {
				t.Errorf("search %q = %s, %v", c.search, slugs(page.Posts), err)
			}
		}
		if _, err := f.store.List(ctx, site, Query{Cursor: "garbage"}); err == nil {
			t.Error("a bad cursor was accepted")
		}
	})
}

func TestBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		site, _ := f.site("anna")
		other, otherOwner := f.site("bert")
		otherImage := f.image(other)
		f.create(site, Input{Title: "Taken", Status: Draft})
		for _, c := range []struct {
			name  string
			in    Input
			field string
		}{
			{"no title", Input{Body: "x"}, "title"},
			{"long title", Input{Title: strings.Repeat("a", 10_000)}, "title"},
			{"bad slug", Input{Title: "x", Slug: "no spaces/here"}, "slug"},
			{"reserved slug", Input{Title: "x", Slug: "tags"}, "slug"},
			{"taken slug", Input{Title: "Taken"}, "slug"},
			{"not UTF-8", Input{Title: "a\xffb"}, "title"},
			{"bad status", Input{Title: "x", Status: "live"}, "status"},
			{"too many tags", Input{Title: "x", Tags: strings.Repeat("a,b,c,d,e,f,g,h,i,j,", 3) + "k,l,m,n,o,p,q,r,s,t,u"}, "tags"},
			{"long excerpt", Input{Title: "x", Excerpt: strings.Repeat("e", 501)}, "excerpt"},
			{"huge body", Input{Title: "x", Body: strings.Repeat("b", maxBody+1)}, "body"},
			{"cover of another site", Input{Title: "x", CoverID: otherImage}, "cover"},
			{"author of another site", Input{Title: "x", AuthorID: otherOwner}, "author"},
		} {
			_, err := f.store.Create(context.Background(), site, c.in)
			fields, ok := fault.AsInvalid(err)
			if !ok || fields[c.field] == "" {
				t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
			}
		}
	})
}

func TestCrossSite(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a, _ := f.site("anna")
		b, _ := f.site("bert")
		p := f.create(a, Input{Title: "Secret of A", Status: Published, Tags: "a"})
		if _, err := f.store.Get(ctx, b, p.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("get from B: %v", err)
		}
		if _, err := f.store.Published(ctx, b, p.Slug); !errors.Is(err, ErrNotFound) {
			t.Errorf("published on B: %v", err)
		}
		if _, err := f.store.BySlug(ctx, b, p.Slug); !errors.Is(err, ErrNotFound) {
			t.Errorf("by slug on B: %v", err)
		}
		if _, err := f.store.Update(ctx, b, p.ID, Input{Title: "Mine"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("update from B: %v", err)
		}
		if err := f.store.Delete(ctx, b, p.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("delete from B: %v", err)
		}
		if page, _ := f.store.List(ctx, b, Query{}); len(page.Posts) != 0 {
			t.Errorf("B lists %s", slugs(page.Posts))
		}
		if tags, _ := f.store.Tags(ctx, b); len(tags) != 0 {
			t.Errorf("B has tags %+v", tags)
		}
		// B may use the same slug.
		f.create(b, Input{Title: "Secret of A", Status: Draft})
		if got, _ := f.store.Get(ctx, a, p.ID); got.Title != "Secret of A" {
			t.Errorf("A's post changed: %+v", got)
		}
	})
}

func TestSeedSamples(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		site, owner := f.site("anna")
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error { return f.store.SeedSamples(ctx, tx, site, owner, "Anna") }); err != nil {
			t.Fatal(err)
		}
		recent, err := f.store.Recent(ctx, site, 10)
		if err != nil || slugs(recent) != strings.Join(SampleSlugs(), ",") {
			t.Errorf("samples = %s, %v", slugs(recent), err)
		}
	})
}

func TestFeedsAreValidXML(t *testing.T) {
	posts := []Post{{ID: 1, Slug: "a-b", Title: "A & <B>", Excerpt: "Ex", Body: "<p>Hi &amp; <b>bold</b></p>", AuthorName: "Anna",
		PublishedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), UpdatedAt: time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC),
		Tags: []Tag{{"Slow living", "slow-living"}}}}
	c := Channel{Title: "Anna's ]]> blog", Language: "en", BaseURL: "https://anna.example.com"}
	raw, err := RSS(c, posts)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Channel struct {
			Title string `xml:"title"`
			Items []struct {
				Title       string `xml:"title"`
				Link        string `xml:"link"`
				PubDate     string `xml:"pubDate"`
				Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
				Description string `xml:"description"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(raw, &r); err != nil {
		t.Fatalf("RSS: %v\n%s", err, raw)
	}
	if r.Version != "2.0" || r.Channel.Title != c.Title || len(r.Channel.Items) != 1 {
		t.Fatalf("RSS = %+v", r)
	}
	it := r.Channel.Items[0]
	if it.Title != "A & <B>" || it.Link != "https://anna.example.com/blog/a-b" || it.Creator != "Anna" ||
		it.Description != "<p>Hi &amp; <b>bold</b></p>" || it.PubDate != "Fri, 02 Jan 2026 03:04:05 +0000" {
		t.Errorf("RSS item = %+v", it)
	}

	raw, err = Atom(c, posts)
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(raw, &a); err != nil {
		t.Fatalf("Atom: %v\n%s", err, raw)
	}
	if a.Title != c.Title || a.Updated != "2026-01-03T00:00:00Z" || len(a.Entries) != 1 ||
		a.Entries[0].Link.Href != "https://anna.example.com/blog/a-b" || a.Entries[0].Content != string(posts[0].Body) {
		t.Errorf("Atom = %+v\n%s", a, raw)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Hello, Café World!": "hello-cafe-world",
		"  Žluťoučký kůň ":   "zlutoucky-kun",
		"Boatbuilder's":      "boatbuilders",
		"!!!":                "",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
