// Package jobs is Pagecart's one background job queue: River, on SQLite or
// PostgreSQL. Domain packages register their workers on a shared
// river.Workers bundle and insert jobs in the same transaction as the change
// that caused them, so that a committed change always gets its follow-up work
// (an e-mail, a webhook) and a rolled-back one never does.
//
// Job arguments are JSON. A 64-bit ID, such as one from sqldb.NewID, must be
// encoded as a JSON string (`json:"site_id,string"`): on PostgreSQL a large
// JSON number loses its low digits on the way into River's table. Insert
// and InsertTx refuse such arguments on both engines, so the mistake shows
// in the first test run rather than in production.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// DefaultPollInterval is how often the queue looks for new jobs when Config
// leaves PollInterval at zero.
const DefaultPollInterval = time.Second

// DefaultMaxWorkers is how many jobs run at once when Config leaves
// MaxWorkers at zero.
const DefaultMaxWorkers = 10

// Config is what New needs to build the queue.
type Config struct {
	// Workers holds every job kind the process can run; each domain package
	// adds its own with river.AddWorker before New is called.
	Workers *river.Workers
	// Periodic lists jobs that River inserts on a schedule, such as trial
	// expiry; one elected node inserts them, whatever the number of nodes.
	Periodic []*river.PeriodicJob
	// PollInterval is how often the queue looks for jobs; 0 means
	// DefaultPollInterval. Tests pass a few tens of milliseconds.
	PollInterval time.Duration
	// MaxWorkers bounds the jobs running at once on this node; 0 means
	// DefaultMaxWorkers.
	MaxWorkers int
	// Logger receives River's own log lines; nil means slog.Default().
	Logger *slog.Logger
}

// Queue wraps a River client. It is built once at start, started by the
// server and stopped on shutdown; inserting works whether or not it runs.
type Queue struct {
	client *river.Client[*sql.Tx]
}

// New builds the queue on db's writer pool. River's own tables are created
// by db.Migrate, which must have run before.
func New(db *sqldb.DB, cfg Config) (*Queue, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	workers := cfg.Workers
	if workers == nil {
		workers = river.NewWorkers()
	}
	poll := cfg.PollInterval
	if poll <= 0 {
		poll = DefaultPollInterval
	}
	rc := &river.Config{
		FetchPollInterval: poll,
		// River refuses a cooldown longer than the poll interval; its default
		// of 100ms would be, for the short intervals tests use.
		FetchCooldown: min(poll, river.FetchCooldownDefault),
		Logger:        logger,
		PeriodicJobs:  cfg.Periodic,
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: cmp.Or(max(cfg.MaxWorkers, 0), DefaultMaxWorkers)},
		},
		Workers: workers,
	}
	driver := newDriver(db, rc)
	client, err := river.NewClient(driver, rc)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return &Queue{client: client}, nil
}

// newDriver picks River's driver for the engine. Both take the *sql.DB
// writer pool, so one client type serves both.
func newDriver(db *sqldb.DB, rc *river.Config) riverdriver.Driver[*sql.Tx] {
	if db.Dialect() == sqldb.Postgres {
		// Without a pgx listener pool River polls, which also works behind
		// PgBouncer in transaction mode.
		return riverdatabasesql.New(db.Writer())
	}
	// SQLite's writer pool has exactly one connection, which River's driver
	// documentation asks for. River's SQLite "listener" emulates LISTEN by
	// querying a table every 50ms; on the single connection that would
	// queue behind every request's transaction twenty times a second, so
	// the producer polls at PollInterval instead.
	rc.PollOnly = true
	return riversqlite.New(db.Writer())
}

// Start begins working jobs in the background until ctx is cancelled or
// Stop is called. At least one worker must be registered.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	return nil
}

// Stop stops fetching new jobs and waits for running ones to finish; when
// ctx ends first it cancels them and returns ctx's error, so shutdown is
// bounded.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The jobs still running are cancelled; River records them as
		// failed attempts and retries them on the next start (or another
		// node). A fresh short context bounds that last wait.
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = q.client.StopAndCancel(hard)
	}
	return fmt.Errorf("stop job queue: %w", err)
}

// InsertTx adds a job inside the caller's transaction: it becomes visible
// to workers only when tx commits, and vanishes if tx rolls back. This is
// the outbox that guarantees a committed change its follow-up work.
func (q *Queue) InsertTx(ctx context.Context, tx *sqldb.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	if err := checkArgs(args); err != nil {
		return err
	}
	if _, err := q.client.InsertTx(ctx, tx.SQL(), args, opts); err != nil {
		return fmt.Errorf("queue %s job: %w", args.Kind(), err)
	}
	return nil
}

// Insert adds a job in its own transaction. Never call it inside
// db.InTx: on SQLite the transaction holds the only writer connection and
// Insert would wait for it forever; use InsertTx there.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if err := checkArgs(args); err != nil {
		return err
	}
	if _, err := q.client.Insert(ctx, args, opts); err != nil {
		return fmt.Errorf("queue %s job: %w", args.Kind(), err)
	}
	return nil
}
