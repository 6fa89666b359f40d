package payments

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The built-in test provider works like a real card provider, inside the
// binary: the shop starts a payment (a pending row with a random token),
// sends the shopper to the provider's hosted page, and the provider tells
// the shop the outcome by a callback signed with the secret they share
// (HMAC-SHA256 of the body). The shop believes only a callback whose
// signature checks with its own site's secret, so a callback made for one
// site, or forged, is refused.

// ErrBadSignature is a callback whose signature does not check.
var ErrBadSignature = fmt.Errorf("payment callback signature: %w", fault.ErrForbidden)

// ErrPaymentNotFound is a payment token or ID that is not the site's.
var ErrPaymentNotFound = fmt.Errorf("payment: %w", fault.ErrNotFound)

// Outcomes the test page offers.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeCancel  = "cancel"
)

// Callback is the body the provider posts to the shop.
type Callback struct {
	PaymentID int64  `json:"payment_id"`
	Outcome   string `json:"outcome"`
	Amount    int64  `json:"amount"`
	Reference string `json:"reference"`
}

// Hosted is what the hosted payment page shows.
type Hosted struct {
	Payment
	OrderNumber string
	OrderToken  string
	Status      string
}

// StartCard starts a card payment of what is due on an order and returns
// the token of its hosted page (/checkout/pay/test/{token}).
func (s *Store) StartCard(ctx context.Context, siteID, orderID int64) (string, error) {
	token := sqldb.NewToken()
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		o, err := orders.GetTx(ctx, tx, siteID, orderID, true)
		if err != nil {
			return err
		}
		ms, err := MethodsOf(ctx, tx, siteID)
		if err != nil {
			return err
		}
		if m, ok := Find(ms, CardTest); !ok || !m.Enabled {
			return fmt.Errorf("card payments are off: %w", fault.ErrConflict)
		}
		if o.Due() <= 0 || !o.CancelledAt.IsZero() {
			return fmt.Errorf("order %s has nothing to pay: %w", o.Number, fault.ErrConflict)
		}
		now := sqldb.Millis(s.now())
		_, err = tx.Exec(ctx, `INSERT INTO payments (site_id, id, order_id, method, provider, amount, currency, status, token_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'test', ?, ?, ?, ?, ?, ?)`, siteID, sqldb.NewID(), orderID, CardTest, o.Due(), o.Currency,
			StatusPending, sqldb.HashToken(token), now, now)
		return err
	})
	return token, err
}

// HostedPayment reads the payment of a hosted page's token, on this site.
func (s *Store) HostedPayment(ctx context.Context, siteID int64, token string) (Hosted, error) {
	var h Hosted
	var at int64
	err := s.db.QueryRow(ctx, `SELECT p.id, p.order_id, p.method, p.provider, p.amount, p.currency, p.status, p.created_at, o.number, o.token
		FROM payments p JOIN orders o ON o.site_id = p.site_id AND o.id = p.order_id
		WHERE p.site_id = ? AND p.token_hash = ?`, siteID, sqldb.HashToken(token)).Scan(&h.ID, &h.OrderID, &h.Method,
		&h.Provider, &h.Amount, &h.Currency, &h.Payment.Status, &at, &h.OrderNumber, &h.OrderToken)
	if errors.Is(err, sql.ErrNoRows) {
		return Hosted{}, ErrPaymentNotFound
	}
	if err != nil {
		return Hosted{}, fmt.Errorf("hosted payment: %w", err)
	}
	h.CreatedAt = sqldb.Time(at)
	return h, nil
}

// secretTx reads the site's test provider secret.
func secretOf(ctx context.Context, q sqldb.Q, siteID int64) (string, error) {
	var secret string
	err := q.QueryRow(ctx, `SELECT secret FROM payment_methods WHERE site_id = ? AND code = ?`, siteID, CardTest).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) || err == nil && secret == "" {
		return "", fmt.Errorf("no test provider secret: %w", ErrBadSignature)
	}
	return secret, err
}

// Sign returns the hex HMAC-SHA256 of body with secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Decide is the test provider acting on the shopper's choice on its page:
// it makes the signed callback the shop would receive and delivers it to
// HandleCallback, exactly as the callback endpoint does. It returns the
// order's public token, for the redirect back to the shop.
func (s *Store) Decide(ctx context.Context, siteID int64, token, outcome string) (string, error) {
	h, err := s.HostedPayment(ctx, siteID, token)
	if err != nil {
		return "", err
	}
	body, sig, err := s.SignedCallback(ctx, siteID, Callback{PaymentID: h.ID, Outcome: outcome, Amount: h.Amount, Reference: "test-" + token[:12]})
	if err != nil {
		return "", err
	}
	if _, err := s.HandleCallback(ctx, siteID, body, sig); err != nil {
		return "", err
	}
	return h.OrderToken, nil
}

// SignedCallback is the body and signature the test provider sends for cb.
func (s *Store) SignedCallback(ctx context.Context, siteID int64, cb Callback) ([]byte, string, error) {
	secret, err := secretOf(ctx, s.db, siteID)
	if err != nil {
		return nil, "", err
	}
	body, _ := json.Marshal(cb)
	return body, Sign(secret, body), nil
}

// HandleCallback verifies a provider's callback with the site's secret and
// records its outcome: a success records the payment (and may make the
// order paid), a failure or cancel marks the attempt. A callback for a
// payment that is no longer pending changes nothing, so a provider's retry
// is harmless.
func (s *Store) HandleCallback(ctx context.Context, siteID int64, body []byte, signature string) (Payment, error) {
	secret, err := secretOf(ctx, s.db, siteID)
	if err != nil {
		return Payment{}, err
	}
	if !hmac.Equal([]byte(Sign(secret, body)), []byte(signature)) {
		return Payment{}, ErrBadSignature
	}
	var cb Callback
	if err := json.Unmarshal(body, &cb); err != nil {
		return Payment{}, fault.Invalidf("body", "The callback is not valid JSON.")
	}
	var p Payment
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id, order_id, method, amount, currency, status FROM payments WHERE site_id = ? AND id = ?`+tx.ForUpdate(),
			siteID, cb.PaymentID).Scan(&p.ID, &p.OrderID, &p.Method, &p.Amount, &p.Currency, &p.Status)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrPaymentNotFound
		}
		if err != nil {
			return err
		}
		if p.Status != StatusPending {
			return nil
		}
		now := s.now()
		switch cb.Outcome {
		case OutcomeSuccess:
			if cb.Amount != p.Amount {
				return fault.Invalidf("amount", "The callback's amount differs from the payment's.")
			}
			p.Status = StatusSucceeded
			_, err := s.RecordPaymentTx(ctx, tx, siteID, p.OrderID, Received{Amount: p.Amount, Method: p.Method, Provider: "test", ProviderRef: cb.Reference}, p.ID)
			return err
		case OutcomeFailure, OutcomeCancel:
			p.Status = StatusFailed
			msg := "Card payment failed"
			if cb.Outcome == OutcomeCancel {
				p.Status, msg = StatusCancelled, "Card payment cancelled by the shopper"
			}
			if _, err := tx.Exec(ctx, `UPDATE payments SET status = ?, provider_ref = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
				p.Status, cb.Reference, sqldb.Millis(now), siteID, p.ID); err != nil {
				return err
			}
			return orders.AddEventTx(ctx, tx, siteID, p.OrderID, "payment_failed", msg, true, 0, now)
		default:
			return fault.Invalidf("outcome", "Unknown outcome.")
		}
	})
	return p, err
}
