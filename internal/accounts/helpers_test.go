package accounts

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"

	"errors"
	"fmt"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// goodPassword passes the policy for every test address.
const goodPassword = "correct horse battery"

// clock is a fake time source that tests move forward by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }
func newTestStore(db *sqldb.DB) (*Store, *clock) {
	c := newClock()
	return NewStore(db).WithClock(c.now), c
}

// mustAccount creates an account with goodPassword.
func mustAccount(t *testing.T, s *Store, email string) Account {
	t.Helper()
	var a Account
	cred, err := s.NewCredential(context.Background(), email, goodPassword)
	if err != nil {
		t.Fatalf("credential for %s: %v", email, err)
	}
	err = s.db.InTx(context.Background(), func(tx *sqldb.Tx) error {
		var err error
		a, err = s.CreateTx(context.Background(), tx, cred, "2026-01")
		return err
	})
	if err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	return a
}

// mustSite inserts a bare site owned by ownerID, as the sites package would,
// with the owner on its staff.
func mustSite(t *testing.T, s *Store, ownerID int64) int64 {
	t.Helper()
	ctx := context.Background()
	id := sqldb.NewID()
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'bakery', 'trial', 0, 0)`, id, fmt.Sprintf("site%d", id), "Site", ownerID)
		if err != nil {
			return err
		}
		return s.AddMemberTx(ctx, tx, id, ownerID, RoleOwner)
	})
	if err != nil {
		t.Fatalf("create site: %v", err)
	}
	return id
}

// validationField returns the message of field in err, or fails the test
// when err is not a *fault.Invalid.
func validationField(t *testing.T, err error, field string) string {
	t.Helper()
	var verr *fault.Invalid
	if !errors.As(err, &verr) {
		t.Fatalf("got %v (%T), want a *fault.Invalid", err, err)
	}
	return verr.Fields[field]
}

// useTestMail lets s queue e-mail on db with a job queue that is never
// started, so that tests read the queued messages from mail_messages.
func useTestMail(t *testing.T, s *Store, db *sqldb.DB) {
	t.Helper()
	store := mail.NewStore(db)
	workers := river.NewWorkers()
	mail.Register(workers, mail.NewWorker(store, nil))
	q, err := jobs.New(db, jobs.Config{Workers: workers, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	s.UseOutbox(mail.NewOutbox(store, q), "http://platform.test")
}
