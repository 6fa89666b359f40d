package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// maxAttempts is River's bound on a delivery's attempts. It is never the
// limit in practice: the retry window (48 h) ends first, after about 55
// attempts with the production backoff.
const maxAttempts = 500

// DeliverArgs is the job that sends one delivery. IDs travel as JSON
// strings: see package jobs on why 64-bit IDs must.
type DeliverArgs struct {
	SiteID     int64 `json:"site_id,string"`
	DeliveryID int64 `json:"delivery_id,string"`
}

// Kind names the job in River's table.
func (DeliverArgs) Kind() string { return "webhooks.deliver" }

// InsertOpts lets the retry window, not River's default of 25 attempts,
// decide when a delivery gives up.
func (DeliverArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: maxAttempts} }

// Worker sends deliveries.
type Worker struct {
	river.WorkerDefaults[DeliverArgs]
	s *Store
}

// Register adds the delivery worker of s to the queue's workers.
func Register(workers *river.Workers, s *Store) { river.AddWorker(workers, &Worker{s: s}) }

// Timeout gives an attempt its HTTP timeout and time to record the outcome.
func (w *Worker) Timeout(*river.Job[DeliverArgs]) time.Duration {
	return w.s.cfg.Timeout + 30*time.Second
}

// NextRetry waits RetryFirst after the first attempt, twice as long after
// each next one up to RetryMax, and never past the end of the window, so
// that the last attempt is made when the window ends.
func (w *Worker) NextRetry(job *river.Job[DeliverArgs]) time.Time {
	return w.s.nextRetry(job.Attempt, job.CreatedAt)
}

func (s *Store) nextRetry(attempt int, created time.Time) time.Time {
	delay := s.cfg.RetryFirst
	for i := 1; i < attempt && delay < s.cfg.RetryMax; i++ {
		delay *= 2
	}
	delay = min(delay, s.cfg.RetryMax)
	at := s.now().Add(delay)
	if end := created.Add(s.cfg.Window); at.After(end) {
		at = end
	}
	return at
}

// target is what a delivery needs to go out.
type target struct {
	delivery Delivery
	url      string
	secret   string
	active   bool
}

// Work sends the delivery once and records the attempt. A failure is
// returned so that River retries at NextRetry; once the window has ended
// the delivery fails for good, and the subscription, failing all that
// time, is paused and its owner e-mailed.
func (w *Worker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	s := w.s
	t, err := s.target(ctx, job.Args.SiteID, job.Args.DeliveryID)
	if errors.Is(err, ErrDeliveryNotFound) {
		// The subscription was deleted, and its deliveries with it.
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if t.delivery.Status != DeliveryPending {
		return nil // a duplicate job, or a retry after a crash past recording
	}
	if !t.active {
		return s.finish(ctx, job.Args.SiteID, t.delivery.ID, DeliveryCancelled)
	}
	code, took, sendErr := s.send(ctx, t)
	last := !s.now().Before(job.CreatedAt.Add(s.cfg.Window)) || job.Attempt >= job.MaxAttempts
	paused, err := s.record(ctx, job.Args.SiteID, t, job.Attempt, code, sendErr, took, last)
	if err != nil {
		return errors.Join(sendErr, err)
	}
	switch {
	case sendErr == nil:
		return nil
	case last || paused:
		return river.JobCancel(sendErr)
	}
	return sendErr
}

// target reads a delivery with its event and subscription.
func (s *Store) target(ctx context.Context, siteID, id int64) (target, error) {
	var t target
	var status string
	d, err := scanDelivery(s.db.QueryRow(ctx, `SELECT `+deliveryCols+`, sub.url, sub.secret, sub.status`+deliveryFrom+`
		JOIN webhook_subscriptions sub ON sub.site_id = d.site_id AND sub.id = d.subscription_id
		WHERE d.site_id = ? AND d.id = ?`, siteID, id), &t.url, &t.secret, &status)
	t.delivery, t.active = d, status == StatusActive
	return t, err
}

// send POSTs the delivery and returns the answer's status (0 for none),
// how long it took and the failure (nil for a 2xx).
func (s *Store) send(ctx context.Context, t target) (int, time.Duration, error) {
	start := s.now()
	body := []byte(t.delivery.Payload)
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		return 0, 0, fmt.Errorf("webhook address: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Pagecart-Webhooks/1")
	req.Header.Set("Pagecart-Webhook-Id", strconv.FormatInt(t.delivery.ID, 10))
	req.Header.Set("Pagecart-Event-Id", strconv.FormatInt(t.delivery.EventID, 10))
	req.Header.Set("Pagecart-Topic", t.delivery.Topic)
	req.Header.Set("Pagecart-Signature", Signature(t.secret, s.now(), body))
	res, err := s.client.Do(req)
	took := s.now().Sub(start)
	if err != nil {
		return 0, took, describe(err, s.cfg.Timeout)
	}
	// Read a little of the answer so the connection can be reused; what
	// the receiver says is not kept.
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	took = s.now().Sub(start)
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, took, fmt.Errorf("the receiver answered %s", res.Status)
	}
	return res.StatusCode, took, nil
}

