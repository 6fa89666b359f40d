package ordermail_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/ordermail"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

var shop = ordermail.ShopInfo{Name: "Pekárna Dvořák", URL: "http://pekarna.localhost:8080", Email: "shop@example.com", Language: "cs", TimeZone: "Europe/Prague"}

func TestDefaultsRender(t *testing.T) {
	data := ordermail.Sample(shop, "CZK")
	for _, e := range ordermail.Events() {
		subject, body, err := ordermail.Render(ordermail.Default(e), data)
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		if !strings.Contains(subject, "2026-00042") || !strings.Contains(body, "Jana Nováková") || !strings.Contains(body, "Pekárna Dvořák") {
			t.Errorf("%s: %q\n%s", e, subject, body)
		}
		if e != ordermail.Cancelled && !strings.Contains(body, "http://pekarna.localhost:8080/orders/SAMPLE-order-page-address") {
			t.Errorf("%s: no order link in\n%s", e, body)
		}
	}
	_, body, _ := ordermail.Render(ordermail.Default(ordermail.Received), data)
	for _, want := range []string{"2 × Linen apron (Blue): 38,00", "Total: 58,90", "Dlouhá 12", "reference 2026000042"} {
		if !strings.Contains(body, want) {
			t.Errorf("received e-mail lacks %q:\n%s", want, body)
		}
	}
}

// TestCheck: every template a shop owner could write either works or
// comes back as a message on its field; none panics or runs away.
func TestCheck(t *testing.T) {
	sample := ordermail.Sample(shop, "EUR")
	ok := ordermail.Default(ordermail.Received)
	for _, tc := range []struct {
		name          string
		subject, body string
		field, want   string
	}{
		{"default", ok.Subject, ok.Body, "", ""},
		{"empty subject", "", ok.Body, "subject", "Write a subject."},
		{"empty body", ok.Subject, "", "body", "Write the e-mail's text."},
		{"unclosed action", "Order {{.Order.Number", ok.Body, "subject", "not a valid template"},
		{"unknown field", ok.Subject, "Hi {{.Order.Nmber}}", "body", "fails on a sample order"},
		{"unknown function", ok.Subject, "{{shout .Order.Number}}", "body", "not a valid template"},
		{"range over a number", ok.Subject, "{{range 1000000000000}}x{{end}}", "body", "can only go through a list"},
		{"range over a variable", ok.Subject, "{{$n := 5}}{{range $n}}x{{end}}", "body", "can only go through a list"},
		{"range over a call", ok.Subject, `{{range (len "abc")}}x{{end}}`, "body", "can only go through a list"},
		{"nested range over a number", ok.Subject, "{{range .Order.Lines}}{{if true}}{{range 99999999}}{{end}}{{end}}{{end}}", "body", "can only go through a list"},
		{"define", ok.Subject, `{{define "x"}}{{template "x"}}{{end}}{{template "x"}}`, "body", "not available"},
		{"template call", ok.Subject, `{{template "body"}}`, "body", "not available"},
		{"huge output", ok.Subject, `{{range .Order.Lines}}{{printf "%999999d" 1}}{{end}}`, "body", "longer than 64 KB"},
		{"index out of range", ok.Subject, `{{index .Order.Lines 5}}`, "body", "fails on a sample order"},
		{"bad utf-8", ok.Subject, "\xff", "body", fault.MsgInvalidUTF8},
		{"too long", ok.Subject, strings.Repeat("a", 20001), "body", "at most 20000"},
		{"range over lines", ok.Subject, "{{range $i, $l := .Order.Lines}}{{$l.Name}}{{end}}{{range $.Order.Lines}}{{.SKU}}{{end}}", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ordermail.Check(ordermail.Template{Event: ordermail.Received, Subject: tc.subject, Body: tc.body}, sample)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			fields, ok := fault.AsInvalid(err)
			if !ok || !strings.Contains(fields[tc.field], tc.want) {
				t.Fatalf("got %v, want %s: …%s…", err, tc.field, tc.want)
			}
		})
	}
}

func TestRenderSubjectIsOneLine(t *testing.T) {
	subject, _, err := ordermail.Render(ordermail.Template{Subject: "Order\n{{.Order.Number}}\r\nBcc: x@example.com", Body: "x"}, ordermail.Sample(shop, "EUR"))
	if err != nil || strings.ContainsAny(subject, "\r\n") {
		t.Fatalf("subject %q %v", subject, err)
	}
}

func site(t testing.TB, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'business', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := ordermail.NewStore(db)
		a, b := site(t, db, "a"), site(t, db, "b")
		sample := ordermail.Sample(shop, "EUR")
		mine := ordermail.Template{Event: ordermail.Paid, Subject: "Paid: {{.Order.Number}}", Body: "Thanks, {{.Customer.Name}}.\r\n"}
		if err := s.Save(ctx, a, mine, sample); err != nil {
			t.Fatal(err)
		}
		got, err := s.Template(ctx, a, ordermail.Paid)
		if err != nil || !got.Custom || got.Body != "Thanks, {{.Customer.Name}}.\n" {
			t.Fatalf("saved = %+v %v", got, err)
		}
		// Site B still has the default.
		if other, _ := s.Template(ctx, b, ordermail.Paid); other.Custom || other.Subject != ordermail.Default(ordermail.Paid).Subject {
			t.Fatalf("site B = %+v", other)
		}
		// A broken template is refused and the saved one stays.
		if err := s.Save(ctx, a, ordermail.Template{Event: ordermail.Paid, Subject: "{{.Nope}}", Body: "x"}, sample); err == nil {
			t.Fatal("saved a broken template")
		}
		if got, _ := s.Template(ctx, a, ordermail.Paid); got.Subject != mine.Subject {
			t.Fatalf("after a refused save: %+v", got)
		}
		all, err := s.Templates(ctx, a)
		if err != nil || len(all) != 4 || all[1].Event != ordermail.Paid || !all[1].Custom || all[0].Custom {
			t.Fatalf("templates = %+v %v", all, err)
		}
		if err := s.Reset(ctx, a, ordermail.Paid); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Template(ctx, a, ordermail.Paid); got.Custom {
			t.Fatal("reset kept the site's wording")
		}
		if err := s.Save(ctx, a, ordermail.Template{Event: "refunded", Subject: "x", Body: "y"}, sample); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("unknown event: %v", err)
		}
	})
}
