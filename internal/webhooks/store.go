// Package webhooks tells a site's own systems about its changes: a site
// subscribes a URL to a topic (orders/create, products/update, …); every
// change of that topic records an event and inserts one delivery job per
// subscription in the transaction of the change (outbox), and a River
// worker POSTs the event as signed JSON, retrying with backoff for 48 hours
// and logging every attempt. A subscription that keeps failing for the
// whole window is paused and the site's owner is e-mailed.
package webhooks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Errors of the package; each wraps a fault kind.
var (
	ErrNotFound         = fmt.Errorf("webhook: %w", fault.ErrNotFound)
	ErrDeliveryNotFound = fmt.Errorf("webhook delivery: %w", fault.ErrNotFound)
)

// MaxSubscriptions bounds a site's subscriptions, and so the deliveries
// one change can fan out to.
const MaxSubscriptions = 50

// The states of a subscription.
const (
	StatusActive = "active"
	StatusPaused = "paused"
)

// Why a subscription is paused.
const (
	PausedByOwner = "owner"   // paused by hand, in the admin or the API
	PausedFailing = "failing" // paused after failing for the whole retry window
)

// Config is how deliveries are made. Zero fields take the production
// defaults; tests shorten the delays.
type Config struct {
	// AllowPrivate lets webhooks reach loopback, private and link-local
	// addresses: for development and tests only
	// (PAGECART_WEBHOOKS_ALLOW_PRIVATE=1).
	AllowPrivate bool
	// Timeout bounds one attempt, from connecting to the whole answer; 5 s.
	Timeout time.Duration
	// RetryFirst is the wait before the second attempt; it doubles with
	// every attempt up to RetryMax. 30 s and 1 h.
	RetryFirst time.Duration
	RetryMax   time.Duration
	// Window is how long a delivery is retried after the change, and how
	// long a subscription may keep failing before it is paused; 48 h.
	Window time.Duration
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Second
	}
	if c.RetryFirst <= 0 {
		c.RetryFirst = 30 * time.Second
	}
	if c.RetryMax <= 0 {
		c.RetryMax = time.Hour
	}
	if c.Window <= 0 {
		c.Window = 48 * time.Hour
	}
	return c
}

// Owner is who is told when a subscription is paused, and where to look.
type Owner struct {
	Email     string
	SiteTitle string
	// AdminURL is the address of the site's webhook list in its admin.
	AdminURL string
}

// Store keeps subscriptions, events, deliveries and attempts, and
// delivers them.
type Store struct {
	db     *sqldb.DB
	cfg    Config
	client *http.Client
	queue  *jobs.Queue  // set by UseQueue
	outbox *mail.Outbox // set by UseOutbox
	owner  func(ctx context.Context, siteID int64) (Owner, error)
	now    func() time.Time
}

// NewStore returns a Store on db that delivers as cfg says.
func NewStore(db *sqldb.DB, cfg Config) *Store {
	cfg = cfg.withDefaults()
	return &Store{db: db, cfg: cfg, client: newClient(cfg.Timeout, cfg.AllowPrivate), now: time.Now}
}

// UseQueue sets the job queue that deliveries are inserted into.
func (s *Store) UseQueue(q *jobs.Queue) { s.queue = q }

// UseOutbox sets how the owner of a site is found and e-mailed when one of
// its subscriptions is paused for failing.
func (s *Store) UseOutbox(o *mail.Outbox, owner func(ctx context.Context, siteID int64) (Owner, error)) {
	s.outbox, s.owner = o, owner
}

