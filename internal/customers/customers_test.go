package customers_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// plainHasher stands in for argon2id, which is slow on purpose.
type plainHasher struct{}

func (plainHasher) HashPassword(_ context.Context, pw string) (string, error) { return "h:" + pw, nil }
func (plainHasher) CheckPassword(_ context.Context, hash, pw string) (bool, error) {
	return hash == "h:"+pw, nil
}

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

func TestCustomersArePerSite(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, b := site(t, db, "anna"), site(t, db, "ben")
		st := customers.NewStore(db, plainHasher{})
		c, token, err := st.Register(ctx, a, "Eva@Example.com", "a long pass phrase", "Eva", "")
		if err != nil {
			t.Fatal(err)
		}
		if c.Email != "eva@example.com" {
			t.Errorf("email %q", c.Email)
		}
		if got, err := st.BySession(ctx, a, token); err != nil || got.ID != c.ID {
			t.Errorf("session on A: %v %v", got.ID, err)
		}
		if _, err := st.BySession(ctx, b, token); !errors.Is(err, customers.ErrNotFound) {
			t.Errorf("A's session works on B: %v", err)
		}
		if _, _, err := st.Login(ctx, b, "eva@example.com", "a long pass phrase"); !errors.Is(err, customers.ErrBadLogin) {
			t.Errorf("A's customer logs in on B: %v", err)
		}
		if _, _, err := st.Login(ctx, a, "eva@example.com", "wrong"); !errors.Is(err, fault.ErrUnauthenticated) {
			t.Errorf("wrong password: %v", err)
		}
		if _, tok2, err := st.Login(ctx, a, " EVA@example.com", "a long pass phrase"); err != nil || tok2 == token {
			t.Errorf("login: %v", err)
		}
		// The same address may register on B: another shop, another account.
		if _, _, err := st.Register(ctx, b, "eva@example.com", "a long pass phrase", "", ""); err != nil {
			t.Errorf("register on B: %v", err)
		}
		_, _, err = st.Register(ctx, a, "eva@example.com", "a long pass phrase", "", "")
		if f, ok := fault.AsInvalid(err); !ok || f["email"] == "" {
			t.Errorf("second registration on A: %v", err)
		}
		_, _, err = st.Register(ctx, a, "x@example.com", "short", "", "")
		if f, ok := fault.AsInvalid(err); !ok || f["password"] == "" {
			t.Errorf("short password: %v", err)
		}
		addr := orders.Address{Name: "Eva", Line1: "Main 1", City: "Brno", Postcode: "60200", Country: "CZ"}
		if err := st.SaveAddress(ctx, a, c.ID, addr); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveAddress(ctx, b, c.ID, addr); !errors.Is(err, customers.ErrNotFound) {
			t.Errorf("B saves an address for A's customer: %v", err)
		}
		if got, err := st.Addresses(ctx, a, c.ID); err != nil || len(got) != 1 || got[0].Address != addr || !got[0].IsDefault {
			t.Errorf("addresses %v %v", got, err)
		}
		if err := st.Logout(ctx, a, token); err != nil {
			t.Fatal(err)
		}
		if _, err := st.BySession(ctx, a, token); !errors.Is(err, customers.ErrNotFound) {
			t.Errorf("session lives after logout: %v", err)
		}
	})
}
