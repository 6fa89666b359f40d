package webhooks

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// Retention is how long an event, its deliveries and their attempts are
// kept once none of them is pending: long enough to look back at a month
// of deliveries and resend one, short enough that the bodies (which may
// hold customers' addresses) do not pile up for ever.
const Retention = 30 * 24 * time.Hour

// retentionBatch bounds one delete, so that the cleanup never holds a long
// transaction (on SQLite, the only writer) while requests wait.
const retentionBatch = 500

// DeleteOldEvents deletes events older than before that have no pending
// delivery, with their deliveries and attempts, across all sites, a batch
// at a time; it returns how many events it deleted.
func (s *Store) DeleteOldEvents(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for {
		res, err := s.db.Exec(ctx, `DELETE FROM webhook_events WHERE (site_id, id) IN (
			SELECT e.site_id, e.id FROM webhook_events e WHERE e.created_at < ? AND NOT EXISTS (
				SELECT 1 FROM webhook_deliveries d WHERE d.site_id = e.site_id AND d.event_id = e.id AND d.status = ?)
			LIMIT ?)`, sqldb.Millis(before), DeliveryPending, retentionBatch)
		if err != nil {
			return total, fmt.Errorf("delete old webhook events: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += int(n)
		if n < retentionBatch {
			return total, nil
		}
	}
}

// CleanupArgs is the daily job that forgets old events.
type CleanupArgs struct{}

// Kind names the job in the queue.
func (CleanupArgs) Kind() string { return "webhooks.cleanup" }

// CleanupWorker runs the cleanup.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	s *Store
}

// Work deletes the events past Retention.
func (w *CleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	_, err := w.s.DeleteOldEvents(ctx, w.s.now().Add(-Retention))
	return err
}

// CleanupJobs registers the cleanup worker and returns its daily schedule.
// It runs daily rather than hourly because finding old events reads the
// whole events table: no index may lead with the time (every index leads
// with site_id, for Citus).
func CleanupJobs(workers *river.Workers, s *Store) []*river.PeriodicJob {
	river.AddWorker(workers, &CleanupWorker{s: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil }, nil)}
}
