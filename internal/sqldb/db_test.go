package sqldb_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestMigrateAndRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		// Migrating twice must be harmless: every start does it.
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		id := sqldb.NewID()
		_, err := db.Exec(ctx, `INSERT INTO platform_settings (key, value) VALUES (?, ?)`, "k", "it's ?")
		if err != nil {
			t.Fatal(err)
		}
		var v string
		if err := db.QueryRow(ctx, `SELECT value FROM platform_settings WHERE key = ?`, "k").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != "it's ?" {
			t.Fatalf("value = %q", v)
		}
		_, err = db.Exec(ctx, `INSERT INTO platform_settings (key, value) VALUES (?, ?)`, "k", "again")
		if !sqldb.IsUniqueViolation(err) {
			t.Fatalf("duplicate key: got %v, want a unique violation", err)
		}
		// A failed transaction leaves nothing behind.
		boom := errors.New("boom")
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO platform_settings (key, value) VALUES (?, ?)`, "tx", "x"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		if err := db.QueryRow(ctx, `SELECT value FROM platform_settings WHERE key = ?`, "tx").Scan(&v); !errors.Is(err, sqldb.ErrNoRows) {
			t.Fatalf("rolled-back row: %v", err)
		}
		if id <= 0 {
			t.Fatalf("NewID = %d", id)
		}
	})
}

func TestNewIDIsOrderedAndUnique(t *testing.T) {
	seen := map[int64]bool{}
	for range 10000 {
		id := sqldb.NewID()
		if seen[id] {
			t.Fatalf("duplicate id %d", id)
		}
		seen[id] = true
	}
	if a, b := sqldb.NewToken(), sqldb.NewToken(); a == b || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
}

// TestForUpdate checks that the locking clause is valid SQL on each engine
// and locks only where rows can be locked.
func TestForUpdate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		want := map[sqldb.Dialect]string{sqldb.Postgres: " FOR UPDATE", sqldb.SQLite: ""}[db.Dialect()]
		if _, err := db.Exec(ctx, `INSERT INTO platform_settings (key, value) VALUES (?, ?)`, "k", "v"); err != nil {
			t.Fatal(err)
		}
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if got := tx.ForUpdate(); got != want {
				t.Errorf("ForUpdate() = %q, want %q", got, want)
			}
			var v string
			return tx.QueryRow(ctx, `SELECT value FROM platform_settings WHERE key = ?`+tx.ForUpdate(), "k").Scan(&v)
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
