package cart_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
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

func TestCartStockAndMerge(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, b := site(t, db, "anna"), site(t, db, "ben")
		cat := catalog.NewStore(db)
		p, err := cat.CreateProduct(ctx, a, plans.MustGet(plans.Business), catalog.ProductInput{Title: "Mug", Currency: "EUR", Status: catalog.StatusActive,
			Options:  []catalog.Option{{Name: "Colour", Values: []string{"Red", "Blue"}}},
			Variants: []catalog.VariantInput{{OptionValues: []string{"Red"}, Price: 1000, Stock: 3, TrackStock: true}, {OptionValues: []string{"Blue"}, Price: 900, TrackStock: false}}})
		if err != nil {
			t.Fatal(err)
		}
		red, blue := p.Variants[0].ID, p.Variants[1].ID
		st := cart.NewStore(db)
		guest, token, err := st.NewGuest(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ByToken(ctx, b, token); !errors.Is(err, cart.ErrNotFound) {
			t.Errorf("site B finds A's cart by its cookie: %v", err)
		}
		if got, err := st.ByToken(ctx, a, token); err != nil || got.ID != guest.ID {
			t.Fatalf("by token: %v", err)
		}
		if err := st.Add(ctx, a, guest.ID, red, 2); err != nil {
			t.Fatal(err)
		}
		err = st.Add(ctx, a, guest.ID, red, 2)
		if f, ok := fault.AsInvalid(err); !ok || f["qty"] != "Mug – Red: Only 3 left in stock." {
			t.Errorf("adding beyond stock: %v", err)
		}
		if err := st.Add(ctx, a, guest.ID, blue, 50); err != nil {
			t.Errorf("an untracked variant: %v", err)
		}
		// Site B cannot put A's variant in its cart, nor change A's cart.
		other, _, _ := st.NewGuest(ctx, b)
		if err := st.Add(ctx, b, other.ID, red, 1); err == nil {
			t.Error("site B's cart takes site A's variant")
		}
		if err := st.SetQty(ctx, b, guest.ID, red, 1); !errors.Is(err, cart.ErrNotFound) {
			t.Errorf("site B changes A's cart: %v", err)
		}

		// A customer with one red already: merging takes the guest's lines,
		// up to the stock, and deletes the guest cart.
		cust := sqldb.NewID()
		if _, err := db.Exec(ctx, `INSERT INTO customers (site_id, id, email, email_key, created_at, updated_at) VALUES (?, ?, 'x@example.com', 'x@example.com', 0, 0)`, a, cust); err != nil {
			t.Fatal(err)
		}
		mine, err := st.ForCustomer(ctx, a, cust)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Add(ctx, a, mine.ID, red, 2); err != nil {
			t.Fatal(err)
		}
		merged, err := st.Merge(ctx, a, guest.ID, cust)
		if err != nil || merged.ID != mine.ID {
			t.Fatalf("merge: %v", err)
		}
		lines, err := st.Lines(ctx, a, mine.ID)
		if err != nil || len(lines) != 2 || lines[0].Qty != 3 || lines[1].Qty != 50 || lines[0].VariantTitle != "Red" {
			t.Errorf("merged lines %+v %v", lines, err)
		}
		if _, err := st.ByToken(ctx, a, token); !errors.Is(err, cart.ErrNotFound) {
			t.Errorf("the guest cart outlives the merge: %v", err)
		}
		if err := st.SetQty(ctx, a, mine.ID, blue, 0); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.Count(ctx, a, mine.ID); n != 3 {
			t.Errorf("count %d, want 3", n)
		}
	})
}
