package pages_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/redirects"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// onePixel is the smallest GIF there is, for a media library image.
var onePixel = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"

func slugs(t *testing.T, st *pages.Store, siteID int64) string {
	t.Helper()
	ps, err := st.List(context.Background(), siteID, plans.MustGet(plans.Business))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, "/"+p.Slug)
	}
	return strings.Join(out, " ")
}

func TestPageSettingsDuplicateMoveAndHome(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		lib := media.NewStore(db, t.TempDir())
		st.UseMedia(lib)
		rd := redirects.NewStore(db)
		business := plans.MustGet(plans.Business)
		a, b := site(t, db, "aaa"), site(t, db, "bbb")
		home, _ := st.Create(ctx, a, business, pages.Input{Slug: "", Title: "Welcome", Body: `<p>Hi</p>`, InNav: true})
		about, _ := st.Create(ctx, a, business, pages.Input{Slug: "about", Title: "About us", Body: `<p>We bake.</p>`, InNav: true})
		oops, _ := st.Create(ctx, a, business, pages.Input{Slug: "oops", Title: "Lost?", Body: `<p>Try the menu.</p>`})
		img, err := lib.Upload(ctx, a, business, "pixel.gif", strings.NewReader(onePixel))
		if err != nil {
			t.Fatal(err)
		}
		otherImg, err := lib.Upload(ctx, b, business, "pixel.gif", strings.NewReader(onePixel))
		if err != nil {
			t.Fatal(err)
		}

		// Bad input: each row names the field that must complain.
		long := strings.Repeat("x", 10_000)
		bad := []struct {
			name  string
			id    int64
			in    pages.Settings
			field string
		}{
			{"no title", about.ID, pages.Settings{Slug: "about"}, "title"},
			{"long title", about.ID, pages.Settings{Title: long, Slug: "about"}, "title"},
			{"bad slug", about.ID, pages.Settings{Title: "A", Slug: "a b"}, "slug"},
			{"reserved slug", about.ID, pages.Settings{Title: "A", Slug: "admin"}, "slug"},
			{"empty slug", about.ID, pages.Settings{Title: "A", Slug: ""}, "slug"},
			{"taken slug", about.ID, pages.Settings{Title: "A", Slug: "oops"}, "slug"},
			{"long SEO title", about.ID, pages.Settings{Title: "A", Slug: "about", SEOTitle: long}, "seo_title"},
			{"long description", about.ID, pages.Settings{Title: "A", Slug: "about", SEODescription: long}, "seo_description"},
			{"NUL in description", about.ID, pages.Settings{Title: "A", Slug: "about", SEODescription: "a\x00b"}, "seo_description"},
			{"another site's image", about.ID, pages.Settings{Title: "A", Slug: "about", SocialImageID: otherImg.Media.ID}, "social_image"},
			{"home as 404", home.ID, pages.Settings{Title: "W", NotFound: true}, "not_found"},
		}
		for _, c := range bad {
			err := st.UpdateSettings(ctx, a, c.id, business, c.in)
			if f, _ := fault.AsInvalid(err); f[c.field] == "" {
				t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
			}
		}

		// A new address leaves a redirect behind; the image use is recorded.
		err = st.UpdateSettings(ctx, a, about.ID, business, pages.Settings{Title: "Our story", Slug: "story", InNav: true,
			SEOTitle: "  The  bakery's story ", SEODescription: "Since 1982.", SocialImageID: img.Media.ID})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := st.ByID(ctx, a, about.ID)
		if got.Slug != "story" || got.SEOTitle != "The bakery's story" || got.SocialImageID != img.Media.ID || got.Body != about.Body {
			t.Fatalf("after settings: %+v", got)
		}
		if to, err := rd.Lookup(ctx, a, "/about"); err != nil || to != "/story" {
			t.Fatalf("redirect /about = %q, %v", to, err)
		}
		if uses, _ := lib.Uses(ctx, a, img.Media.ID); len(uses) != 1 || uses[0].OwnerKind != pages.SocialImageUse {
			t.Fatalf("uses %+v", uses)
		}
		// The content editor's Update leaves a redirect too, and collapses the chain.
		if err := st.Update(ctx, a, about.ID, business, pages.Input{Slug: "history", Title: "Our story", Body: "<p>x</p>"}); err != nil {
			t.Fatal(err)
		}
		for _, from := range []string{"/about", "/story"} {
			if to, err := rd.Lookup(ctx, a, from); err != nil || to != "/history" {
				t.Fatalf("redirect %s = %q, %v", from, to, err)
			}
		}

		// One page-not-found page per site.
		for _, id := range []int64{oops.ID, about.ID} {
			p, _ := st.ByID(ctx, a, id)
			if err := st.UpdateSettings(ctx, a, id, business, pages.Settings{Title: p.Title, Slug: p.Slug, NotFound: true}); err != nil {
				t.Fatal(err)
			}
		}
		if nf, err := st.NotFoundPage(ctx, a); err != nil || nf.ID != about.ID {
			t.Fatalf("not-found page %+v, %v", nf, err)
		}
		if _, err := st.NotFoundPage(ctx, b); !errors.Is(err, pages.ErrNotFound) {
			t.Fatalf("site b has a not-found page: %v", err)
		}

		// Duplicate: a copy at a free address, content kept, SEO not.
		cp, err := st.Duplicate(ctx, a, business, about.ID)
		if err != nil {
			t.Fatal(err)
		}
		cp2, err := st.Duplicate(ctx, a, business, about.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Title != "Copy of Our story" || cp.Slug != "copy-of-history" || cp2.Slug != "copy-of-history-2" ||
			cp.Body != "<p>x</p>" || cp.SEOTitle != "" || cp.NotFound {
			t.Fatalf("copies %+v %+v", cp, cp2)
		}
		if _, err := st.Duplicate(ctx, b, business, about.ID); !errors.Is(err, pages.ErrNotFound) {
			t.Fatalf("site b duplicated a's page: %v", err)
		}

		// Move up and down; the ends stay.
		if got := slugs(t, st, a); got != "/ /history /oops /copy-of-history /copy-of-history-2" {
			t.Fatalf("order %q", got)
		}
		for _, m := range []struct {
			id    int64
			delta int
			want  string
		}{
			{oops.ID, -1, "/ /oops /history /copy-of-history /copy-of-history-2"},
			{home.ID, -1, "/ /oops /history /copy-of-history /copy-of-history-2"},
			{home.ID, 1, "/oops / /history /copy-of-history /copy-of-history-2"},
			{cp2.ID, 1, "/oops / /history /copy-of-history /copy-of-history-2"},
			{cp2.ID, -1, "/oops / /history /copy-of-history-2 /copy-of-history"},
		} {
			if err := st.Move(ctx, a, m.id, m.delta); err != nil {
				t.Fatal(err)
			}
			if got := slugs(t, st, a); got != m.want {
				t.Fatalf("after moving %d by %d: %q, want %q", m.id, m.delta, got, m.want)
			}
		}
		if err := st.Move(ctx, b, home.ID, 1); !errors.Is(err, pages.ErrNotFound) {
			t.Fatalf("site b moved a's page: %v", err)
		}

		// Make "history" the home page: the old home gets an address from
		// its title, and /history leads to "/".
		if err := st.SetHome(ctx, b, about.ID); !errors.Is(err, pages.ErrNotFound) {
			t.Fatalf("site b set a's home: %v", err)
		}
		if err := st.SetHome(ctx, a, about.ID); f(err) == "" {
			t.Fatalf("the page-not-found page became home: %v", err)
		}
		if err := st.SetHome(ctx, a, cp.ID); err != nil {
			t.Fatal(err)
		}
		if got := slugs(t, st, a); got != "/oops /welcome /history /copy-of-history-2 /" {
			t.Fatalf("after SetHome: %q", got)
		}
		for _, from := range []string{"/copy-of-history"} {
			if to, err := rd.Lookup(ctx, a, from); err != nil || to != "/" {
				t.Fatalf("redirect %s = %q, %v", from, to, err)
			}
		}

		// Deleting the page forgets its image use.
		if err := st.Delete(ctx, a, about.ID); err != nil {
			t.Fatal(err)
		}
		if uses, _ := lib.Uses(ctx, a, img.Media.ID); len(uses) != 0 {
			t.Fatalf("uses after delete %+v", uses)
		}
	})
}

func f(err error) string {
	m, _ := fault.AsInvalid(err)
	for _, v := range m {
		return v
	}
	return ""
}

func TestSanitizerFollowsInternalLinks(t *testing.T) {
	st := pages.NewStore(nil)
	got := string(st.Sanitize(`<a href="/about">a</a><a href="https://x.org/">b</a>`))
	if want := `<a href="/about">a</a><a href="https://x.org/" rel="nofollow">b</a>`; got != want {
		t.Fatalf("sanitised %s, want %s", got, want)
	}
}
