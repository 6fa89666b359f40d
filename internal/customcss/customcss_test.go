package customcss_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func newSite(t *testing.T, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, site := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 1, 1)`,
		acct, name+"@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'studio', 'premium', 1, 1)`, site, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return site
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name, css, want string // want: "" accepted, else a part of the message
	}{
		{"rules", "h1 { color: #7a3b12; }\n.hero { padding: 4rem 0; }", ""},
		{"empty", "", ""},
		{"own import", `@import "/media/1/fonts.css";`, ""},
		{"own import url", `@import url( "/x.css" );`, ""},
		{"style end tag", "h1 { color: red }</style><script>alert(1)</script>", "without <style>"},
		{"style end tag upper", "h1 { color: red }</STYLE>", "without <style>"},
		{"style tag around", "<style>h1 { color: red }</style>", "without <style>"},
		{"escaped end tag", `h1 { content: "\3c/style>" }`, "without <style>"},
		{"import https", `@import url(https://evil.example/x.css);`, "own site"},
		{"import string", `@import "http://evil.example/x.css";`, "own site"},
		{"import scheme-relative", `@import '//evil.example/x.css';`, "own site"},
		{"import escaped", `@\69mport "https://evil.example/x.css";`, "own site"},
		{"import upper", `@IMPORT url("HTTPS://evil.example/x.css");`, "own site"},
		{"nul", "h1 { color: red }\x00", "not text"},
		{"too big", strings.Repeat("a{}", customcss.MaxBytes/3+1), "under 100 KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := customcss.Check(tt.css)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			fields, ok := fault.AsInvalid(err)
			if !ok || !strings.Contains(fields["css"], tt.want) {
				t.Fatalf("got %v, want a css error with %q", err, tt.want)
			}
		})
	}
}

func TestSave(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := customcss.NewStore(db)
		a, b := newSite(t, db, "anna"), newSite(t, db, "bert")
		premium, business := plans.MustGet(plans.Premium), plans.MustGet(plans.Business)
		version := func(site int64) (v int64) {
			if err := db.QueryRow(ctx, `SELECT content_version FROM sites WHERE id = ?`, site).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		before := version(a)
		if err := s.Save(ctx, a, premium, "h1 { color: #7a3b12; }\r\n"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CSS(ctx, a); got != "h1 { color: #7a3b12; }" {
			t.Errorf("A's CSS %q", got)
		}
		if version(a) <= before {
			t.Error("saving did not move the content version on")
		}
		if got, _ := s.CSS(ctx, b); got != "" {
			t.Errorf("B has A's CSS %q", got)
		}
		if err := s.Save(ctx, b, business, "h1{}"); !errors.Is(err, fault.ErrForbidden) {
			t.Errorf("Business saved custom CSS: %v", err)
		}
		if err := s.Save(ctx, a, premium, "</style>"); err == nil {
			t.Error("a bad stylesheet was saved")
		}
		if got, _ := s.CSS(ctx, a); got != "h1 { color: #7a3b12; }" {
			t.Errorf("a refused save changed the CSS to %q", got)
		}
		if err := s.Save(ctx, a, premium, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CSS(ctx, a); got != "" {
			t.Errorf("emptied CSS %q", got)
		}
		if err := s.Save(ctx, 424242, premium, "h1{}"); !errors.Is(err, fault.ErrNotFound) && err == nil {
			t.Errorf("saved for no site: %v", err)
		}
	})
}
