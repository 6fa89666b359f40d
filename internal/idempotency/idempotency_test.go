package idempotency_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/idempotency"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func site(t testing.TB, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'business', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestClaimFinishReplay(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := idempotency.NewStore(db)
		a, b := site(t, db, "a"), site(t, db, "b")
		k := idempotency.Key{SiteID: a, TokenID: 1, Key: "k1"}
		if ans, err := s.Claim(ctx, k, "h1"); ans != nil || err != nil {
			t.Fatal("first claim", ans, err)
		}
		if _, err := s.Claim(ctx, k, "h1"); !errors.Is(err, idempotency.ErrInProgress) {
			t.Fatal("a running key must be refused for now:", err)
		}
		if err := s.Finish(ctx, k, idempotency.Answer{Status: 200, Body: []byte(`{"data":1}`)}); err != nil {
			t.Fatal(err)
		}
		ans, err := s.Claim(ctx, k, "h1")
		if err != nil || ans == nil || ans.Status != 200 || string(ans.Body) != `{"data":1}` {
			t.Fatal("replay", ans, err)
		}
		if _, err := s.Claim(ctx, k, "h2"); !errors.Is(err, idempotency.ErrReused) {
			t.Fatal("another request with the key:", err)
		}
		// The same key of another site or token is another key.
		for _, other := range []idempotency.Key{{SiteID: b, TokenID: 1, Key: "k1"}, {SiteID: a, TokenID: 2, Key: "k1"}} {
			if ans, err := s.Claim(ctx, other, "h2"); ans != nil || err != nil {
				t.Fatal("other owner's key", other, ans, err)
			}
		}
		if err := s.Release(ctx, k); err != nil {
			t.Fatal(err)
		}
		if ans, err := s.Claim(ctx, k, "h2"); ans != nil || err != nil {
			t.Fatal("released key", ans, err)
		}
	})
}
