package pages_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func site(t *testing.T, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'trial', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestPagesLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		a, b := site(t, db, "aaa"), site(t, db, "bbb")
		business, _ := plans.Get(plans.Business)
		free, _ := plans.Get(plans.Free)
		home, err := st.Create(ctx, a, business, pages.Input{Slug: "", Title: "Home", Body: `<p class="lead">Hi</p><script>alert(1)</script>`, InNav: true})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(home.Body), "script") || !strings.Contains(string(home.Body), `class="lead"`) {
			t.Fatalf("sanitised body = %s", home.Body)
		}
		bad := []struct {
			in    pages.Input
			field string
		}{
			{pages.Input{Slug: "x", Title: ""}, "title"},
			{pages.Input{Slug: "a b", Title: "T"}, "slug"},
			{pages.Input{Slug: "admin", Title: "T"}, "slug"},
			{pages.Input{Slug: "cart", Title: "T"}, "slug"},
			{pages.Input{Slug: "/Products/", Title: "T"}, "slug"},
			{pages.Input{Slug: "", Title: "Dup"}, "slug"},
		}
		for _, tt := range bad {
			_, err := st.Create(ctx, a, business, tt.in)
			if f, _ := fault.AsInvalid(err); f[tt.field] == "" {
				t.Errorf("%+v: %v", tt.in, err)
			}
		}
		for i := range 6 {
			if _, err := st.Create(ctx, a, business, pages.Input{Slug: fmt.Sprint("p", i), Title: "P"}); err != nil {
				t.Fatal(err)
			}
		}
		// Dropping to Free: 7 pages, 5 allowed; the two newest are read-only.
		list, _ := st.List(ctx, a, free)
		var ro []string
		for _, p := range list {
			if p.ReadOnly {
				ro = append(ro, p.Slug)
			}
		}
		if strings.Join(ro, ",") != "p4,p5" {
			t.Fatalf("read-only = %v", ro)
		}
		p5, _ := st.BySlug(ctx, a, "p5")
		if err := st.Update(ctx, a, p5.ID, free, pages.Input{Slug: "p5", Title: "New"}); !errors.Is(err, pages.ErrReadOnly) {
			t.Fatalf("update read-only: %v", err)
		}
		if _, err := st.Create(ctx, a, free, pages.Input{Slug: "more", Title: "More"}); err == nil {
			t.Fatal("created a page above the limit")
		}
		if err := st.Delete(ctx, a, p5.ID); err != nil {
			t.Fatal(err)
		}
		// Site B sees none of A's pages and cannot touch them.
		if _, err := st.ByID(ctx, b, home.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("cross-site read: %v", err)
		}
		if err := st.Update(ctx, b, home.ID, business, pages.Input{Title: "Hacked"}); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("cross-site update: %v", err)
		}
		if err := st.Delete(ctx, b, home.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("cross-site delete: %v", err)
		}
		if err := st.Delete(ctx, a, home.ID); err == nil {
			t.Fatal("deleted the home page")
		}
	})
}

// Text that is not valid UTF-8 would be stored as raw bytes by SQLite and
// served as UTF-8, and refused by PostgreSQL with an error: both databases
// must get a field error instead, on create and on update.
func TestPagesRefuseTextThatIsNotUTF8(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		siteID := site(t, db, "utf")
		business, _ := plans.Get(plans.Business)
		p, err := st.Create(ctx, siteID, business, pages.Input{Slug: "about", Title: "Über uns", Body: "<p>Pekárna ☕</p>"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			in    pages.Input
			field string
			msg   string
		}{
			{"title", pages.Input{Slug: "x", Title: "Caf\xe9"}, "title", fault.MsgInvalidUTF8},
			{"body", pages.Input{Slug: "x", Title: "T", Body: "<p>\xff\xfe</p>"}, "body", fault.MsgInvalidUTF8},
			{"cut character", pages.Input{Slug: "x", Title: "T", Body: "Pek\xc3"}, "body", fault.MsgInvalidUTF8},
			{"slug", pages.Input{Slug: "caf\xe9", Title: "T"}, "slug", fault.MsgInvalidUTF8},
			{"NUL in the body", pages.Input{Slug: "x", Title: "T", Body: "a\x00b"}, "body", fault.MsgNULByte},
		} {
			_, err := st.Create(ctx, siteID, business, tc.in)
			if fields, _ := fault.AsInvalid(err); fields[tc.field] != tc.msg {
				t.Errorf("create, %s: %v; want %q on %s", tc.name, err, tc.msg, tc.field)
			}
			tc.in.Slug = strings.Replace(tc.in.Slug, "x", "about", 1)
			err = st.Update(ctx, siteID, p.ID, business, tc.in)
			if fields, _ := fault.AsInvalid(err); fields[tc.field] != tc.msg {
				t.Errorf("update, %s: %v; want %q on %s", tc.name, err, tc.msg, tc.field)
			}
		}
		got, err := st.ByID(ctx, siteID, p.ID)
		if err != nil || got.Title != "Über uns" || string(got.Body) != "<p>Pekárna ☕</p>" {
			t.Fatalf("the page changed: %+v, %v", got, err)
		}
	})
}
