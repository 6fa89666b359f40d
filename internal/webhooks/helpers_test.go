package webhooks_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// site adds a site (and its owner) and returns its ID.
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

// fast is a configuration whose retries come within milliseconds, and
// which may reach the test's own receivers on 127.0.0.1.
var fast = webhooks.Config{AllowPrivate: true, Timeout: 2 * time.Second, RetryFirst: 20 * time.Millisecond, RetryMax: 80 * time.Millisecond, Window: time.Hour}

// platform is a store with a running job queue and the mail outbox, as
// the composition root builds them.
type platform struct {
	db    *sqldb.DB
	store *webhooks.Store
	queue *jobs.Queue
	mail  *mail.Store
}

// newPlatform builds the store with cfg; start runs its delivery worker.
func newPlatform(t *testing.T, db *sqldb.DB, cfg webhooks.Config, start bool) *platform {
	t.Helper()
	p := &platform{db: db, store: webhooks.NewStore(db, cfg), mail: mail.NewStore(db)}
	workers := river.NewWorkers()
	webhooks.Register(workers, p.store)
	sender, err := mail.NewSender("", "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	mail.Register(workers, mail.NewWorker(p.mail, sender))
	p.queue, err = jobs.New(db, jobs.Config{Workers: workers, PollInterval: 20 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	p.store.UseQueue(p.queue)
	p.store.UseOutbox(mail.NewOutbox(p.mail, p.queue), func(ctx context.Context, siteID int64) (webhooks.Owner, error) {
		return webhooks.Owner{Email: "owner@example.com", SiteTitle: "Bakery", AdminURL: "http://bakery.localhost/admin/webhooks"}, nil
	})
	if start {
		ctx, cancel := context.WithCancel(context.Background())
		if err := p.queue.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			stop, done := context.WithTimeout(context.Background(), 5*time.Second)
			defer done()
			_ = p.queue.Stop(stop)
			cancel()
		})
	}
	return p
}

// enqueue records a change in its own transaction.
func (p *platform) enqueue(t *testing.T, siteID int64, topic string, payload any) {
	t.Helper()
	if err := p.db.InTx(context.Background(), func(tx *sqldb.Tx) error {
		return p.store.EnqueueTx(context.Background(), tx, siteID, topic, payload)
	}); err != nil {
		t.Fatal(err)
	}
}

func count(t testing.TB, db *sqldb.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// eventually waits up to 60 s for ok: the shared test machine can be very slow.
func eventually(t testing.TB, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
