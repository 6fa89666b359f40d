package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// lockedBuffer is a log destination the worker's goroutine writes to while
// the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newQueue builds a job queue with the mail worker, not yet started.
func newQueue(t *testing.T, db *sqldb.DB, sender mail.Sender) (*mail.Store, *jobs.Queue) {
	t.Helper()
	store := mail.NewStore(db)
	workers := river.NewWorkers()
	mail.Register(workers, mail.NewWorker(store, sender))
	q, err := jobs.New(db, jobs.Config{
		Workers:      workers,
		PollInterval: 50 * time.Millisecond,
		Logger:       slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	return store, q
}

func start(t *testing.T, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
}

// waitStatus polls until message id leaves the queued state.
func waitStatus(t *testing.T, store *mail.Store, id int64) mail.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		m, err := store.Message(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != mail.StatusQueued {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("message %d still queued after 10s", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestQueuedMailIsKeptInOutbox(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		resetToken := sqldb.NewToken()
		log := &lockedBuffer{}
		sender, err := mail.NewSender("", "noreply@example.com", slog.New(slog.NewTextHandler(log, nil)))
		if err != nil {
			t.Fatal(err)
		}
		store, q := newQueue(t, db, sender)
		start(t, q)

		var id int64
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			var err error
			id, err = store.QueueTx(ctx, tx, q, mail.Message{
				SiteID:  42,
				To:      "Anna <anna@example.com>",
				Subject: "Confirm\r\nBcc: evil@example.com",
				Text:    "Choose a new password: http://localhost:8080/password/reset/" + resetToken,
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		m := waitStatus(t, store, id)
		if m.Status != mail.StatusKept || m.SentAt.IsZero() || m.Error != "" {
			t.Fatalf("after the worker: %+v", m)
		}
		if m.To != "anna@example.com" || m.Subject != "Confirm Bcc: evil@example.com" || m.SiteID != 42 {
			t.Fatalf("stored message: %+v", m)
		}
		for _, want := range []string{"anna@example.com", "Confirm Bcc: evil@example.com", fmt.Sprintf("id=%d", id)} {
			if !strings.Contains(log.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, log.String())
			}
		}
		// The body's link would let whoever reads the log reset Anna's
		// password: only the outbox may show it.
		for _, secret := range []string{resetToken, "password/reset", "Choose a new password"} {
			if strings.Contains(log.String(), secret) {
				t.Errorf("log shows %q of the body:\n%s", secret, log.String())
			}
		}
		if m.Text != "Choose a new password: http://localhost:8080/password/reset/"+resetToken {
			t.Errorf("outbox body %q", m.Text)
		}
		list, total, err := store.Outbox(ctx, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(list) != 1 || list[0].ID != id || list[0].Status != mail.StatusKept {
			t.Fatalf("Outbox = %+v, %d", list, total)
		}
	})
}

func TestRolledBackChangeQueuesNoMail(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		store, q := newQueue(t, db, nil)
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if _, err := store.QueueTx(ctx, tx, q, mail.Message{To: "a@example.com", Subject: "s", Text: "t"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		_, total, err := store.Outbox(ctx, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		var jobsLeft int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&jobsLeft); err != nil {
			t.Fatal(err)
		}
		if total != 0 || jobsLeft != 0 {
			t.Fatalf("after rollback: %d messages, %d jobs", total, jobsLeft)
		}
	})
}

func TestQueueTxRejectsBadRecipient(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		store, q := newQueue(t, db, nil)
		for _, to := range []string{"", "anna", "anna@", "a@example.com, b@example.com"} {
			err := db.InTx(ctx, func(tx *sqldb.Tx) error {
				_, err := store.QueueTx(ctx, tx, q, mail.Message{To: to, Subject: "s", Text: "t"})
				return err
			})
			if err == nil {
				t.Errorf("QueueTx to %q succeeded", to)
			}
		}
	})
}

func TestOutboxPagesNewestFirst(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		store, q := newQueue(t, db, nil)
		var ids []int64
		for _, to := range []string{"a@example.com", "b@example.com", "c@example.com"} {
			err := db.InTx(ctx, func(tx *sqldb.Tx) error {
				id, err := store.QueueTx(ctx, tx, q, mail.Message{To: to, Subject: "s", Text: "t"})
				ids = append(ids, id)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			limit, offset int
			want          []string
		}{
			{2, 0, []string{"c@example.com", "b@example.com"}},
			{2, 2, []string{"a@example.com"}},
			{0, 0, []string{"c@example.com", "b@example.com", "a@example.com"}},
			{10, 5, nil},
		}
		for _, tt := range tests {
			list, total, err := store.Outbox(ctx, tt.limit, tt.offset)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range list {
				got = append(got, m.To)
				if m.Status != mail.StatusQueued || m.CreatedAt.IsZero() {
					t.Errorf("listed %+v", m)
				}
			}
			if total != 3 || strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Outbox(%d, %d) = %v, %d; want %v, 3", tt.limit, tt.offset, got, total, tt.want)
			}
		}
		// The kind is fault's, so that a handler passing it on shows a 404.
		if _, err := store.Message(ctx, 12345); !errors.Is(err, mail.ErrNotFound) || !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("Message(unknown) = %v", err)
		}
	})
}
