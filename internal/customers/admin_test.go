package customers_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// placed writes an order as checkout does, for a customer (0: a guest).
func placed(t *testing.T, db *sqldb.DB, siteID, customerID int64, email, name string, total int64) orders.Order {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	o := orders.Order{ID: sqldb.NewID(), SiteID: siteID, Token: sqldb.NewToken(), SubmissionKey: sqldb.NewToken(),
		CustomerID: customerID, Email: email, Phone: "+420 777 123 456", CustomerName: name, Note: "Ring twice",
		Billing:  orders.Address{Name: name, Line1: "Žižkova 12", City: "Praha", Postcode: "11000", Country: "CZ"},
		Shipping: orders.Address{Name: name, Line1: "Žižkova 12", City: "Praha", Postcode: "11000", Country: "CZ"},
		Status:   orders.StatusNew, PaymentStatus: orders.PaymentUnpaid, Currency: "EUR", PricesIncludeTax: true,
		Subtotal: total, TaxTotal: 0, Total: total, PaymentMethod: "bank_transfer", PaymentName: "Bank transfer",
		CreatedAt: now, UpdatedAt: now,
		Lines: []orders.Line{{VariantID: 1, Title: "Apron", Qty: 1, UnitPrice: total, Subtotal: total, Total: total}}}
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		n, err := orders.NextNumberTx(ctx, tx, siteID, now)
		if err != nil {
			return err
		}
		o.Number = n
		return orders.InsertTx(ctx, tx, o)
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestCustomersAdmin(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, b := site(t, db, "anna"), site(t, db, "ben")
		st := customers.NewStore(db, plainHasher{})
		ord := orders.NewStore(db)
		inv := invoices.NewStore(db)
		jana, _, err := st.Register(ctx, a, "jana@example.com", "long enough password 1", "Jana Nováková", "")
		if err != nil {
			t.Fatal(err)
		}
		petr, _, err := st.Register(ctx, a, "petr@example.com", "long enough password 2", "Petr Černý", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Register(ctx, b, "jana@example.com", "long enough password 3", "Jana on B", ""); err != nil {
			t.Fatal(err)
		}
		o1 := placed(t, db, a, jana.ID, "jana@example.com", "Jana Nováková", 2000)
		placed(t, db, a, jana.ID, "jana@example.com", "Jana Nováková", 500)
		guest := placed(t, db, a, 0, "jana@example.com", "Jana N.", 700) // a guest order with her address
		other := placed(t, db, a, 0, "eva@example.com", "Eva", 900)
		invoice, err := inv.Issue(ctx, a, invoices.Final, orders.InvoiceDraft(o1, orders.Seller{Title: "Anna's"}), 0)
		if err != nil {
			t.Fatal(err)
		}

		list, next, err := st.List(ctx, a, "", 0, 50)
		if err != nil || next != 0 || len(list) != 2 || list[0].ID != petr.ID {
			t.Fatalf("list = %+v %d %v", list, next, err)
		}
		if list[1].Orders != 2 || list[1].Spent != 2500 || list[1].Currency != "EUR" {
			t.Fatalf("Jana's totals = %+v", list[1])
		}
		for q, want := range map[string]int{"JANA@": 1, "Černý": 1, "example": 2, "%": 0, "nobody": 0} {
			got, _, err := st.List(ctx, a, q, 0, 50)
			if err != nil || len(got) != want {
				t.Errorf("search %q: %d customers (%v), want %d", q, len(got), err, want)
			}
		}
		page, next, err := st.List(ctx, a, "", 0, 1)
		if err != nil || len(page) != 1 || next != petr.ID {
			t.Fatalf("first page %v next %d", page, next)
		}
		if page, _, _ := st.List(ctx, a, "", next, 1); len(page) != 1 || page[0].ID != jana.ID {
			t.Fatalf("second page %v", page)
		}

		if err := st.SetNote(ctx, a, jana.ID, " Prefers pickup "); err != nil {
			t.Fatal(err)
		}
		if c, _ := st.Get(ctx, a, jana.ID); c.Note != "Prefers pickup" {
			t.Fatalf("note %q", c.Note)
		}
		// Site B cannot read, note, export or erase A's customer.
		if err := st.SetNote(ctx, b, jana.ID, "x"); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("B notes A's customer: %v", err)
		}
		if _, err := st.ExportData(ctx, b, jana.ID, "B", ord); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("B exports A's customer: %v", err)
		}
		if _, err := st.Erase(ctx, b, jana.ID, 0); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("B erases A's customer: %v", err)
		}

		exp, err := st.ExportData(ctx, a, jana.ID, "Anna's", ord)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := customers.MarshalExport(exp)
		if err != nil {
			t.Fatal(err)
		}
		var back map[string]any
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		if len(exp.Orders) != 3 || exp.Customer.Name != "Jana Nováková" || !strings.Contains(string(raw), guest.Number) ||
			strings.Contains(string(raw), other.Number) || strings.Contains(string(raw), "password") {
			t.Fatalf("export:\n%s", raw)
		}

		n, err := st.Erase(ctx, a, jana.ID, 7)
		if err != nil || n != 3 {
			t.Fatalf("erase = %d %v", n, err)
		}
		if _, err := st.Get(ctx, a, jana.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("customer still there: %v", err)
		}
		after, err := ord.Get(ctx, a, o1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.Email != "" || after.Phone != "" || after.CustomerName != customers.AnonymisedName || after.CustomerID != 0 ||
			after.Billing.Line1 != "" || after.Billing.Country != "CZ" || after.Note != "" || after.Total != 2000 || len(after.Lines) != 1 {
			t.Fatalf("order after erasure: %+v", after)
		}
		if g, _ := ord.Get(ctx, a, guest.ID); g.Email != "" {
			t.Fatalf("guest order kept the e-mail %q", g.Email)
		}
		if e, _ := ord.Get(ctx, a, other.ID); e.Email != "eva@example.com" {
			t.Fatalf("another customer's order changed: %q", e.Email)
		}
		kept, err := inv.Get(ctx, a, invoice.ID)
		if err != nil || kept.Number != invoice.Number || kept.Total != invoice.Total {
			t.Fatalf("invoice after erasure: %+v %v", kept, err)
		}
		// B's Jana is untouched.
		if got, _, _ := st.List(ctx, b, "jana", 0, 10); len(got) != 1 {
			t.Fatalf("B's customers: %v", got)
		}
		// She can sign up again.
		if _, _, err := st.Register(ctx, a, "jana@example.com", "long enough password 4", "Jana", ""); err != nil {
			t.Fatalf("register again: %v", err)
		}
	})
}
