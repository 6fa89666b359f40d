package sites

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// ExpireTrialsArgs is the scheduled job that ends trials.
type ExpireTrialsArgs struct{}

// Kind names the job in the queue.
func (ExpireTrialsArgs) Kind() string { return "sites.expire_trials" }

// TrialWorker runs ExpireTrials.
type TrialWorker struct {
	river.WorkerDefaults[ExpireTrialsArgs]
	Store *Store
}

// Work moves ended trials to Free.
func (w *TrialWorker) Work(ctx context.Context, _ *river.Job[ExpireTrialsArgs]) error {
	_, err := w.Store.ExpireTrials(ctx)
	return err
}

// TrialJobs registers the worker and returns the schedule: every ten
// minutes, and once at start so a node that was down catches up.
func TrialJobs(workers *river.Workers, store *Store) []*river.PeriodicJob {
	river.AddWorker(workers, &TrialWorker{Store: store})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(10*time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return ExpireTrialsArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}
