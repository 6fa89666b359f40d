package sqldb_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// A change is announced once per site after commit, never after a
// rollback, and at once for a write made outside a transaction.
func TestChangesAnnouncedAfterCommit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		var mu sync.Mutex
		var heard []int64
		db.SetAnnouncer(func(_ context.Context, siteID int64) {
			mu.Lock()
			heard = append(heard, siteID)
			mu.Unlock()
		})
		take := func() []int64 {
			mu.Lock()
			defer mu.Unlock()
			h := heard
			heard = nil
			return h
		}

		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			tx.Changed(ctx, 7)
			tx.Changed(ctx, 7)
			tx.Changed(ctx, 9)
			if got := take(); len(got) != 0 {
				t.Errorf("announced %v before commit", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := take(); !slices.Equal(got, []int64{7, 9}) {
			t.Fatalf("after commit heard %v, want [7 9]", got)
		}

		_ = db.InTx(ctx, func(tx *sqldb.Tx) error {
			tx.Changed(ctx, 11)
			return errors.New("boom")
		})
		if got := take(); len(got) != 0 {
			t.Fatalf("after rollback heard %v", got)
		}

		db.Changed(ctx, sqldb.PlatformChange)
		if got := take(); !slices.Equal(got, []int64{0}) {
			t.Fatalf("direct change heard %v", got)
		}
	})
}
