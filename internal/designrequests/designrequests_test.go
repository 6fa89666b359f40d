package designrequests_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/designrequests"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
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

// sent lists the outbox as "to: subject", oldest first.
func sent(t *testing.T, store *mail.Store) []string {
	t.Helper()
	list, _, err := store.Outbox(context.Background(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, list[i].To+": "+list[i].Subject)
	}
	return out
}

func TestDesignRequestThread(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		mails := mail.NewStore(db)
		sender, err := mail.NewSender("", "Pagecart <no-reply@p.test>", slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		workers := river.NewWorkers()
		mail.Register(workers, mail.NewWorker(mails, sender))
		// Not started: the messages stay queued for the test to read.
		q, err := jobs.New(db, jobs.Config{Workers: workers, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		st := designrequests.NewStore(db, mail.NewOutbox(mails, q), func(context.Context) ([]string, error) {
			return []string{"ops@platform.test"}, nil
		})
		a, b := site(t, db, "aaa"), site(t, db, "bbb")
		n := designrequests.Notice{SiteTitle: "Bakery", AdminURL: "http://aaa.test/admin/design-request/", OperatorURL: "http://p.test/operator/design-requests/1/"}

		long := strings.Repeat("x", 10_000)
		bad := []struct {
			name  string
			in    designrequests.Input
			field string
		}{
			{"nothing", designrequests.Input{ContactEmail: "a@b.org"}, "what"},
			{"too long", designrequests.Input{What: long, ContactEmail: "a@b.org"}, "what"},
			{"bad example", designrequests.Input{What: "x", Examples: "javascript:alert(1)", ContactEmail: "a@b.org"}, "examples"},
			{"too many examples", designrequests.Input{What: "x", Examples: strings.Repeat("https://a.org\n", 11), ContactEmail: "a@b.org"}, "examples"},
			{"long budget", designrequests.Input{What: "x", Budget: long, ContactEmail: "a@b.org"}, "budget"},
			{"bad phone", designrequests.Input{What: "x", ContactPhone: "call me", ContactEmail: "a@b.org"}, "contact_phone"},
			{"no e-mail", designrequests.Input{What: "x"}, "contact_email"},
			{"bad e-mail", designrequests.Input{What: "x", ContactEmail: "Anna <a@b.org>"}, "contact_email"},
			{"bad UTF-8", designrequests.Input{What: "\xff", ContactEmail: "a@b.org"}, "what"},
		}
		for _, c := range bad {
			_, err := st.Create(ctx, a, c.in, n)
			if f, _ := fault.AsInvalid(err); f[c.field] == "" {
				t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
			}
		}

		r, err := st.Create(ctx, a, designrequests.Input{What: "A warm, rustic look.", Examples: "https://a.org\nhttps://b.org/x",
			Budget: "500 EUR", Deadline: "March", ContactEmail: "anna@bakery.test", ContactPhone: "+420 123 456"}, n)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != designrequests.StatusNew || len(r.Examples) != 2 {
			t.Fatalf("created %+v", r)
		}
		if _, err := st.Reply(ctx, a, r.ID, designrequests.AuthorOperator, "ops@platform.test", "We can do it for 450 EUR.", n); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Reply(ctx, a, r.ID, designrequests.AuthorOwner, "anna@bakery.test", "Great, go ahead!", n); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Reply(ctx, a, r.ID, designrequests.AuthorOwner, "anna", " ", n); err == nil {
			t.Fatal("empty message accepted")
		}
		if err := st.SetStatus(ctx, a, r.ID, designrequests.StatusQuoted, n); err != nil {
			t.Fatal(err)
		}
		if err := st.SetStatus(ctx, a, r.ID, "bogus", n); err == nil {
			t.Fatal("bogus status accepted")
		}
		got, msgs, err := st.Get(ctx, a, r.ID)
		if err != nil || got.Status != designrequests.StatusQuoted || len(msgs) != 2 || msgs[0].Author != "operator" || msgs[1].Body != "Great, go ahead!" {
			t.Fatalf("thread %+v %+v %v", got, msgs, err)
		}
		want := []string{
			"ops@platform.test: Design request from Bakery",
			"anna@bakery.test: Your design request: a new message",
			"ops@platform.test: Re: design request from Bakery",
			"anna@bakery.test: Your design request: Quoted",
		}
		if got := sent(t, mails); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("mail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		// Site b sees nothing of a's request and cannot touch it.
		if _, _, err := st.Get(ctx, b, r.ID); !errors.Is(err, designrequests.ErrNotFound) {
			t.Fatalf("b read a's request: %v", err)
		}
		if _, err := st.Reply(ctx, b, r.ID, designrequests.AuthorOwner, "x", "hi", n); !errors.Is(err, designrequests.ErrNotFound) {
			t.Fatalf("b replied to a's request: %v", err)
		}
		if err := st.SetStatus(ctx, b, r.ID, designrequests.StatusDone, n); !errors.Is(err, designrequests.ErrNotFound) {
			t.Fatalf("b set a's status: %v", err)
		}
		if list, _ := st.List(ctx, b); len(list) != 0 {
			t.Fatalf("b lists %+v", list)
		}
		all, total, err := st.All(ctx, designrequests.StatusQuoted, 50, 0)
		if err != nil || total != 1 || all[0].ID != r.ID {
			t.Fatalf("all quoted: %+v %d %v", all, total, err)
		}
		if _, total, _ := st.All(ctx, designrequests.StatusNew, 50, 0); total != 0 {
			t.Fatalf("new: %d", total)
		}
	})
}
