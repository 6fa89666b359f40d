package checkout_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// TestTestProvider pays an order on the test provider's page: the signed
// callback records the payment once and makes the order paid; a forged or
// other site's callback changes nothing.
func TestTestProvider(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		other := newShop(t, db, "ben")
		pay := payments.NewStore(db)
		var paidMails []string
		pay.Events = orders.Events{Mail: func(_ context.Context, _ *sqldb.Tx, _, _ int64, event string) error {
			paidMails = append(paidMails, event)
			return nil
		}}
		in := s.input("card-order-key-0001", cart.Item{VariantID: s.variants[1], Qty: 1})
		in.PaymentMethod = payments.CardTest
		o, err := s.svc.PlaceOrder(ctx, s.site, in)
		if err != nil {
			t.Fatal(err)
		}
		token, err := pay.StartCard(ctx, s.site, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pay.HostedPayment(ctx, other.site, token); !errors.Is(err, payments.ErrPaymentNotFound) {
			t.Errorf("site B opens A's payment page: %v", err)
		}
		h, err := pay.HostedPayment(ctx, s.site, token)
		if err != nil || h.Amount != o.Total || h.OrderToken != o.Token {
			t.Fatalf("hosted %+v %v", h, err)
		}
		body, sig, err := pay.SignedCallback(ctx, s.site, payments.Callback{PaymentID: h.ID, Outcome: payments.OutcomeSuccess, Amount: h.Amount})
		if err != nil {
			t.Fatal(err)
		}
		// B's endpoint refuses A's callback (B's secret differs), and a
		// changed body fails the signature.
		if _, err := pay.HandleCallback(ctx, other.site, body, sig); !errors.Is(err, fault.ErrForbidden) {
			t.Errorf("site B accepts A's callback: %v", err)
		}
		forged := []byte(strings.Replace(string(body), `"amount":`, `"amount":1`, 1))
		if _, err := pay.HandleCallback(ctx, s.site, forged, sig); !errors.Is(err, payments.ErrBadSignature) {
			t.Errorf("forged callback: %v", err)
		}
		for range 2 { // a provider's retry changes nothing
			if _, err := pay.HandleCallback(ctx, s.site, body, sig); err != nil {
				t.Fatal(err)
			}
		}
		got, err := orders.NewStore(db).Get(ctx, s.site, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PaymentStatus != orders.PaymentPaid || got.PaidTotal != o.Total || got.Status != orders.StatusPaid || got.PaidAt.IsZero() {
			t.Errorf("after the callback: %s %d %s", got.PaymentStatus, got.PaidTotal, got.Status)
		}
		if len(paidMails) != 1 || paidMails[0] != "paid" {
			t.Errorf("paid mails %v", paidMails)
		}
		if _, err := pay.StartCard(ctx, s.site, o.ID); !errors.Is(err, fault.ErrConflict) {
			t.Errorf("a paid order starts another payment: %v", err)
		}
	})
}

// TestPartialPayments marks a bank transfer order paid in two parts.
func TestPartialPayments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		other := newShop(t, db, "ben")
		pay := payments.NewStore(db)
		o, err := s.svc.PlaceOrder(ctx, s.site, s.input("bank-order-key-0001", cart.Item{VariantID: s.variants[1], Qty: 1}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pay.RecordPayment(ctx, other.site, o.ID, payments.Received{Amount: 100}); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("site B records a payment of A's order: %v", err)
		}
		got, err := pay.RecordPayment(ctx, s.site, o.ID, payments.Received{Amount: 500, Note: "first part"})
		if err != nil || got.PaymentStatus != orders.PaymentPartial || got.Due() != o.Total-500 {
			t.Fatalf("partial: %+v %v", got.PaymentStatus, err)
		}
		got, err = pay.RecordPayment(ctx, s.site, o.ID, payments.Received{ActorAccountID: 0})
		if err != nil || got.PaymentStatus != orders.PaymentPaid || got.Due() != 0 || got.Status != orders.StatusPaid {
			t.Fatalf("rest: %+v %v", got, err)
		}
		ps, err := pay.Payments(ctx, s.site, o.ID)
		if err != nil || len(ps) != 2 || ps[0].Amount+ps[1].Amount != o.Total {
			t.Errorf("payments %+v %v", ps, err)
		}
		if _, err := pay.RecordPayment(ctx, s.site, o.ID, payments.Received{}); err == nil {
			t.Error("a paid order takes another payment of what is due (nothing)")
		}
	})
}
