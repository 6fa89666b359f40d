package operators_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestOperatorLoginAndThrottle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := operators.NewStore(db, accounts.NewStore(db))
		if _, err := st.Create(ctx, "ops@example.com", "short"); err == nil {
			t.Fatal("weak password accepted")
		}
		op, err := st.Create(ctx, "Ops@Example.com", "a long operator passphrase")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Create(ctx, "ops@example.com", "a long operator passphrase"); err == nil {
			t.Fatal("duplicate operator")
		}
		got, err := st.Authenticate(ctx, "ops@example.com", "a long operator passphrase", "10.0.0.1")
		if err != nil || got.ID != op.ID {
			t.Fatalf("login: %v", err)
		}
		for range 5 {
			if _, err := st.Authenticate(ctx, "ops@example.com", "wrong guess here", "10.0.0.2"); !errors.Is(err, operators.ErrInvalidCredentials) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		// The sixth attempt from the guessing address waits, even with the
		// right password; the operator, from another address, gets in.
		var throttled *fault.Throttled
		if _, err := st.Authenticate(ctx, "ops@example.com", "a long operator passphrase", "10.0.0.2"); !errors.As(err, &throttled) {
			t.Fatalf("after 5 failures: %v", err)
		}
		if _, err := st.Authenticate(ctx, "ops@example.com", "a long operator passphrase", "10.0.0.3"); err != nil {
			t.Fatalf("from another address: %v", err)
		}
		if _, err := st.ByID(ctx, 1); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("ByID missing: %v", err)
		}
	})
}

func TestPlatformMaintenance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := operators.NewStore(db, accounts.NewStore(db))
		for _, tt := range []struct {
			set, want int
			bad       bool
		}{{120, 120, false}, {300, 300, false}, {-1, 300, true}, {0, 0, false}} {
			err := st.SetMaintenance(ctx, tt.set)
			if (err != nil) != tt.bad {
				t.Fatalf("SetMaintenance(%d) = %v", tt.set, err)
			}
			if got, _ := st.Maintenance(ctx); got != tt.want {
				t.Fatalf("after %d: %d, want %d", tt.set, got, tt.want)
			}
		}
	})
}
