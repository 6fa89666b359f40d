package orders_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/orders"
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

func TestFormatNumber(t *testing.T) {
	at := time.Date(2026, 3, 7, 23, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		format string
		seq    int64
		want   string
	}{
		{"{year}-{seq:5}", 42, "2026-00042"},
		{"{seq}", 7, "7"},
		{"A{year}{month}{day}/{seq:3}", 1234, "A20260307/1234"},
		{"#{seq:0}", 5, "#5"},
		{"{unknown}-{seq}", 1, "{unknown}-1"},
		{"{seq", 1, "{seq"},
	} {
		if got := orders.FormatNumber(c.format, c.seq, at); got != c.want {
			t.Errorf("FormatNumber(%q, %d) = %q, want %q", c.format, c.seq, got, c.want)
		}
	}
	if orders.CheckNumberFormat("{year}") == nil {
		t.Error("a format without {seq} is accepted")
	}
}

// TestOrderRoundTrip writes an order as checkout does and reads it back by
// ID, token and submission key, only on its own site.
func TestOrderRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, b := site(t, db, "anna"), site(t, db, "ben")
		st := orders.NewStore(db)
		now := time.Now().UTC().Truncate(time.Millisecond)
		o := orders.Order{ID: sqldb.NewID(), SiteID: a, Token: sqldb.NewToken(), SubmissionKey: "k1", Email: "x@example.com",
			Billing: orders.Address{Name: "Xena", Line1: "Main 1", City: "Brno", Postcode: "60200", Country: "CZ"},
			Status:  orders.StatusNew, PaymentStatus: orders.PaymentUnpaid, Currency: "EUR", PricesIncludeTax: true,
			Subtotal: 2000, Total: 2490, ShippingTotal: 490, PaymentMethod: "bank_transfer", PaymentName: "Bank transfer",
			CreatedAt: now, UpdatedAt: now, Source: orders.SourceStorefront,
			Lines: []orders.Line{{ProductID: 1, VariantID: 2, Title: "Bread", Qty: 2, UnitPrice: 1000, Subtotal: 2000, Total: 2000}}}
		var numbers []string
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := orders.EnsureStatusesTx(ctx, tx, a, now); err != nil {
				return err
			}
			for range 2 {
				n, err := orders.NextNumberTx(ctx, tx, a, now)
				if err != nil {
					return err
				}
				numbers = append(numbers, n)
			}
			o.Number = numbers[1]
			if err := orders.InsertTx(ctx, tx, o); err != nil {
				return err
			}
			return orders.AddEventTx(ctx, tx, a, o.ID, "placed", "Order placed", true, 0, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		year := now.Format("2006")
		if numbers[0] != year+"-00001" || numbers[1] != year+"-00002" {
			t.Errorf("numbers %v", numbers)
		}
		got, err := st.ByToken(ctx, a, o.Token)
		if err != nil {
			t.Fatal(err)
		}
		if got.Number != o.Number || got.Billing != o.Billing || len(got.Lines) != 1 || got.Lines[0].Title != "Bread" || !got.CreatedAt.Equal(now) {
			t.Errorf("read back %+v", got)
		}
		if _, err := st.ByToken(ctx, b, o.Token); !errors.Is(err, orders.ErrNotFound) {
			t.Errorf("site B reads A's order by token: %v", err)
		}
		if _, err := st.Get(ctx, b, o.ID); !errors.Is(err, orders.ErrNotFound) {
			t.Errorf("site B reads A's order by ID: %v", err)
		}
		if got, err := st.BySubmissionKey(ctx, a, "k1"); err != nil || got.ID != o.ID {
			t.Errorf("by submission key: %v %v", got.ID, err)
		}
		ev, err := st.Timeline(ctx, a, o.ID, true)
		if err != nil || len(ev) != 1 {
			t.Errorf("timeline %v %v", ev, err)
		}
		statuses, err := st.Statuses(ctx, a)
		if err != nil || len(statuses) != 6 || statuses[0].Code != orders.StatusNew {
			t.Errorf("statuses %v %v", statuses, err)
		}
	})
}
