package mail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// SendArgs is the job that delivers one stored message. The ID travels as
// a JSON string: see package jobs on why 64-bit IDs must.
type SendArgs struct {
	MessageID int64 `json:"message_id,string"`
}

// Kind names the job in River's table.
func (SendArgs) Kind() string { return "mail.send" }

// Worker delivers queued messages.
type Worker struct {
	river.WorkerDefaults[SendArgs]
	store  *Store
	sender Sender
}

// NewWorker returns a worker that delivers with sender.
func NewWorker(store *Store, sender Sender) *Worker {
	return &Worker{store: store, sender: sender}
}

// Register adds w to the queue's workers.
func Register(workers *river.Workers, w *Worker) { river.AddWorker(workers, w) }

// Work loads the message, sends it and records the outcome. A temporary
// failure is returned so that River retries with backoff; the row keeps the
// error text meanwhile, and becomes failed on the last attempt.
func (w *Worker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	m, err := w.store.Message(ctx, job.Args.MessageID)
	if errors.Is(err, ErrNotFound) {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if m.Status != StatusQueued {
		// A retry after a crash between sending and recording, or a
		// duplicate job: the message has already gone.
		return nil
	}
	sendErr := w.sender.Send(ctx, m)
	if sendErr == nil {
		status := StatusSent
		if k, ok := w.sender.(interface{ keeps() bool }); ok && k.keeps() {
			status = StatusKept
		}
		return w.store.markDone(ctx, m.ID, status, time.Now())
	}
	last := job.Attempt >= job.MaxAttempts
	status := StatusQueued
	if last || errors.Is(sendErr, ErrRejected) {
		status = StatusFailed
	}
	if err := w.store.markError(ctx, m.ID, status, sendErr); err != nil {
		return errors.Join(sendErr, err)
	}
	if errors.Is(sendErr, ErrRejected) {
		return river.JobCancel(sendErr)
	}
	return fmt.Errorf("send mail %d: %w", m.ID, sendErr)
}
