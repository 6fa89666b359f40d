package menus_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/pages"
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

// labels draws a menu as text: "A, B(C D), E" — nested items in brackets.
func labels(items []menus.Item) string {
	var b strings.Builder
	for i, it := range items {
		switch {
		case it.Depth == 1 && (i == 0 || items[i-1].Depth == 0):
			b.WriteString("(")
		case it.Depth == 1:
			b.WriteString(" ")
		case i > 0 && items[i-1].Depth == 1:
			b.WriteString("), ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString(it.Label)
	}
	if len(items) > 0 && items[len(items)-1].Depth == 1 {
		b.WriteString(")")
	}
	return b.String()
}

func version(t *testing.T, db *sqldb.DB, siteID int64) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRow(context.Background(), `SELECT content_version FROM sites WHERE id = ?`, siteID).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMenuEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := menus.NewStore(db)
		a, b := site(t, db, "aaa"), site(t, db, "bbb")
		all := []pages.Page{{ID: 11, Title: "Home", InNav: true}, {ID: 12, Title: "Hidden"}, {ID: 13, Title: "About", InNav: true},
			{ID: 14, Title: "Visit", InNav: true}}
		defaults := menus.Defaults(all, false, true)
		if got := labels(defaults); got != "Home, About, Visit, Shop" {
			t.Fatalf("defaults = %s", got)
		}
		if _, edited, err := st.Items(ctx, a, menus.Header); err != nil || edited {
			t.Fatalf("a new site's menu is edited: %v %v", edited, err)
		}
		v0 := version(t, db, a)
		// The first edit names a default item by its place (-2: the second).
		if err := st.Apply(ctx, a, menus.Header, defaults, menus.Edit{Op: "up", ID: -2}); err != nil {
			t.Fatal(err)
		}
		if version(t, db, a) == v0 {
			t.Fatal("an edit did not move the content version on")
		}
		items, edited, err := st.Items(ctx, a, menus.Header)
		if err != nil || !edited {
			t.Fatal(edited, err)
		}
		id := func(label string) int64 {
			items, _, _ := st.Items(ctx, a, menus.Header)
			for _, it := range items {
				if it.Label == label {
					return it.ID
				}
			}
			t.Fatalf("no %q in %s", label, labels(items))
			return 0
		}
		steps := []struct {
			edit menus.Edit
			want string
			bad  string // the field of the expected refusal
		}{
			{menus.Edit{Op: "up", ID: id("About")}, "About, Home, Visit, Shop", ""},
			{menus.Edit{Op: "down", ID: id("Shop")}, "About, Home, Visit, Shop", ""},
			{menus.Edit{Op: "indent", ID: id("About")}, "", "op"},
			{menus.Edit{Op: "indent", ID: id("Visit")}, "About, Home(Visit), Shop", ""},
			{menus.Edit{Op: "indent", ID: id("Shop")}, "About, Home(Visit Shop)", ""},
			{menus.Edit{Op: "indent", ID: id("Shop")}, "", "op"},
			{menus.Edit{Op: "up", ID: id("Shop")}, "About, Home(Shop Visit)", ""},
			{menus.Edit{Op: "indent", ID: id("Home")}, "", "op"},
			{menus.Edit{Op: "outdent", ID: id("Shop")}, "About, Home(Visit), Shop", ""},
			{menus.Edit{Op: "rename", ID: id("About"), Label: "  Our story "}, "Our story, Home(Visit), Shop", ""},
			{menus.Edit{Op: "rename", ID: id("Home"), Label: " "}, "", "label"},
			{menus.Edit{Op: "add", Input: menus.Input{Label: "Blog", Kind: menus.KindURL, URL: "https://example.com/blog"}}, "Our story, Home(Visit), Shop, Blog", ""},
			{menus.Edit{Op: "add", Input: menus.Input{Label: "Evil", Kind: menus.KindURL, URL: "javascript:alert(1)"}}, "", "url"},
			{menus.Edit{Op: "add", Input: menus.Input{Label: "Nothing", Kind: menus.KindPage}}, "", "target"},
			{menus.Edit{Op: "add", Input: menus.Input{Label: "Odd", Kind: "spaceship", TargetID: 1}}, "", "target"},
			{menus.Edit{Op: "remove", ID: id("Home")}, "Our story, Shop, Blog", ""},
		}
		for i, s := range steps {
			err := st.Apply(ctx, a, menus.Header, defaults, s.edit)
			if s.bad != "" {
				if f, _ := fault.AsInvalid(err); f[s.bad] == "" {
					t.Fatalf("step %d (%s): want a refusal on %q, got %v", i, s.edit.Op, s.bad, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("step %d (%s): %v", i, s.edit.Op, err)
			}
			items, _, _ = st.Items(ctx, a, menus.Header)
			if got := labels(items); got != s.want {
				t.Fatalf("step %d (%s): %s, want %s", i, s.edit.Op, got, s.want)
			}
		}
		// The footer is another menu, still the default.
		if _, edited, _ := st.Items(ctx, a, menus.Footer); edited {
			t.Fatal("editing the header edited the footer")
		}
		// Site B cannot touch A's items: not found, and A's menu is unchanged.
		for _, op := range []string{"rename", "up", "down", "indent", "outdent", "remove"} {
			err := st.Apply(ctx, b, menus.Header, nil, menus.Edit{Op: op, ID: id("Shop"), Label: "Mine"})
			if !errors.Is(err, fault.ErrNotFound) {
				t.Errorf("site B %s on A's item: %v, want not found", op, err)
			}
		}
		if got, _, _ := st.Items(ctx, a, menus.Header); labels(got) != "Our story, Shop, Blog" {
			t.Fatalf("A's menu changed by B: %s", labels(got))
		}
		if err := st.Apply(ctx, a, "sidebar", nil, menus.Edit{Op: "remove", ID: 1}); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("a third menu: %v", err)
		}
		// Reset brings the default back; an emptied menu stays empty.
		if err := st.Reset(ctx, a, menus.Header); err != nil {
			t.Fatal(err)
		}
		if _, edited, _ := st.Items(ctx, a, menus.Header); edited {
			t.Fatal("reset menu still edited")
		}
		if err := st.Apply(ctx, a, menus.Footer, defaults, menus.Edit{Op: "remove", ID: -1}); err != nil {
			t.Fatal(err)
		}
		left, _, _ := st.Items(ctx, a, menus.Footer)
		for _, it := range left {
			if err := st.Apply(ctx, a, menus.Footer, nil, menus.Edit{Op: "remove", ID: it.ID}); err != nil {
				t.Fatal(err)
			}
		}
		if items, edited, _ := st.Items(ctx, a, menus.Footer); !edited || len(items) != 0 {
			t.Fatalf("emptied footer: %s, edited %v", labels(items), edited)
		}
	})
}

