package pages_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// TestScheduledPublishThroughTheQueue runs the periodic job as the app
// does: a draft whose time has come is published by the queue at start.
func TestScheduledPublishThroughTheQueue(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		a := site(t, db, "aaa")
		anna := account(t, db, "anna@example.com")
		p, err := st.Create(ctx, a, plans.MustGet(plans.Business), pages.Input{Slug: "soon", Title: "Soon", Body: "<p>Before</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SaveDraft(ctx, a, p.ID, anna, draftJSON("After")); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(time.Hour)
		if err := st.SchedulePublish(ctx, a, p.ID, anna, at); err != nil {
			t.Fatal(err)
		}
		// The queue's node lives an hour and a minute later.
		st.SetClock(func() time.Time { return at.Add(time.Minute) })
		workers := river.NewWorkers()
		q, err := jobs.New(db, jobs.Config{Workers: workers, Periodic: pages.PublishDueJobs(workers, st),
			PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		qctx, cancel := context.WithCancel(ctx)
		defer cancel()
		if err := q.Start(qctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stopCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
			defer stop()
			_ = q.Stop(stopCtx)
		}()
		deadline := time.Now().Add(30 * time.Second)
		for {
			got, err := st.ByID(ctx, a, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(got.Sections), "After") && got.Draft == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("not published by the queue: %s", got.Sections)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}