// Subscription sends every event of one topic of a site to a URL.
type Subscription struct {
	ID     int64
	SiteID int64
	Topic  string
	URL    string
	// Secret is the signing key; only Create fills it, so that it is shown
	// once. SecretHint is its first characters, to tell keys apart.
	Secret       string
	SecretHint   string
	Status       string
	PausedReason string
	FailingSince time.Time // zero when the last attempt succeeded
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Active reports whether events are sent to the subscription.
func (s Subscription) Active() bool { return s.Status == StatusActive }

// Input is what a person chooses for a subscription.
type Input struct {
	Topic string
	URL   string
}

const subscriptionCols = `id, site_id, topic, url, secret, status, paused_reason, failing_since, created_at, updated_at`

func scanSubscription(row interface{ Scan(...any) error }) (Subscription, error) {
	var sub Subscription
	var failing, created, updated int64
	err := row.Scan(&sub.ID, &sub.SiteID, &sub.Topic, &sub.URL, &sub.Secret, &sub.Status, &sub.PausedReason, &failing, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Subscription{}, ErrNotFound
	}
	if err != nil {
		return Subscription{}, err
	}
	sub.SecretHint = hint(sub.Secret)
	sub.Secret = ""
	if failing != 0 {
		sub.FailingSince = sqldb.Time(failing)
	}
	sub.CreatedAt, sub.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	return sub, nil
}

// hint is the part of a secret that may be shown again: the prefix and
// four characters, too few to guess the rest from.
func hint(secret string) string {
	n := len(secretPrefix) + 4
	if len(secret) <= n {
		return ""
	}
	return secret[:n] + "…"
}

// Create adds a subscription and returns it with its signing secret, the
// only time the secret is given out.
func (s *Store) Create(ctx context.Context, siteID int64, in Input) (Subscription, error) {
	in, err := s.check(in)
	if err != nil {
		return Subscription{}, err
	}
	secret := newSecret()
	id := sqldb.NewID()
	now := sqldb.Millis(s.now())
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM webhook_subscriptions WHERE site_id = ?`, siteID).Scan(&n); err != nil {
			return fmt.Errorf("count webhooks: %w", err)
		}
		if n >= MaxSubscriptions {
			return fault.Invalidf("url", fmt.Sprintf("A site can have at most %d webhooks. Delete one you no longer need first.", MaxSubscriptions))
		}
		if err := s.checkDuplicate(ctx, tx, siteID, 0, in); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO webhook_subscriptions (site_id, id, topic, url, secret, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, siteID, id, in.Topic, in.URL, secret, StatusActive, now, now)
		if err != nil {
			return fmt.Errorf("create webhook: %w", err)
		}
		return nil
	})
	if err != nil {
		return Subscription{}, err
	}
	sub, err := s.Get(ctx, siteID, id)
	sub.Secret = secret
	return sub, err
}

// checkDuplicate refuses a second subscription of the same topic and URL,
// which would only send everything twice.
func (s *Store) checkDuplicate(ctx context.Context, tx *sqldb.Tx, siteID, id int64, in Input) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM webhook_subscriptions WHERE site_id = ? AND topic = ? AND url = ? AND id <> ?`,
		siteID, in.Topic, in.URL, id).Scan(&n); err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	if n > 0 {
		return fault.Invalidf("url", "There is already a webhook for this topic and address.")
	}
	return nil
}

// List returns the site's subscriptions by topic, then address.
func (s *Store) List(ctx context.Context, siteID int64) ([]Subscription, error) {
	rows, err := s.db.Query(ctx, `SELECT `+subscriptionCols+` FROM webhook_subscriptions WHERE site_id = ? ORDER BY topic, url, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	var out []Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("list webhooks: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Get returns one subscription of the site, without its secret.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Subscription, error) {
	return scanSubscription(s.db.QueryRow(ctx, `SELECT `+subscriptionCols+` FROM webhook_subscriptions WHERE site_id = ? AND id = ?`, siteID, id))
}

// Update changes a subscription's topic and address; its secret, state and
// log stay.
func (s *Store) Update(ctx context.Context, siteID, id int64, in Input) (Subscription, error) {
	in, err := s.check(in)
	if err != nil {
		return Subscription{}, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.checkDuplicate(ctx, tx, siteID, id, in); err != nil {
			return err
		}
		return s.changed(tx.Exec(ctx, `UPDATE webhook_subscriptions SET topic = ?, url = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
			in.Topic, in.URL, sqldb.Millis(s.now()), siteID, id))
	})
	if err != nil {
		return Subscription{}, err
	}
	return s.Get(ctx, siteID, id)
}

// Delete removes a subscription with its delivery log; deliveries still
// waiting are dropped.
func (s *Store) Delete(ctx context.Context, siteID, id int64) error {
	return s.changed(s.db.Exec(ctx, `DELETE FROM webhook_subscriptions WHERE site_id = ? AND id = ?`, siteID, id))
}

// Pause stops sending events to a subscription until Resume; deliveries
// waiting for a retry are cancelled when their time comes.
func (s *Store) Pause(ctx context.Context, siteID, id int64) error {
	return s.changed(s.db.Exec(ctx, `UPDATE webhook_subscriptions SET status = ?, paused_reason = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
		StatusPaused, PausedByOwner, sqldb.Millis(s.now()), siteID, id))
}

// Resume sends a paused subscription's events again, from the next change
// on, and forgets its failures.
func (s *Store) Resume(ctx context.Context, siteID, id int64) error {
	return s.changed(s.db.Exec(ctx, `UPDATE webhook_subscriptions SET status = ?, paused_reason = '', failing_since = 0, updated_at = ?
		WHERE site_id = ? AND id = ?`, StatusActive, sqldb.Millis(s.now()), siteID, id))
}

// changed turns "no row of this site had that ID" into ErrNotFound.
func (s *Store) changed(res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// check validates and normalises a person's input.
func (s *Store) check(in Input) (Input, error) {
	in.Topic = strings.TrimSpace(in.Topic)
	in.URL = strings.TrimSpace(in.URL)
	v := &fault.Invalid{}
	if !ValidTopic(in.Topic) {
		v.Add("topic", "Choose a topic from the list.")
	}
	if msg := checkURL(in.URL, s.cfg.AllowPrivate); msg != "" {
		v.Add("url", msg)
	}
	if len(v.Fields) > 0 {
		return in, v
	}
	return in, nil
}
