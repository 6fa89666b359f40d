package domains

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Registrar answers whether a domain can be registered. The built-in
// DNSRegistrar guesses from the DNS; a real registrar's API (which also
// knows premium prices and reserved names) replaces it behind this
// interface without touching the rest.
type Registrar interface {
	Available(ctx context.Context, host string) (bool, error)
}

// DNSRegistrar calls a domain free when the DNS has never heard of it:
// every registered domain is delegated, so its name exists in its
// registry's zone. It can be wrong both ways (a registered domain without
// delegation, a name the registry reserves), which is why the operator
// checks availability again when registering it.
type DNSRegistrar struct{ Resolver *Resolver }

// Available reports whether host looks unregistered.
func (d DNSRegistrar) Available(ctx context.Context, host string) (bool, error) {
	exists, err := d.Resolver.Exists(ctx, host)
	return !exists, err
}

// Order statuses.
const (
	OrderOpen       = "ordered"    // waiting for the operator
	OrderRegistered = "registered" // bought and connected
)

// Order is a domain an owner asked Pagecart to buy for their site.
type Order struct {
	ID           int64
	SiteID       int64
	Host         string
	Status       string
	OrderedBy    int64
	CreatedAt    time.Time
	RegisteredAt time.Time
}

// Search normalises what the owner typed and asks the registrar whether
// it is free. Only a registrable domain itself (example.com, not
// www.example.com) can be bought.
func (s *Store) Search(ctx context.Context, input string) (string, bool, error) {
	host, err := Normalize(input, s.opt.BaseDomain)
	if err != nil {
		return "", false, err
	}
	if !IsApex(host) {
		return "", false, fault.Invalidf("domain", "Search for the domain itself, such as example.com: "+Display(host)+" is a name under a domain.")
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM domains WHERE host = ?`, host).Scan(&n); err != nil {
		return "", false, err
	}
	if n > 0 {
		return host, false, nil
	}
	lctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	free, err := s.opt.Registrar.Available(lctx, host)
	if err != nil {
		return "", false, fmt.Errorf("availability of %s: %w", host, fault.ErrUnavailable)
	}
	return host, free, nil
}

// PlaceOrder records the owner's order of a free domain for the operator.
func (s *Store) PlaceOrder(ctx context.Context, siteID, accountID int64, input string) (Order, error) {
	site, err := s.sites.ByID(ctx, siteID)
	if err != nil {
		return Order{}, err
	}
	if !site.Entitlements().CustomDomain {
		return Order{}, fault.Invalidf("domain", "Your plan does not include your own domain. Choose the Starter plan or above to buy one.")
	}
	host, free, err := s.Search(ctx, input)
	if err != nil {
		return Order{}, err
	}
	if !free {
		return Order{}, fault.Invalidf("domain", Display(host)+" is already registered. Try another name, or connect it if it is yours.")
	}
	o := Order{ID: sqldb.NewID(), SiteID: siteID, Host: host, Status: OrderOpen, OrderedBy: accountID, CreatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM domain_orders WHERE site_id = ? AND status = ?`, siteID, OrderOpen).Scan(&n); err != nil {
			return err
		}
		if n >= 5 {
			return fault.Invalidf("domain", "You have 5 domains waiting to be registered. Wait until they are done before ordering more.")
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM domain_orders WHERE host = ? AND status = ?`, host, OrderOpen).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fault.Invalidf("domain", Display(host)+" has been ordered already.")
		}
		_, err := tx.Exec(ctx, `INSERT INTO domain_orders (site_id, id, host, status, ordered_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			o.SiteID, o.ID, o.Host, o.Status, o.OrderedBy, sqldb.Millis(o.CreatedAt))
		return err
	})
	return o, err
}

const orderColumns = `site_id, id, host, status, ordered_by, created_at, registered_at`

func scanOrder(row scanner) (Order, error) {
	var o Order
	var created int64
	var registered sql.NullInt64
	err := row.Scan(&o.SiteID, &o.ID, &o.Host, &o.Status, &o.OrderedBy, &created, &registered)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, fmt.Errorf("domain order: %w", fault.ErrNotFound)
	}
	o.CreatedAt, o.RegisteredAt = sqldb.Time(created), sqldb.NullTime(registered)
	return o, err
}

func (s *Store) orders(ctx context.Context, query string, args ...any) ([]Order, error) {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("domain orders: %w", err)
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Orders returns a site's orders still waiting for the operator.
func (s *Store) Orders(ctx context.Context, siteID int64) ([]Order, error) {
	return s.orders(ctx, `SELECT `+orderColumns+` FROM domain_orders WHERE site_id = ? AND status = ? ORDER BY created_at`, siteID, OrderOpen)
}

// OpenOrders returns every site's orders waiting for the operator, oldest first.
func (s *Store) OpenOrders(ctx context.Context) ([]Order, error) {
	return s.orders(ctx, `SELECT `+orderColumns+` FROM domain_orders WHERE status = ? ORDER BY created_at LIMIT 500`, OrderOpen)
}

// MarkRegistered is the operator's word that the domain was bought and its
// DNS records point at the site: the domain and its www twin are connected
// to the site, verified at once (the platform controls their DNS now).
func (s *Store) MarkRegistered(ctx context.Context, siteID, orderID int64) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		o, err := scanOrder(tx.QueryRow(ctx, `SELECT `+orderColumns+` FROM domain_orders WHERE site_id = ? AND id = ?`, siteID, orderID))
		if err != nil {
			return err
		}
		if o.Status != OrderOpen {
			return fmt.Errorf("domain order %d is %s: %w", orderID, o.Status, fault.ErrConflict)
		}
		if _, err := tx.Exec(ctx, `UPDATE domain_orders SET status = ?, registered_at = ? WHERE site_id = ? AND id = ?`,
			OrderRegistered, sqldb.Millis(now), siteID, orderID); err != nil {
			return err
		}
		for _, h := range []string{o.Host, "www." + o.Host} {
			if err := s.claim(ctx, tx, siteID, h, now); err != nil {
				var inv *fault.Invalid
				if errors.As(err, &inv) {
					// Our own domain now: any other claim on it is void.
					if _, err := tx.Exec(ctx, `DELETE FROM domains WHERE host = ? AND site_id <> ?`, h, siteID); err != nil {
						return err
					}
				} else {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO domains (site_id, id, host, is_primary, verified_at, created_at, verify_token, next_check_at)
				VALUES (?, ?, ?, FALSE, ?, ?, ?, ?)
				ON CONFLICT (host) DO UPDATE SET verified_at = excluded.verified_at, next_check_at = excluded.next_check_at,
				failing_since = NULL`,
				siteID, sqldb.NewID(), h, sqldb.Millis(now), sqldb.Millis(now), newToken(), sqldb.Millis(now.Add(RecheckEvery))); err != nil {
				return fmt.Errorf("connect %s: %w", h, err)
			}
		}
		tx.Changed(ctx, siteID)
		return nil
	})
}
