package redirects_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/redirects"
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

// table is the site's redirects as "from>to" in from order.
func table(t *testing.T, st *redirects.Store, siteID int64) string {
	t.Helper()
	list, _, err := st.List(context.Background(), siteID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range list {
		out = append(out, r.From+">"+r.To)
	}
	// List is newest first; sort for a stable comparison.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return strings.Join(out, " ")
}

func TestRedirectChainsCollapseAndNeverLoop(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := redirects.NewStore(db)
		steps := []struct {
			name     string
			from, to string
			want     string
		}{
			{"first move", "/a", "/b", "/a>/b"},
			{"chain collapses", "/b", "/c", "/a>/c /b>/c"},
			{"longer chain", "/c", "/d", "/a>/d /b>/d /c>/d"},
			{"back to an old address drops its redirect", "/d", "/a", "/b>/a /c>/a /d>/a"},
			{"a swap never loops", "/a", "/d", "/a>/d /b>/d /c>/d"},
			{"same address records nothing", "/x", "/x", "/a>/d /b>/d /c>/d"},
			{"trailing slashes are dropped", "/old/", "/d/", "/a>/d /b>/d /c>/d /old>/d"},
			{"home page", "/d", "/", "/a>/ /b>/ /c>/ /d>/ /old>/"},
		}
		a := site(t, db, "aaa")
		for _, s := range steps {
			if err := st.Add(ctx, a, s.from, s.to); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if got := table(t, st, a); got != s.want {
				t.Fatalf("%s: redirects %q, want %q", s.name, got, s.want)
			}
			// Every target is final: looking it up finds nothing.
			list, _, _ := st.List(ctx, a, 0)
			for _, r := range list {
				if to, err := st.Lookup(ctx, a, r.To); err == nil {
					t.Fatalf("%s: chain %s → %s → %s", s.name, r.From, r.To, to)
				}
			}
		}
		if to, err := st.Lookup(ctx, a, "/a/"); err != nil || to != "/" {
			t.Fatalf("lookup /a/ = %q, %v", to, err)
		}

		// Another site sees none of them and cannot delete them.
		b := site(t, db, "bbb")
		if _, err := st.Lookup(ctx, b, "/a"); !errors.Is(err, redirects.ErrNotFound) {
			t.Fatalf("site b looked up a's redirect: %v", err)
		}
		if err := st.Delete(ctx, b, "/a"); !errors.Is(err, redirects.ErrNotFound) {
			t.Fatalf("site b deleted a's redirect: %v", err)
		}
		if err := st.Delete(ctx, a, "/a"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Lookup(ctx, a, "/a"); !errors.Is(err, redirects.ErrNotFound) {
			t.Fatalf("deleted redirect still answers: %v", err)
		}
	})
}

func TestRedirectRefusesBadPaths(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := redirects.NewStore(db)
		a := site(t, db, "aaa")
		bad := []struct{ from, to, field string }{
			{"", "/a", "from"},
			{"a", "/b", "from"},
			{"/a", "//evil.example", "to"},
			{"/a", `/\evil.example`, "to"},
			{"/a", "https://evil.example/", "to"},
			{"/a b", "/b", "from"},
			{"/a\x00", "/b", "from"},
			{"/\xff", "/b", "from"},
			{"/" + strings.Repeat("x", 10_000), "/b", "from"},
		}
		for _, b := range bad {
			err := st.Add(ctx, a, b.from, b.to)
			if f, _ := fault.AsInvalid(err); f[b.field] == "" {
				t.Errorf("Add(%q, %q) = %v, want an error on %s", b.from, b.to, err, b.field)
			}
		}
		if got := table(t, st, a); got != "" {
			t.Fatalf("bad input stored: %q", got)
		}
	})
}
