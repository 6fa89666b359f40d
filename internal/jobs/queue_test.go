package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// noteArgs is a job that records its note, so a test can see which jobs
// ran, and an ID, to see that 64-bit IDs arrive intact.
type noteArgs struct {
	Note string `json:"note"`
	ID   int64  `json:"id,string"`
}

func (noteArgs) Kind() string { return "test.note" }

type noteWorker struct {
	river.WorkerDefaults[noteArgs]
	ran chan noteArgs
}

func (w *noteWorker) Work(ctx context.Context, job *river.Job[noteArgs]) error {
	w.ran <- job.Args
	return nil
}

// syncBuffer lets River's goroutines log into one buffer the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startQueue builds and starts a queue with the note worker, stopping it
// when the test ends; River's warnings and errors go to the returned log.
func startQueue(t *testing.T, db *sqldb.DB) (*jobs.Queue, chan noteArgs, *syncBuffer) {
	t.Helper()
	w := &noteWorker{ran: make(chan noteArgs, 16)}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	log := &syncBuffer{}
	q, err := jobs.New(db, jobs.Config{
		Workers:      workers,
		PollInterval: 50 * time.Millisecond,
		Logger:       slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := q.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		if err := q.Stop(stopCtx); err != nil {
			t.Errorf("stop: %v", err)
		}
		cancel()
	})
	return q, w.ran, log
}

// waitFor returns the next job a worker ran, failing after a deadline.
func waitFor(t *testing.T, ran <-chan noteArgs) noteArgs {
	t.Helper()
	select {
	case args := <-ran:
		return args
	case <-time.After(10 * time.Second):
		t.Fatal("no job ran within 10s")
		return noteArgs{}
	}
}

func TestInsertTxRunsOnlyWhenCommitted(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		q, ran, log := startQueue(t, db)

		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := q.InsertTx(ctx, tx, noteArgs{Note: "rolled back"}, nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		committed := noteArgs{Note: "committed", ID: sqldb.NewID()}
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			return q.InsertTx(ctx, tx, committed, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		// Jobs are fetched oldest first, so had the rolled-back job
		// survived it would run before the committed one.
		if got := waitFor(t, ran); got != committed {
			t.Fatalf("first job to run = %+v, want %+v", got, committed)
		}
		if err := q.Insert(ctx, noteArgs{Note: "outside"}, nil); err != nil {
			t.Fatal(err)
		}
		if got := waitFor(t, ran); got.Note != "outside" {
			t.Fatalf("job run = %+v, want the note %q", got, "outside")
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("river_job has %d rows, want 2 (the rolled-back job must leave none)", n)
		}
		if s := log.String(); s != "" {
			t.Errorf("River logged warnings:\n%s", s)
		}
	})
}

// TestLongTransactionMakesQueueWait holds the writer in a transaction for
// several poll intervals while the queue runs: on SQLite that is the only
// connection, and River must simply wait for it, not fail or deadlock.
func TestLongTransactionMakesQueueWait(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		q, ran, log := startQueue(t, db)
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := q.InsertTx(ctx, tx, noteArgs{Note: "after a long tx"}, nil); err != nil {
				return err
			}
			select {
			case args := <-ran:
				t.Errorf("job %q ran before its transaction committed", args.Note)
			case <-time.After(500 * time.Millisecond):
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := waitFor(t, ran); got.Note != "after a long tx" {
			t.Fatalf("job run = %+v", got)
		}
		if s := log.String(); s != "" {
			t.Errorf("River logged warnings:\n%s", s)
		}
	})
}

func TestStopWithoutStartAndStartWithoutWorkers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		q, err := jobs.New(db, jobs.Config{Workers: river.NewWorkers()})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Fatalf("Stop of an unstarted queue = %v", err)
		}
		if err := q.Start(context.Background()); err == nil || !strings.Contains(err.Error(), "Worker") {
			t.Fatalf("Start without workers = %v, want River's complaint", err)
		}
	})
}

// blockArgs is a job that runs until its context is cancelled.
type blockArgs struct{}

func (blockArgs) Kind() string { return "test.block" }

type blockWorker struct {
	river.WorkerDefaults[blockArgs]
	started, cancelled chan struct{}
}

func (w *blockWorker) Work(ctx context.Context, job *river.Job[blockArgs]) error {
	close(w.started)
	<-ctx.Done()
	close(w.cancelled)
	return ctx.Err()
}

func TestStopIsBoundedByContext(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := &blockWorker{started: make(chan struct{}), cancelled: make(chan struct{})}
		workers := river.NewWorkers()
		river.AddWorker(workers, w)
		q, err := jobs.New(db, jobs.Config{
			Workers:      workers,
			PollInterval: 50 * time.Millisecond,
			Logger:       slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := q.Insert(context.Background(), blockArgs{}, nil); err != nil {
			t.Fatal(err)
		}
		select {
		case <-w.started:
		case <-time.After(10 * time.Second):
			t.Fatal("job did not start")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := q.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Stop = %v, want the deadline error", err)
		}
		if d := time.Since(start); d > 6*time.Second {
			t.Fatalf("Stop took %s", d)
		}
		select {
		case <-w.cancelled:
		case <-time.After(5 * time.Second):
			t.Fatal("the running job was not cancelled")
		}
	})
}
