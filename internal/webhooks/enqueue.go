package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// envelope is the JSON body of every delivery: the event's ID (the same
// for a resend, so a receiver can drop duplicates), its topic and time,
// and the changed object in data. IDs are strings, as in the API, because
// JavaScript cannot hold a 64-bit integer.
type envelope struct {
	ID        string    `json:"id"`
	Topic     string    `json:"topic"`
	SiteID    string    `json:"siteId"`
	CreatedAt time.Time `json:"createdAt"`
	Data      any       `json:"data"`
}

// EnqueueTx records a change of topic for siteID and inserts one delivery
// job per active subscription of that site and topic, in tx (outbox): the
// deliveries exist iff the change commits.
//
// A site without such a subscription costs one indexed read and writes
// nothing. payload is encoded as JSON into the body's "data"; when it is a
// func() (any, error), it is called only if someone listens, so that a
// caller can put off building a costly payload.
func (s *Store) EnqueueTx(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error {
	if !ValidTopic(topic) {
		return fmt.Errorf("webhooks: unknown topic %q", topic)
	}
	subs, err := activeSubscriptions(ctx, tx, siteID, topic)
	if err != nil || len(subs) == 0 {
		return err
	}
	if s.queue == nil {
		return errors.New("webhooks: no job queue configured")
	}
	if f, ok := payload.(func() (any, error)); ok {
		if payload, err = f(); err != nil {
			return fmt.Errorf("webhook %s payload: %w", topic, err)
		}
	}
	now := s.now().UTC()
	eventID := sqldb.NewID()
	body, err := json.Marshal(envelope{ID: strconv.FormatInt(eventID, 10), Topic: topic, SiteID: strconv.FormatInt(siteID, 10),
		CreatedAt: now.Truncate(time.Millisecond), Data: payload})
	if err != nil {
		return fmt.Errorf("webhook %s payload: %w", topic, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO webhook_events (site_id, id, topic, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
		siteID, eventID, topic, string(body), sqldb.Millis(now)); err != nil {
		return fmt.Errorf("record webhook event: %w", err)
	}
	for _, sub := range subs {
		if _, err := s.insertDeliveryTx(ctx, tx, siteID, sub, eventID, 0); err != nil {
			return err
		}
	}
	return nil
}

// activeSubscriptions are the IDs of the site's active subscriptions to
// topic: the one read every change of a site makes.
func activeSubscriptions(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM webhook_subscriptions WHERE site_id = ? AND topic = ? AND status = ?`, siteID, topic, StatusActive)
	if err != nil {
		return nil, fmt.Errorf("webhook subscriptions: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// insertDeliveryTx adds a pending delivery of an event to a subscription
// and its job.
func (s *Store) insertDeliveryTx(ctx context.Context, tx *sqldb.Tx, siteID, subID, eventID, resentFrom int64) (int64, error) {
	id := sqldb.NewID()
	if _, err := tx.Exec(ctx, `INSERT INTO webhook_deliveries (site_id, id, subscription_id, event_id, status, resent_from, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, siteID, id, subID, eventID, DeliveryPending, resentFrom, sqldb.Millis(s.now())); err != nil {
		return 0, fmt.Errorf("webhook delivery: %w", err)
	}
	if err := s.queue.InsertTx(ctx, tx, DeliverArgs{SiteID: siteID, DeliveryID: id}, nil); err != nil {
		return 0, err
	}
	return id, nil
}