func TestResolve(t *testing.T) {
	items := []menus.Item{
		{Label: "Home", Kind: menus.KindPage, TargetID: 1},
		{Label: "Gone", Kind: menus.KindPage, TargetID: 2},
		{Label: "Under gone", Kind: menus.KindURL, URL: "/x", Depth: 1},
		{Label: "Shop", Kind: menus.KindCategory, TargetID: 5},
		{Label: "Rye", Kind: menus.KindProduct, TargetID: 6, Depth: 1},
		{Label: "Old", Kind: menus.KindProduct, TargetID: 7, Depth: 1},
		{Label: "Post", Kind: menus.KindPost, TargetID: 8},
		{Label: "Mail", Kind: menus.KindURL, URL: "mailto:a@b.c"},
	}
	addr := map[int64]string{1: "/", 5: "/categories/bread", 6: "/products/rye"}
	got := menus.Resolve(items, func(_ menus.Kind, id int64) (string, bool) { u, ok := addr[id]; return u, ok }, "/products/rye")
	var b strings.Builder
	for _, l := range got {
		b.WriteString(l.Label + "=" + l.URL)
		for _, c := range l.Children {
			b.WriteString(" [" + c.Label + "=" + c.URL)
			if c.Current {
				b.WriteString(" current")
			}
			b.WriteString("]")
		}
		b.WriteString("; ")
	}
	want := "Home=/; Shop=/categories/bread [Rye=/products/rye current]; Mail=mailto:a@b.c; "
	if b.String() != want {
		t.Fatalf("got  %s\nwant %s", b.String(), want)
	}
}

func TestCheckURL(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"/contact", true}, {"/products?sort=new", true}, {"#hours", true}, {"https://example.com", true},
		{"http://example.com/a b", false}, {"mailto:me@example.com", true}, {"tel:+420123", true},
		{"javascript:alert(1)", false}, {"JavaScript:alert(1)", false}, {"data:text/html,x", false},
		{"//evil.example", false}, {"contact", false}, {"", false}, {"https://", false}, {"/a\\b", false},
	} {
		if _, err := menus.CheckURL(tt.in); (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", tt.in, err, tt.ok)
		}
	}
}
