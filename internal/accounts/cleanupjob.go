package accounts

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// CleanupArgs is the scheduled job that removes expired sessions and
// one-time tokens.
type CleanupArgs struct{}

// Kind names the job in the queue.
func (CleanupArgs) Kind() string { return "accounts.cleanup" }

// CleanupWorker runs the cleanup.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	Store *Store
}

// Work deletes what has expired.
func (w *CleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	if _, err := w.Store.DeleteExpiredSessions(ctx); err != nil {
		return err
	}
	_, err := w.Store.DeleteOldTokens(ctx)
	return err
}

// CleanupJobs registers the worker and returns its hourly schedule.
func CleanupJobs(workers *river.Workers, store *Store) []*river.PeriodicJob {
	river.AddWorker(workers, &CleanupWorker{Store: store})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil }, nil)}
}
