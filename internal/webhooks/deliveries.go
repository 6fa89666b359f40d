package webhooks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The states of a delivery.
const (
	// DeliveryPending: not yet answered with a 2xx; retried until the window ends.
	DeliveryPending = "pending"
	// DeliverySucceeded: the receiver answered 2xx.
	DeliverySucceeded = "succeeded"
	// DeliveryFailed: still failing when the retry window ended.
	DeliveryFailed = "failed"
	// DeliveryCancelled: the subscription was paused before it could go.
	DeliveryCancelled = "cancelled"
)

// Delivery is one event sent to one subscription, with its attempts.
type Delivery struct {
	ID             int64
	SubscriptionID int64
	EventID        int64
	Topic          string
	Payload        string // the exact JSON body sent
	Status         string
	Attempts       int
	LastStatus     int   // the last answer's HTTP status, 0 when none
	ResentFrom     int64 // the delivery this one resends, 0 for none
	CreatedAt      time.Time
	FinishedAt     time.Time // zero while pending
	// Log lists the attempts, first first.
	Log []Attempt
}

// Attempt is one POST of a delivery.
type Attempt struct {
	Number     int
	StatusCode int    // 0 when no answer came
	Error      string // "" for a 2xx
	Duration   time.Duration
	At         time.Time
}

// DeliveryPage is a page of a subscription's delivery log, newest first.
type DeliveryPage struct {
	Deliveries []Delivery
	// Before is the cursor of the next (older) page; 0 when this is the last.
	Before int64
}

// Limits of a delivery page.
const (
	DefaultDeliveryPage = 20
	MaxDeliveryPage     = 100
)

const deliveryCols = `d.id, d.subscription_id, d.event_id, e.topic, e.payload, d.status, d.attempts, d.last_status, d.resent_from, d.created_at, d.finished_at`

const deliveryFrom = ` FROM webhook_deliveries d JOIN webhook_events e ON e.site_id = d.site_id AND e.id = d.event_id`

// scanDelivery reads deliveryCols, then the extra columns into extra.
func scanDelivery(row interface{ Scan(...any) error }, extra ...any) (Delivery, error) {
	var d Delivery
	var created, finished int64
	err := row.Scan(append([]any{&d.ID, &d.SubscriptionID, &d.EventID, &d.Topic, &d.Payload, &d.Status, &d.Attempts, &d.LastStatus,
		&d.ResentFrom, &created, &finished}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, ErrDeliveryNotFound
	}
	if err != nil {
		return Delivery{}, err
	}
	d.CreatedAt = sqldb.Time(created)
	if finished != 0 {
		d.FinishedAt = sqldb.Time(finished)
	}
	return d, nil
}

// Deliveries returns a page of a subscription's deliveries, newest first,
// each with its attempts: those older than before (0 for the newest), at
// most limit (0 means DefaultDeliveryPage, at most MaxDeliveryPage). A
// subscription of another site is ErrNotFound.
func (s *Store) Deliveries(ctx context.Context, siteID, subscriptionID, before int64, limit int) (DeliveryPage, error) {
	if limit == 0 {
		limit = DefaultDeliveryPage
	}
	if limit < 1 || limit > MaxDeliveryPage {
		return DeliveryPage{}, fault.Invalidf("first", fmt.Sprintf("Ask for 1 to %d deliveries.", MaxDeliveryPage))
	}
	if _, err := s.Get(ctx, siteID, subscriptionID); err != nil {
		return DeliveryPage{}, err
	}
	q := `SELECT ` + deliveryCols + deliveryFrom + ` WHERE d.site_id = ? AND d.subscription_id = ?`
	args := []any{siteID, subscriptionID}
	if before > 0 {
		q += ` AND d.id < ?`
		args = append(args, before)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY d.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return DeliveryPage{}, fmt.Errorf("webhook deliveries: %w", err)
	}
	var page DeliveryPage
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			rows.Close()
			return DeliveryPage{}, fmt.Errorf("webhook deliveries: %w", err)
		}
		page.Deliveries = append(page.Deliveries, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return DeliveryPage{}, err
	}
	if len(page.Deliveries) > limit {
		page.Deliveries = page.Deliveries[:limit]
		page.Before = page.Deliveries[limit-1].ID
	}
	for i := range page.Deliveries {
		if page.Deliveries[i].Log, err = s.attempts(ctx, siteID, page.Deliveries[i].ID); err != nil {
			return DeliveryPage{}, err
		}
	}
	return page, nil
}

// Delivery returns one delivery of the site with its attempts.
func (s *Store) Delivery(ctx context.Context, siteID, id int64) (Delivery, error) {
	d, err := scanDelivery(s.db.QueryRow(ctx, `SELECT `+deliveryCols+deliveryFrom+` WHERE d.site_id = ? AND d.id = ?`, siteID, id))
	if err != nil {
		return Delivery{}, err
	}
	d.Log, err = s.attempts(ctx, siteID, id)
	return d, err
}

// attempts lists a delivery's attempts, first first.
func (s *Store) attempts(ctx context.Context, siteID, deliveryID int64) ([]Attempt, error) {
	rows, err := s.db.Query(ctx, `SELECT attempt, status_code, error, duration_ms, created_at FROM webhook_attempts
		WHERE site_id = ? AND delivery_id = ? ORDER BY id`, siteID, deliveryID)
	if err != nil {
		return nil, fmt.Errorf("webhook attempts: %w", err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		var ms, at int64
		if err := rows.Scan(&a.Number, &a.StatusCode, &a.Error, &ms, &at); err != nil {
			return nil, err
		}
		a.Duration, a.At = time.Duration(ms)*time.Millisecond, sqldb.Time(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Resend sends the event of one of the site's deliveries again, as a new
// delivery to the same subscription, and returns it. The body is the same,
// so the receiver sees the same event ID. While the subscription is paused
// a resend is refused: it would only be cancelled.
func (s *Store) Resend(ctx context.Context, siteID, deliveryID int64) (Delivery, error) {
	if s.queue == nil {
		return Delivery{}, errors.New("webhooks: no job queue configured")
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var subID, eventID int64
		var status string
		err := tx.QueryRow(ctx, `SELECT d.subscription_id, d.event_id, sub.status FROM webhook_deliveries d
			JOIN webhook_subscriptions sub ON sub.site_id = d.site_id AND sub.id = d.subscription_id
			WHERE d.site_id = ? AND d.id = ?`, siteID, deliveryID).Scan(&subID, &eventID, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrDeliveryNotFound
		}
		if err != nil {
			return fmt.Errorf("resend webhook: %w", err)
		}
		if status != StatusActive {
			return fault.Invalidf("delivery", "This webhook is paused. Resume it, then resend.")
		}
		id, err = s.insertDeliveryTx(ctx, tx, siteID, subID, eventID, deliveryID)
		return err
	})
	if err != nil {
		return Delivery{}, err
	}
	return s.Delivery(ctx, siteID, id)
}
