package payments

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// States of a payment.
const (
	StatusPending   = "pending"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Payment is one payment (or attempt) of an order, in minor units.
type Payment struct {
	ID             int64
	OrderID        int64
	Method         string
	Provider       string
	Amount         int64
	Currency       string
	Status         string
	ProviderRef    string
	Note           string
	ActorAccountID int64
	CreatedAt      time.Time
}

// Received is a payment that arrived: the admin's "mark paid", a bank
// statement, a provider's callback.
type Received struct {
	Amount         int64 // minor units; 0 means what is still due
	Method         string
	Provider       string
	ProviderRef    string
	Note           string
	ActorAccountID int64
}

// RecordPayment records a succeeded payment of an order and, when the
// payments now cover the total, makes the order paid: its payment status,
// paid time, its status (from new or awaiting payment to paid), its
// timeline, the "paid" e-mail and webhook, all in one transaction.
func (s *Store) RecordPayment(ctx context.Context, siteID, orderID int64, in Received) (orders.Order, error) {
	var out orders.Order
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		out, err = s.RecordPaymentTx(ctx, tx, siteID, orderID, in, 0)
		return err
	})
	return out, err
}

// RecordPaymentTx is RecordPayment inside the caller's transaction. When
// paymentID is not 0 it is a pending payment (of a provider) that
// succeeded, updated instead of a new row.
func (s *Store) RecordPaymentTx(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, in Received, paymentID int64) (orders.Order, error) {
	o, err := orders.GetTx(ctx, tx, siteID, orderID, true)
	if err != nil {
		return orders.Order{}, err
	}
	if !o.CancelledAt.IsZero() {
		return orders.Order{}, fmt.Errorf("order %s is cancelled: %w", o.Number, fault.ErrConflict)
	}
	if in.Amount == 0 {
		in.Amount = o.Due()
	}
	if in.Amount <= 0 {
		return orders.Order{}, fault.Invalidf("amount", "Enter an amount above zero; nothing is due on this order.")
	}
	if in.Method == "" {
		in.Method = o.PaymentMethod
	}
	in.Note = strings.TrimSpace(in.Note)
	now := s.now()
	actor := nullID(in.ActorAccountID)
	if paymentID == 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO payments (site_id, id, order_id, method, provider, amount, currency, status, provider_ref, note, actor_account_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, siteID, sqldb.NewID(), orderID, in.Method, in.Provider, in.Amount, o.Currency,
			StatusSucceeded, in.ProviderRef, in.Note, actor, sqldb.Millis(now), sqldb.Millis(now)); err != nil {
			return orders.Order{}, fmt.Errorf("record payment: %w", err)
		}
	} else {
		if _, err := tx.Exec(ctx, `UPDATE payments SET status = ?, provider_ref = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
			StatusSucceeded, in.ProviderRef, sqldb.Millis(now), siteID, paymentID); err != nil {
			return orders.Order{}, fmt.Errorf("record payment: %w", err)
		}
	}
	o.PaidTotal += in.Amount
	wasPaid := o.PaymentStatus == orders.PaymentPaid
	o.PaymentStatus = orders.PaymentPartial
	if o.PaidTotal >= o.Total {
		o.PaymentStatus = orders.PaymentPaid
	}
	msg := fmt.Sprintf("Payment of %s received (%s)", amountText(in.Amount, o.Currency), in.Method)
	if in.Note != "" {
		msg += ": " + in.Note
	}
	if err := orders.AddEventTx(ctx, tx, siteID, orderID, "payment", msg, false, in.ActorAccountID, now); err != nil {
		return orders.Order{}, err
	}
	nowPaid := !wasPaid && o.PaymentStatus == orders.PaymentPaid
	if nowPaid {
		o.PaidAt = now
		if o.Status == orders.StatusNew || o.Status == orders.StatusAwaitingPayment {
			o.Status = orders.StatusPaid
		}
		if err := orders.AddEventTx(ctx, tx, siteID, orderID, "paid", "Paid in full", true, in.ActorAccountID, now); err != nil {
			return orders.Order{}, err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE orders SET paid_total = ?, payment_status = ?, status = ?, paid_at = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
		o.PaidTotal, o.PaymentStatus, o.Status, sqldb.NullMillis(o.PaidAt), sqldb.Millis(now), siteID, orderID); err != nil {
		return orders.Order{}, fmt.Errorf("order paid: %w", err)
	}
	if nowPaid {
		if err := s.Events.SendMail(ctx, tx, siteID, orderID, "paid"); err != nil {
			return orders.Order{}, err
		}
		if err := s.Events.SendWebhook(ctx, tx, siteID, "orders/paid", map[string]any{"id": o.ID, "number": o.Number, "total": o.Total, "currency": o.Currency}); err != nil {
			return orders.Order{}, err
		}
	}
	return o, nil
}

// Payments lists an order's payments, oldest first.
func (s *Store) Payments(ctx context.Context, siteID, orderID int64) ([]Payment, error) {
	rows, err := s.db.Query(ctx, `SELECT id, order_id, method, provider, amount, currency, status, provider_ref, note, COALESCE(actor_account_id, 0), created_at
		FROM payments WHERE site_id = ? AND order_id = ? ORDER BY id`, siteID, orderID)
	if err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var p Payment
		var at int64
		if err := rows.Scan(&p.ID, &p.OrderID, &p.Method, &p.Provider, &p.Amount, &p.Currency, &p.Status, &p.ProviderRef, &p.Note, &p.ActorAccountID, &at); err != nil {
			return nil, err
		}
		p.CreatedAt = sqldb.Time(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// amountText writes minor units plainly for the timeline ("12.50 EUR").
func amountText(minor int64, code string) string {
	a, err := currency.NewAmountFromInt64(minor, code)
	if err != nil {
		return fmt.Sprintf("%d %s", minor, code)
	}
	return a.String()
}
