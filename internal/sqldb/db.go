// Package sqldb opens the relational database (SQLite by default, PostgreSQL
// when configured), runs the embedded migrations, and gives the domain
// packages one small API that works the same on both.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// Dialect names the database engine behind a DB.
type Dialect string

// The two engines Pagecart runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the application's handle on the database. SQLite allows one writer
// at a time, so writes and transactions go through a pool of exactly one
// connection while reads use a separate pool; on PostgreSQL both are the
// same pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// closers are run by Close; on PostgreSQL tests they drop a schema.
	closers []func() error
	// changes hears which sites' data changed (changes.go).
	changes *announcer
}

// Q is what both a DB and a Tx offer, so that a store function can be
// called inside or outside a transaction.
type Q interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
	// Changed reports a change of a site's data: at once on a DB, after
	// commit in a Tx (changes.go).
	Changed(ctx context.Context, siteID int64)
}

// Open connects to url: "" or "sqlite:PATH" selects SQLite (by default the
// file pagecart.db in dataDir), "postgres://…" selects PostgreSQL.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	path := strings.TrimPrefix(url, "sqlite:")
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		path = filepath.Join(dataDir, "pagecart.db")
	}
	return openSQLite(ctx, path)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	// WAL lets readers proceed while the single writer works; the busy
	// timeout covers a second process (such as "pagecart migrate") holding
	// the lock for a moment; immediate transactions take the write lock at
	// BEGIN so that two transactions never deadlock upgrading their locks.
	base := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	return &DB{dialect: SQLite, write: write, read: read, changes: &announcer{}}, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(max(10, runtime.NumCPU()*4))
	pool.SetMaxIdleConns(max(10, runtime.NumCPU()*4))
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &DB{dialect: Postgres, write: pool, read: pool, changes: &announcer{}}, nil
}

// Dialect reports which engine this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Writer is the pool that transactions and writes use; the job queue needs
// it directly.
func (db *DB) Writer() *sql.DB { return db.write }

// Close closes both pools and runs any registered cleanup.
func (db *DB) Close() error {
	errs := []error{db.write.Close()}
	if db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	for _, c := range db.closers {
		errs = append(errs, c())
	}
	return errors.Join(errs...)
}

// OnClose registers f to run after the pools are closed.
func (db *DB) OnClose(f func() error) { db.closers = append(db.closers, f) }

// Exec runs a statement that changes data.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, rebind(db.dialect, query), args...)
}

// Query reads rows from the read pool.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, rebind(db.dialect, query), args...)
}

// QueryRow reads one row from the read pool.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, rebind(db.dialect, query), args...)
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx is a transaction on the writer.
type Tx struct {
	dialect Dialect
	tx      *sql.Tx
	// changed lists the sites whose change is announced after commit.
	changed []int64
}

// Dialect reports which engine this is.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

// ForUpdate returns the clause to append to a SELECT inside the transaction
// whose rows must stay as read until it ends: " FOR UPDATE" on PostgreSQL,
// and nothing on SQLite, which has no row locks and needs none because its
// transactions take the database's write lock when they begin.
func (tx *Tx) ForUpdate() string {
	if tx.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// SQL returns the underlying transaction, for the job queue's InsertTx.
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// Exec runs a statement inside the transaction.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, rebind(tx.dialect, query), args...)
}

// Query reads rows inside the transaction.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, rebind(tx.dialect, query), args...)
}

// QueryRow reads one row inside the transaction.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, rebind(tx.dialect, query), args...)
}

// InTx runs f in a transaction, committing when it returns nil and rolling
// back otherwise. Inside f, use only tx: on SQLite the writer has a single
// connection, so a write through db would wait for f forever.
func (db *DB) InTx(ctx context.Context, f func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{dialect: db.dialect, tx: sqlTx}
	if err := f(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, id := range tx.changed {
		db.changes.announce(ctx, id)
	}
	return nil
}
