package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestPlaceOrder(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		o, err := s.svc.PlaceOrder(ctx, s.site, s.input("key-0000000000000001", cart.Item{VariantID: s.variants[0], Qty: 2}, cart.Item{VariantID: s.variants[1], Qty: 1}))
		if err != nil {
			t.Fatal(err)
		}
		year := time.Now().UTC().Format("2006")
		if o.Number != year+"-00001" || o.Subtotal != 3500 || o.ShippingTotal != 490 || o.Total != 3990 ||
			o.Status != orders.StatusAwaitingPayment || o.PaymentReference != year+"00001" || len(o.Lines) != 2 {
			t.Errorf("order %+v", o)
		}
		var sum int64
		for _, l := range o.Lines {
			sum += l.Total
		}
		if sum+o.ShippingTotal+o.PaymentFee != o.Total {
			t.Errorf("total %d is not the sum of lines %d + shipping + fee", o.Total, sum)
		}
		if got := s.stock(t, s.variants[0]); got != 3 {
			t.Errorf("stock %d, want 3", got)
		}
		if len(s.mails) != 1 || !strings.HasSuffix(s.mails[0], " received") {
			t.Errorf("mails %v", s.mails)
		}

		// The same form again: the same order, no second stock change.
		again, err := s.svc.PlaceOrder(ctx, s.site, s.input("key-0000000000000001", cart.Item{VariantID: s.variants[0], Qty: 2}))
		if err != nil || again.ID != o.ID {
			t.Errorf("double submit: %v %v", again.ID, err)
		}
		if got := s.stock(t, s.variants[0]); got != 3 {
			t.Errorf("stock after double submit %d, want 3", got)
		}

		// More than is left: refused, saying what is left, and no number used.
		_, err = s.svc.PlaceOrder(ctx, s.site, s.input("key-0000000000000002", cart.Item{VariantID: s.variants[0], Qty: 4}, cart.Item{VariantID: s.variants[1], Qty: 1}))
		var sold *checkout.SoldOutError
		if !errors.As(err, &sold) || !errors.Is(err, fault.ErrConflict) || len(sold.Lines) != 1 || sold.Lines[0].Left != 3 ||
			!strings.Contains(err.Error(), "only 3 of “Mug – Red” left") {
			t.Fatalf("oversell: %v", err)
		}
		if got := s.stock(t, s.variants[1]); got != 99 {
			t.Errorf("the refused order's other line changed stock: %d", got)
		}
		next, err := s.svc.PlaceOrder(ctx, s.site, s.input("key-0000000000000003", cart.Item{VariantID: s.variants[0], Qty: 3}))
		if err != nil || next.Number != year+"-00002" {
			t.Errorf("after a refused order the number is %q (%v), want no gap", next.Number, err)
		}
	})
}

func TestPlaceOrderRefusesBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		other := newShop(t, db, "ben")
		item := cart.Item{VariantID: s.variants[1], Qty: 1}
		for _, c := range []struct {
			name  string
			edit  func(*checkout.PlaceInput)
			field string
		}{
			{"no terms", func(in *checkout.PlaceInput) { in.AcceptTerms = false }, "terms"},
			{"bad e-mail", func(in *checkout.PlaceInput) { in.Email = "eva" }, "email"},
			{"no street", func(in *checkout.PlaceInput) { in.Billing.Line1 = " " }, "billing_line1"},
			{"unknown country", func(in *checkout.PlaceInput) { in.Billing.Country = "XX" }, "billing_country"},
			{"empty cart", func(in *checkout.PlaceInput) { in.Items = nil }, "items"},
			{"zero quantity", func(in *checkout.PlaceInput) { in.Items[0].Qty = 0 }, "items"},
			{"no payment", func(in *checkout.PlaceInput) { in.PaymentMethod = "" }, "payment_method"},
			{"disabled payment", func(in *checkout.PlaceInput) { in.PaymentMethod = "cod" }, "payment_method"},
			{"no shipping", func(in *checkout.PlaceInput) { in.ShippingMethodID = 0 }, "shipping_method"},
			{"other site's shipping", func(in *checkout.PlaceInput) { in.ShippingMethodID = other.shipping }, "shipping_method"},
			{"other site's variant", func(in *checkout.PlaceInput) { in.Items[0].VariantID = other.variants[1] }, "items"},
			{"short key", func(in *checkout.PlaceInput) { in.SubmissionKey = "x" }, "submission_key"},
		} {
			in := s.input(fmt.Sprintf("key-%020d", sqldb.NewID()), item)
			c.edit(&in)
			_, err := s.svc.PlaceOrder(ctx, s.site, in)
			fields, ok := fault.AsInvalid(err)
			if !ok || fields[c.field] == "" {
				t.Errorf("%s: %v, want a message for %s", c.name, err, c.field)
			}
		}
		if got := other.stock(t, other.variants[1]); got != 100 {
			t.Errorf("site B's stock changed: %d", got)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d orders written (%v)", n, err)
		}
	})
}

// TestNoOverselling runs 100 checkouts at once for the last 5 units of a
// variant: exactly 5 orders are placed, the stock ends at 0, and the other
// 95 are told it is sold out.
func TestNoOverselling(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		var wg sync.WaitGroup
		var mu sync.Mutex
		placed, soldOut := map[string]bool{}, 0
		var other []error
		start := make(chan struct{})
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				o, err := s.svc.PlaceOrder(ctx, s.site, s.input(fmt.Sprintf("concurrent-key-%04d", i), cart.Item{VariantID: s.variants[0], Qty: 1}))
				mu.Lock()
				defer mu.Unlock()
				var sold *checkout.SoldOutError
				switch {
				case err == nil:
					placed[o.Number] = true
				case errors.As(err, &sold) && sold.Lines[0].Left == 0 && strings.Contains(err.Error(), "sold out"):
					soldOut++
				default:
					other = append(other, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(other) > 0 {
			t.Fatalf("unexpected errors: %v", other[0])
		}
		if len(placed) != 5 || soldOut != 95 {
			t.Errorf("%d orders, %d sold out; want 5 and 95", len(placed), soldOut)
		}
		if got := s.stock(t, s.variants[0]); got != 0 {
			t.Errorf("stock %d, want 0", got)
		}
		year := time.Now().UTC().Format("2006")
		for i := 1; i <= 5; i++ {
			if n := fmt.Sprintf("%s-%05d", year, i); !placed[n] {
				t.Errorf("number %s missing: %v", n, placed)
			}
		}
	})
}

// TestDoubleSubmitAtOnce submits one form 10 times at once: one order.
func TestDoubleSubmitAtOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		var wg sync.WaitGroup
		ids := make([]int64, 10)
		errs := make([]error, 10)
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, err := s.svc.PlaceOrder(ctx, s.site, s.input("the-same-form-key-1", cart.Item{VariantID: s.variants[1], Qty: 2}))
				ids[i], errs[i] = o.ID, err
			}()
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Errorf("submission %d: order %d, %v; want order %d", i, ids[i], errs[i], ids[0])
			}
		}
		if got := s.stock(t, s.variants[1]); got != 98 {
			t.Errorf("stock %d, want 98", got)
		}
	})
}
