package mail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// fakeSender plays an SMTP server's answer without the network.
type fakeSender struct {
	err   error
	calls int
}

func (f *fakeSender) Send(ctx context.Context, m mail.Message) error {
	f.calls++
	return f.err
}

func TestWorkerRecordsOutcome(t *testing.T) {
	refused := fmt.Errorf("%w: 550 no such user", mail.ErrRejected)
	tests := []struct {
		name       string
		sendErr    error
		attempt    int
		wantStatus string
		wantError  string // on the row
		wantRetry  bool   // Work returns an error River retries
		wantCancel bool   // Work tells River to give up
	}{
		{"delivered", nil, 1, mail.StatusSent, "", false, false},
		{"server busy", errors.New("421 busy"), 1, mail.StatusQueued, "421 busy", true, false},
		{"busy on the last attempt", errors.New("421 busy"), 3, mail.StatusFailed, "421 busy", true, false},
		{"refused", refused, 1, mail.StatusFailed, "no such user", false, true},
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				store, q := newQueue(t, db, nil)
				var id int64
				err := db.InTx(ctx, func(tx *sqldb.Tx) error {
					var err error
					id, err = store.QueueTx(ctx, tx, q, mail.Message{To: "a@example.com", Subject: "s", Text: "t"})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				sender := &fakeSender{err: tt.sendErr}
				w := mail.NewWorker(store, sender)
				job := &river.Job[mail.SendArgs]{
					JobRow: &rivertype.JobRow{Attempt: tt.attempt, MaxAttempts: 3},
					Args:   mail.SendArgs{MessageID: id},
				}
				err = w.Work(ctx, job)
				var cancel *river.JobCancelError
				if gotCancel := errors.As(err, &cancel); gotCancel != tt.wantCancel {
					t.Errorf("Work = %v; want cancel %v", err, tt.wantCancel)
				}
				if gotRetry := err != nil && cancel == nil; gotRetry != tt.wantRetry {
					t.Errorf("Work = %v; want retry %v", err, tt.wantRetry)
				}
				m, err := store.Message(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if m.Status != tt.wantStatus || !strings.Contains(m.Error, tt.wantError) || (tt.wantError == "") != (m.Error == "") {
					t.Errorf("row: status %q, error %q; want %q, %q", m.Status, m.Error, tt.wantStatus, tt.wantError)
				}
				if (m.Status == mail.StatusSent) == m.SentAt.IsZero() {
					t.Errorf("status %q with sent_at %v", m.Status, m.SentAt)
				}
				// A repeated job must not send a finished message again.
				calls := sender.calls
				if err := w.Work(ctx, job); m.Status != mail.StatusQueued && err != nil {
					t.Errorf("repeated Work = %v", err)
				}
				if m.Status != mail.StatusQueued && sender.calls != calls {
					t.Errorf("a %s message was sent again", m.Status)
				}
			})
		}
		t.Run("message gone", func(t *testing.T) {
			store, _ := newQueue(t, db, nil)
			w := mail.NewWorker(store, &fakeSender{})
			err := w.Work(ctx, &river.Job[mail.SendArgs]{
				JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 3},
				Args:   mail.SendArgs{MessageID: 1},
			})
			var cancel *river.JobCancelError
			if !errors.As(err, &cancel) || !errors.Is(err, mail.ErrNotFound) {
				t.Errorf("Work = %v, want a cancel for a missing message", err)
			}
		})
	})
}
