package webhooks_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// receiver is a real HTTP endpoint that answers failures first.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	fails    int // how many requests get a 500 before the first 200
	requests []request
}

type request struct {
	header http.Header
	body   []byte
	status int
}

func newReceiver(t *testing.T, fails int) *receiver {
	r := &receiver{fails: fails}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		status := http.StatusOK
		if len(r.requests) < r.fails {
			status = http.StatusInternalServerError
		}
		r.requests = append(r.requests, request{req.Header.Clone(), body, status})
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.requests...)
}

// The proof: a receiver that fails three times and then succeeds
// gets exactly one successful delivery, its signature verifies with the
// secret shown at creation, and all four attempts are in the log.
func TestDeliveryRetriesUntilTheReceiverAnswers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		p := newPlatform(t, db, fast, true)
		siteID := site(t, db, "bakery")
		rcv := newReceiver(t, 3)
		sub, err := p.store.Create(ctx, siteID, webhooks.Input{Topic: "products/create", URL: rcv.URL + "/hooks"})
		if err != nil {
			t.Fatal(err)
		}
		p.enqueue(t, siteID, "products/create", map[string]any{"title": "Rye loaf", "price": 450})

		var d webhooks.Delivery
		eventually(t, "the delivery succeeds", func() bool {
			page, err := p.store.Deliveries(ctx, siteID, sub.ID, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			d = page.Deliveries[0]
			return d.Status == webhooks.DeliverySucceeded
		})
		time.Sleep(100 * time.Millisecond) // a stray extra attempt would show now
		reqs := rcv.got()
		if len(reqs) != 4 {
			t.Fatalf("%d requests, want 4", len(reqs))
		}
		ok := 0
		for _, r := range reqs {
			if r.status == http.StatusOK {
				ok++
			}
		}
		if ok != 1 {
			t.Errorf("%d successful deliveries, want exactly 1", ok)
		}
		last := reqs[3]
		if !webhooks.Verify(sub.Secret, last.header.Get("Pagecart-Signature"), last.body, time.Now(), 5*time.Minute) {
			t.Errorf("signature %q does not verify", last.header.Get("Pagecart-Signature"))
		}
		if webhooks.Verify(sub.Secret, last.header.Get("Pagecart-Signature"), append(last.body, ' '), time.Now(), 5*time.Minute) {
			t.Error("a changed body verifies")
		}
		if got := last.header.Get("Pagecart-Topic"); got != "products/create" {
			t.Errorf("Pagecart-Topic = %q", got)
		}
		if got := last.header.Get("Pagecart-Webhook-Id"); got != itoa(d.ID) || reqs[0].header.Get("Pagecart-Webhook-Id") != got {
			t.Errorf("Pagecart-Webhook-Id = %q on every attempt, want %d", got, d.ID)
		}
		if got := last.header.Get("Content-Type"); got != "application/json" {
			t.Errorf("Content-Type = %q", got)
		}
		var body struct {
			ID, Topic string
			Data      struct{ Title string }
		}
		if err := json.Unmarshal(last.body, &body); err != nil || body.ID != itoa(d.EventID) || body.Topic != "products/create" || body.Data.Title != "Rye loaf" {
			t.Errorf("body %s (%v)", last.body, err)
		}
		if d.Attempts != 4 || d.LastStatus != 200 || len(d.Log) != 4 || d.FinishedAt.IsZero() {
			t.Fatalf("delivery %+v", d)
		}
		for i, a := range d.Log {
			want := 500
			if i == 3 {
				want = 200
			}
			if a.Number != i+1 || a.StatusCode != want || (want == 200) != (a.Error == "") {
				t.Errorf("attempt %d: %+v", i+1, a)
			}
		}
		if got, _ := p.store.Get(ctx, siteID, sub.ID); !got.FailingSince.IsZero() || !got.Active() {
			t.Errorf("after a success the subscription is %+v", got)
		}

		// A resend is a new delivery of the same event: same body, new
		// webhook ID.
		re, err := p.store.Resend(ctx, siteID, d.ID)
		if err != nil || re.EventID != d.EventID || re.ResentFrom != d.ID || re.ID == d.ID {
			t.Fatalf("Resend = %+v, %v", re, err)
		}
		eventually(t, "the resend arrives", func() bool { return len(rcv.got()) == 5 })
		again := rcv.got()[4]
		if string(again.body) != string(last.body) || again.header.Get("Pagecart-Webhook-Id") != itoa(re.ID) ||
			again.header.Get("Pagecart-Event-Id") != itoa(d.EventID) {
			t.Errorf("resend: %s %v", again.body, again.header)
		}
	})
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// The outbox: a change that rolls back leaves no event, no delivery and no
// job; a site nobody listens to writes nothing; a paused subscription gets
// nothing.
func TestEnqueueIsPartOfTheChange(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		p := newPlatform(t, db, fast, false)
		siteID := site(t, db, "bakery")
		jobsOf := func() int { return count(t, db, `SELECT COUNT(*) FROM river_job WHERE kind = 'webhooks.deliver'`) }

		p.enqueue(t, siteID, "products/update", map[string]string{"title": "nobody listens"})
		if n := count(t, db, `SELECT COUNT(*) FROM webhook_events`); n != 0 || jobsOf() != 0 {
			t.Fatalf("without subscriptions: %d events, %d jobs", n, jobsOf())
		}
		sub, err := p.store.Create(ctx, siteID, webhooks.Input{Topic: "products/update", URL: "https://example.com/h"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.store.Create(ctx, siteID, webhooks.Input{Topic: "products/delete", URL: "https://example.com/h"}); err != nil {
			t.Fatal(err)
		}
		rollback := errors.New("the change failed")
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := p.store.EnqueueTx(ctx, tx, siteID, "products/update", map[string]string{"title": "rolled back"}); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM webhook_deliveries`); n != 0 || jobsOf() != 0 {
			t.Fatalf("after a rollback: %d deliveries, %d jobs", n, jobsOf())
		}
		called := false
		p.enqueue(t, siteID, "products/update", func() (any, error) { called = true; return map[string]string{"title": "lazy"}, nil })
		if !called || count(t, db, `SELECT COUNT(*) FROM webhook_deliveries`) != 1 || jobsOf() != 1 {
			t.Fatalf("after a commit: lazy payload built %v, %d deliveries, %d jobs", called, count(t, db, `SELECT COUNT(*) FROM webhook_deliveries`), jobsOf())
		}
		var payload string
		if err := db.QueryRow(ctx, `SELECT payload FROM webhook_events`).Scan(&payload); err != nil || !strings.Contains(payload, `"title":"lazy"`) {
			t.Errorf("payload %s, %v", payload, err)
		}
		if err := p.store.Pause(ctx, siteID, sub.ID); err != nil {
			t.Fatal(err)
		}
		p.enqueue(t, siteID, "products/update", func() (any, error) { t.Error("payload built for a paused subscription"); return nil, nil })
		if n := count(t, db, `SELECT COUNT(*) FROM webhook_deliveries`); n != 1 {
			t.Errorf("a paused subscription got a delivery: %d", n)
		}
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error { return p.store.EnqueueTx(ctx, tx, siteID, "products/exploded", nil) }); err == nil {
			t.Error("an unknown topic was accepted")
		}
	})
}

// A receiver that never answers 2xx: the delivery is retried until the
// window ends, then fails; the subscription is paused and the owner gets
// one e-mail, queued in the same transaction.
func TestFailingSubscriptionIsPausedAndTheOwnerTold(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		cfg := fast
		cfg.Window = 600 * time.Millisecond
		p := newPlatform(t, db, cfg, true)
		siteID := site(t, db, "bakery")
		rcv := newReceiver(t, 1_000_000)
		sub, err := p.store.Create(ctx, siteID, webhooks.Input{Topic: "inventory/change", URL: rcv.URL})
		if err != nil {
			t.Fatal(err)
		}
		p.enqueue(t, siteID, "inventory/change", map[string]int{"stock": 3})
		deadline := time.Now().Add(60 * time.Second)
		for {
			got, err := p.store.Get(ctx, siteID, sub.ID)
			if err == nil && got.Status == webhooks.StatusPaused {
				break
			}
			if time.Now().After(deadline) {
				page, _ := p.store.Deliveries(ctx, siteID, sub.ID, 0, 0)
				var state, errs string
				var attempt int
				var sched, created string
				_ = db.QueryRow(ctx, `SELECT state, attempt, CAST(scheduled_at AS TEXT), CAST(created_at AS TEXT), CAST(errors AS TEXT) FROM river_job WHERE kind = 'webhooks.deliver'`).Scan(&state, &attempt, &sched, &created, &errs)
				t.Fatalf("not paused: %+v\ndeliveries %+v\njob %s attempt %d scheduled %s created %s errors %s", got, page, state, attempt, sched, created, errs)
			}
			time.Sleep(10 * time.Millisecond)
		}
		got, _ := p.store.Get(ctx, siteID, sub.ID)
		if got.PausedReason != webhooks.PausedFailing || got.FailingSince.IsZero() {
			t.Errorf("paused subscription %+v", got)
		}
		page, err := p.store.Deliveries(ctx, siteID, sub.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		d := page.Deliveries[0]
		if d.Status != webhooks.DeliveryFailed || d.Attempts < 2 || len(d.Log) != d.Attempts || d.LastStatus != 500 {
			t.Errorf("delivery %+v", d)
		}
		var to, subject, text string
		if err := db.QueryRow(ctx, `SELECT to_addr, subject, body_text FROM mail_messages`).Scan(&to, &subject, &text); err != nil {
			t.Fatal(err)
		}
		if to != "owner@example.com" || !strings.Contains(subject, "paused") || !strings.Contains(text, rcv.URL) ||
			!strings.Contains(text, "/admin/webhooks") {
			t.Errorf("e-mail to %s: %s\n%s", to, subject, text)
		}
		// Nothing more is sent, and a resend is refused until resumed.
		if _, err := p.store.Resend(ctx, siteID, d.ID); !isInvalid(err, "paused") {
			t.Errorf("Resend while paused = %v", err)
		}
		p.enqueue(t, siteID, "inventory/change", map[string]int{"stock": 2})
		if n := count(t, db, `SELECT COUNT(*) FROM webhook_deliveries`); n != 1 {
			t.Errorf("%d deliveries after the pause", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM mail_messages`); n != 1 {
			t.Errorf("%d e-mails, want 1", n)
		}
		if err := p.store.Resume(ctx, siteID, sub.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := p.store.Get(ctx, siteID, sub.ID); !got.Active() || !got.FailingSince.IsZero() {
			t.Errorf("resumed %+v", got)
		}
	})
}

