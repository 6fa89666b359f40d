package domains

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// VerifyArgs is the scheduled job that re-checks pending domains.
type VerifyArgs struct{}

// Kind names the job in the queue.
func (VerifyArgs) Kind() string { return "domains.verify" }

// VerifyWorker runs CheckDue.
type VerifyWorker struct {
	river.WorkerDefaults[VerifyArgs]
	Store *Store
}

// verifyBatch bounds one run; the backoff spreads the rest over later runs.
const verifyBatch = 200

// Work checks the pending domains whose next check is due.
func (w *VerifyWorker) Work(ctx context.Context, _ *river.Job[VerifyArgs]) error {
	_, err := w.Store.CheckDue(ctx, verifyBatch)
	return err
}

// Timeout leaves room for a batch of slow DNS answers.
func (w *VerifyWorker) Timeout(*river.Job[VerifyArgs]) time.Duration { return 10 * time.Minute }

// VerifyJobs registers the worker and returns its schedule: every minute,
// the shortest backoff, so a domain whose records were just created is
// verified within about a minute even without "Check now".
func VerifyJobs(workers *river.Workers, store *Store) []*river.PeriodicJob {
	river.AddWorker(workers, &VerifyWorker{Store: store})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return VerifyArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}