// describe turns a client error into a sentence for the delivery log.
func describe(err error, timeout time.Duration) error {
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return fmt.Errorf("refused: %w", ErrPrivateAddress)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("no answer within %s", timeout)
	}
	return err
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// record writes the attempt, the delivery's new state and the
// subscription's health in one transaction. When the delivery gave up, or
// the subscription has now been failing for the whole window, it pauses
// the subscription and queues the owner's e-mail in that same transaction.
// It reports whether it paused the subscription.
func (s *Store) record(ctx context.Context, siteID int64, t target, attempt, code int, sendErr error, took time.Duration, last bool) (bool, error) {
	now := s.now()
	msg := ""
	if sendErr != nil {
		msg = sendErr.Error()
	}
	paused := false
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO webhook_attempts (site_id, id, delivery_id, attempt, status_code, error, duration_ms, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, siteID, sqldb.NewID(), t.delivery.ID, attempt, code, msg, took.Milliseconds(), sqldb.Millis(now)); err != nil {
			return fmt.Errorf("webhook attempt: %w", err)
		}
		subID := t.delivery.SubscriptionID
		status := DeliverySucceeded
		if sendErr == nil {
			if _, err := tx.Exec(ctx, `UPDATE webhook_subscriptions SET failing_since = 0 WHERE site_id = ? AND id = ? AND failing_since <> 0`, siteID, subID); err != nil {
				return fmt.Errorf("webhook subscription: %w", err)
			}
		} else {
			var err error
			if paused, err = s.failedTx(ctx, tx, siteID, subID, t.url, now, last); err != nil {
				return err
			}
			status = DeliveryPending
			if last || paused {
				status = DeliveryFailed
			}
		}
		finished := int64(0)
		if status != DeliveryPending {
			finished = sqldb.Millis(now)
		}
		if _, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, finished_at = ?
			WHERE site_id = ? AND id = ?`, status, code, finished, siteID, t.delivery.ID); err != nil {
			return fmt.Errorf("webhook delivery: %w", err)
		}
		return nil
	})
	return paused, err
}

// failedTx notes a failed attempt on the subscription: it has been failing
// since now unless it already was. When the delivery gave up (last), or
// the subscription has been failing for the whole window, it is paused;
// failedTx reports whether it paused it now.
func (s *Store) failedTx(ctx context.Context, tx *sqldb.Tx, siteID, subID int64, url string, now time.Time, last bool) (bool, error) {
	if _, err := tx.Exec(ctx, `UPDATE webhook_subscriptions SET failing_since = ? WHERE site_id = ? AND id = ? AND failing_since = 0`,
		sqldb.Millis(now), siteID, subID); err != nil {
		return false, fmt.Errorf("webhook subscription: %w", err)
	}
	var since int64
	if err := tx.QueryRow(ctx, `SELECT failing_since FROM webhook_subscriptions WHERE site_id = ? AND id = ?`, siteID, subID).Scan(&since); err != nil {
		return false, fmt.Errorf("webhook subscription: %w", err)
	}
	if !last && now.Sub(sqldb.Time(since)) < s.cfg.Window {
		return false, nil
	}
	return s.pauseFailingTx(ctx, tx, siteID, subID, url, now)
}

// pauseFailingTx pauses a subscription whose delivery still failed when
// its window ended, and e-mails the owner; it does nothing (and sends
// nothing) when the subscription was already paused.
func (s *Store) pauseFailingTx(ctx context.Context, tx *sqldb.Tx, siteID, subID int64, url string, now time.Time) (bool, error) {
	res, err := tx.Exec(ctx, `UPDATE webhook_subscriptions SET status = ?, paused_reason = ?, updated_at = ?
		WHERE site_id = ? AND id = ? AND status = ?`, StatusPaused, PausedFailing, sqldb.Millis(now), siteID, subID, StatusActive)
	if err != nil {
		return false, fmt.Errorf("pause webhook: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if s.outbox == nil || s.owner == nil {
		return true, nil
	}
	// Read through the database's read pool, which a transaction on
	// SQLite's single writer does not block.
	owner, err := s.owner(ctx, siteID)
	if err != nil {
		return false, fmt.Errorf("webhook owner: %w", err)
	}
	if owner.Email == "" {
		return true, nil
	}
	_, err = s.outbox.Send(ctx, tx, mail.Message{SiteID: siteID, To: owner.Email,
		Subject: "A webhook of " + owner.SiteTitle + " is paused",
		Text: "Hello,\n\nThe webhook that sends events to\n\n  " + url + "\n\n" +
			"has failed for " + roundWindow(s.cfg.Window) + ": every attempt ended without an answer from 200 to 299. " +
			"We have paused it, so no more events are sent to it.\n\n" +
			"Once the address works again, open your webhooks, resume this one, and resend the deliveries you need:\n\n  " +
			owner.AdminURL + "\n\n— Pagecart\n"})
	if err != nil {
		return false, fmt.Errorf("webhook paused e-mail: %w", err)
	}
	return true, nil
}

// roundWindow says the window in words: "48 hours".
func roundWindow(d time.Duration) string {
	if h := int(d.Hours()); h >= 2 {
		return strconv.Itoa(h) + " hours"
	}
	return d.Round(time.Second).String()
}

// finish ends a pending delivery without sending it.
func (s *Store) finish(ctx context.Context, siteID, id int64, status string) error {
	_, err := s.db.Exec(ctx, `UPDATE webhook_deliveries SET status = ?, finished_at = ? WHERE site_id = ? AND id = ? AND status = ?`,
		status, sqldb.Millis(s.now()), siteID, id, DeliveryPending)
	return err
}
