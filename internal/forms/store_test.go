package forms_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
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
		VALUES (?, ?, ?, ?, 'studio', 'trial', 1, 1)`, site, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return site
}

func TestFormValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		form  forms.Form
		field string
	}{
		{"no title", forms.Form{Slug: "a", Fields: forms.Default("x").Fields}, "title"},
		{"bad slug", forms.Form{Title: "T", Slug: "A B", Fields: forms.Default("x").Fields}, "slug"},
		{"no fields", forms.Form{Title: "T", Slug: "a"}, "fields"},
		{"no label", forms.Form{Title: "T", Slug: "a", Fields: []forms.Field{{Kind: forms.Text}}}, "field-0"},
		{"bad kind", forms.Form{Title: "T", Slug: "a", Fields: []forms.Field{{Label: "L", Kind: "file"}}}, "field-0"},
		{"one option", forms.Form{Title: "T", Slug: "a", Fields: []forms.Field{{Label: "L", Kind: forms.Choice, Options: []string{"x", " "}}}}, "field-0"},
		{"long label", forms.Form{Title: "T", Slug: "a", Fields: []forms.Field{{Label: strings.Repeat("x", 101), Kind: forms.Text}}}, "field-0"},
	} {
		err := c.form.Validate()
		fields, ok := fault.AsInvalid(err)
		if !ok || fields[c.field] == "" {
			t.Errorf("%s: %v, want a message for %s", c.name, err, c.field)
		}
	}
	f := forms.Form{Title: " T ", Slug: "Contact", Fields: []forms.Field{{Label: "A", Kind: forms.Text}, {Label: "B", Kind: forms.Text, Key: "f1"}}}
	if err := f.Validate(); err != nil || f.Slug != "contact" || f.Fields[0].Key == f.Fields[1].Key || f.Thanks == "" {
		t.Fatalf("%+v, %v", f, err)
	}
}

// The store on both databases: a slug once per site, the inbox searched
// by words taken literally (a % is no wildcard), scoped by site.
func TestStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		q, err := jobs.New(db, jobs.Config{})
		if err != nil {
			t.Fatal(err)
		}
		st := forms.NewStore(db, captcha.NewStore(db), mail.NewOutbox(mail.NewStore(db), q))
		a, b := newSite(t, db, "forms-a"), newSite(t, db, "forms-b")
		fa, err := st.Save(ctx, a, forms.Default("Contact"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Save(ctx, a, forms.Default("Again")); err == nil {
			t.Fatal("two forms of one site share a slug")
		}
		if _, err := st.Save(ctx, b, forms.Default("Contact")); err != nil {
			t.Fatalf("another site's slug: %v", err)
		}
		if _, err := st.Form(ctx, b, fa.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("a's form from b: %v", err)
		}
		for i, text := range []string{"Rye on Sundays?", "100% spelt", "Wedding cake"} {
			if _, err := db.Exec(ctx, `INSERT INTO form_submissions (site_id, id, form_id, status, email, data, search, ip_hash, created_at)
				VALUES (?, ?, ?, 'unread', '', ?, ?, '', ?)`, a, i+1, fa.ID, `[{"label":"Message","value":"`+text+`"}]`,
				strings.ToLower(text)+"\n", i); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			search string
			want   int
		}{{"", 3}, {"rye", 1}, {"SUNDAYS rye", 1}, {"%", 1}, {"_", 0}, {"cake wedding", 1}, {"bread", 0}} {
			msgs, total, err := st.Inbox(ctx, a, forms.InboxQuery{Search: c.search})
			if err != nil || total != c.want || len(msgs) != c.want {
				t.Errorf("search %q: %d (%d), %v; want %d", c.search, total, len(msgs), err, c.want)
			}
		}
		if err := st.SetStatus(ctx, a, 1, forms.Spam); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := st.Inbox(ctx, a, forms.InboxQuery{}); total != 2 {
			t.Fatalf("inbox without spam: %d", total)
		}
		if err := st.SetStatus(ctx, b, 2, forms.Spam); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("b marks a's message: %v", err)
		}
		if err := st.DeleteMessage(ctx, b, 2); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("b deletes a's message: %v", err)
		}
		if _, total, _ := st.Inbox(ctx, b, forms.InboxQuery{}); total != 0 {
			t.Fatalf("b's inbox: %d", total)
		}
		if err := st.Delete(ctx, a, fa.ID); err != nil {
			t.Fatal(err)
		}
		var n int
		_ = db.QueryRow(ctx, `SELECT COUNT(*) FROM form_submissions WHERE site_id = ?`, a).Scan(&n)
		if n != 0 {
			t.Fatalf("%d messages outlive their form", n)
		}
	})
}