// Without AllowPrivate, a delivery to an address that resolves to the
// loopback network is refused when the connection is made, whatever the
// subscription's address looked like when it was saved: nothing reaches
// the receiver, and the attempt says why.
func TestDeliveryRefusesPrivateAddresses(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		siteID := site(t, db, "bakery")
		rcv := newReceiver(t, 0)
		// Saved while private addresses were allowed (or through a name
		// that resolved elsewhere then)...
		permissive := newPlatform(t, db, fast, false)
		sub, err := permissive.store.Create(ctx, siteID, webhooks.Input{Topic: "products/create", URL: rcv.URL})
		if err != nil {
			t.Fatal(err)
		}
		// ...and delivered by a platform that refuses them.
		strict := fast
		strict.AllowPrivate = false
		p := newPlatform(t, db, strict, true)
		if _, err := p.store.Create(ctx, siteID, webhooks.Input{Topic: "products/update", URL: rcv.URL}); !isInvalid(err, "private network") {
			t.Errorf("Create with %s = %v", rcv.URL, err)
		}
		p.enqueue(t, siteID, "products/create", map[string]string{"title": "x"})
		eventually(t, "two attempts", func() bool {
			page, err := p.store.Deliveries(ctx, siteID, sub.ID, 0, 0)
			return err == nil && len(page.Deliveries) == 1 && len(page.Deliveries[0].Log) >= 2
		})
		page, _ := p.store.Deliveries(ctx, siteID, sub.ID, 0, 0)
		a := page.Deliveries[0].Log[0]
		if a.StatusCode != 0 || !strings.Contains(a.Error, "private, loopback or link-local") {
			t.Errorf("attempt %+v", a)
		}
		if n := len(rcv.got()); n != 0 {
			t.Errorf("the receiver on 127.0.0.1 got %d requests", n)
		}
	})
}

func TestDeliveryLogPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		p := newPlatform(t, db, fast, false)
		siteID := site(t, db, "bakery")
		sub, err := p.store.Create(ctx, siteID, webhooks.Input{Topic: "products/create", URL: "https://example.com/h"})
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			p.enqueue(t, siteID, "products/create", map[string]string{"title": "x"})
		}
		var seen []int64
		before := int64(0)
		for range 3 {
			page, err := p.store.Deliveries(ctx, siteID, sub.ID, before, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range page.Deliveries {
				seen = append(seen, d.ID)
			}
			before = page.Before
			if before == 0 {
				break
			}
		}
		if len(seen) != 5 {
			t.Fatalf("paged through %d deliveries, want 5", len(seen))
		}
		for i := 1; i < len(seen); i++ {
			if seen[i] >= seen[i-1] {
				t.Errorf("not newest first: %v", seen)
			}
		}
		if _, err := p.store.Deliveries(ctx, siteID, sub.ID, 0, 101); !isInvalid(err, "1 to 100") {
			t.Errorf("limit 101: %v", err)
		}
	})
}

// Old events go with their deliveries and attempts once nothing of them is
// pending; newer ones and pending ones stay, and so do other sites'.
func TestDeleteOldEvents(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		p := newPlatform(t, db, fast, false)
		a, b := site(t, db, "shop-a"), site(t, db, "shop-b")
		for _, s := range []int64{a, b} {
			if _, err := p.store.Create(ctx, s, webhooks.Input{Topic: "products/create", URL: "https://example.com/h"}); err != nil {
				t.Fatal(err)
			}
			p.enqueue(t, s, "products/create", map[string]string{"title": "old"})
		}
		// Both old; A's has been delivered, B's is still pending.
		if _, err := db.Exec(ctx, `UPDATE webhook_events SET created_at = created_at - ?`, (31 * 24 * time.Hour).Milliseconds()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE webhook_deliveries SET status = ? WHERE site_id = ?`, webhooks.DeliverySucceeded, a); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `INSERT INTO webhook_attempts (site_id, id, delivery_id, attempt, status_code, error, duration_ms, created_at)
			SELECT site_id, id + 1, id, 1, 200, '', 5, created_at FROM webhook_deliveries WHERE site_id = ?`, a); err != nil {
			t.Fatal(err)
		}
		p.enqueue(t, a, "products/create", map[string]string{"title": "new"})
		n, err := p.store.DeleteOldEvents(ctx, time.Now().Add(-webhooks.Retention))
		if err != nil || n != 1 {
			t.Fatalf("DeleteOldEvents = %d, %v; want A's old one", n, err)
		}
		for _, c := range []struct {
			query string
			want  int
		}{
			{`SELECT COUNT(*) FROM webhook_events WHERE site_id = ?`, 1},
			{`SELECT COUNT(*) FROM webhook_deliveries WHERE site_id = ?`, 1},
			{`SELECT COUNT(*) FROM webhook_attempts WHERE site_id = ?`, 0},
		} {
			if got := count(t, db, c.query, a); got != c.want {
				t.Errorf("A: %s = %d, want %d", c.query, got, c.want)
			}
			if got := count(t, db, c.query, b); got != min(c.want, 1) {
				t.Errorf("B: %s = %d, want %d", c.query, got, min(c.want, 1))
			}
		}
	})
}
