package pages

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// PublishDueArgs is the periodic job that publishes scheduled drafts.
type PublishDueArgs struct{}

// Kind names the job in the queue.
func (PublishDueArgs) Kind() string { return "pages.publish_due" }

// PublishDueWorker runs PublishDue.
type PublishDueWorker struct {
	river.WorkerDefaults[PublishDueArgs]
	Store *Store
}

// Work publishes the drafts whose time has come.
func (w *PublishDueWorker) Work(ctx context.Context, _ *river.Job[PublishDueArgs]) error {
	_, err := w.Store.PublishDue(ctx)
	return err
}

// PublishDueJobs registers the worker and returns its schedule: every
// minute (a scheduled publish is at most a minute late), and once at start
// so that a node that was down catches up. Cancelling a schedule is
// clearing the page's publish_at, so no queued job needs cancelling.
func PublishDueJobs(workers *river.Workers, store *Store) []*river.PeriodicJob {
	river.AddWorker(workers, &PublishDueWorker{Store: store})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return PublishDueArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}
