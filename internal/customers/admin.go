package customers

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Listed is a customer as the admin's list shows them, with what they
// ordered (cancelled orders left out).
type Listed struct {
	Customer
	Orders   int
	Spent    int64 // in Currency, the currency of their orders
	Currency string
}

// likePattern escapes s for LIKE … ESCAPE '\' and wraps it in wildcards.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// likeAsTyped escapes s for LIKE without changing its case.
func likeAsTyped(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// List returns a page of the site's customers, newest first, matching
// query (part of the name or e-mail address) when it is not empty, and the
// ID to pass as before for the next page (0 on the last).
func (s *Store) List(ctx context.Context, siteID int64, query string, before int64, limit int) ([]Listed, int64, error) {
	if limit < 1 || limit > 200 {
		return nil, 0, fault.Invalidf("limit", "Show 1 to 200 customers.")
	}
	where, args, err := searchWhere(siteID, query)
	if err != nil {
		return nil, 0, err
	}
	if before > 0 {
		where += ` AND c.id < ?`
		args = append(args, before)
	}
	args = append(args, limit+1)
	// The order counts are read through orders_customer (site_id,
	// customer_id, id), one indexed range per listed customer.
	rows, err := s.db.Query(ctx, `SELECT c.id, c.site_id, c.email, c.name, c.phone, c.note, c.password_hash <> '', c.created_at,
		(SELECT COUNT(*) FROM orders o WHERE o.site_id = c.site_id AND o.customer_id = c.id AND o.cancelled_at IS NULL),
		(SELECT COALESCE(SUM(o.total), 0) FROM orders o WHERE o.site_id = c.site_id AND o.customer_id = c.id AND o.cancelled_at IS NULL),
		(SELECT COALESCE(MAX(o.currency), '') FROM orders o WHERE o.site_id = c.site_id AND o.customer_id = c.id)
		FROM customers c WHERE `+where+` ORDER BY c.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var out []Listed
	for rows.Next() {
		var l Listed
		var at int64
		if err := rows.Scan(&l.ID, &l.SiteID, &l.Email, &l.Name, &l.Phone, &l.Note, &l.HasPassword, &at,
			&l.Orders, &l.Spent, &l.Currency); err != nil {
			return nil, 0, err
		}
		l.CreatedAt = sqldb.Time(at)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// Count counts the site's customers matching query (as List), for a
// list's total.
func (s *Store) Count(ctx context.Context, siteID int64, query string) (int, error) {
	where, args, err := searchWhere(siteID, query)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM customers c WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count customers: %w", err)
	}
	return n, nil
}

// searchWhere is the WHERE clause of List's search.
func searchWhere(siteID int64, query string) (string, []any, error) {
	var v fault.Invalid
	if v.CheckText("q", query) && len(query) > 200 {
		v.Add("q", "Search for at most 200 characters.")
	}
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	where := `c.site_id = ?`
	args := []any{siteID}
	if q := strings.TrimSpace(query); q != "" {
		// LOWER is ASCII-only on SQLite, so the name is also matched as
		// typed: "Černý" finds Černý on both databases.
		p := likePattern(q)
		where += ` AND (c.email_key LIKE ? ESCAPE '\' OR LOWER(c.name) LIKE ? ESCAPE '\' OR c.name LIKE ? ESCAPE '\')`
		args = append(args, p, p, likeAsTyped(q))
	}
	return where, args, nil
}

// SetNote replaces the staff's note about a customer.
func (s *Store) SetNote(ctx context.Context, siteID, id int64, note string) error {
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	var v fault.Invalid
	if v.CheckText("note", note) && len([]rune(note)) > 5000 {
		v.Add("note", "Use at most 5,000 characters.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := s.db.Exec(ctx, `UPDATE customers SET note = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
		note, sqldb.Millis(s.now()), siteID, id)
	if err != nil {
		return fmt.Errorf("customer note: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Export is everything the shop keeps about a customer, for a data
// access request: the account, saved addresses and orders with lines.
type Export struct {
	ExportedAt time.Time        `json:"exported_at"`
	Shop       string           `json:"shop"`
	Customer   ExportCustomer   `json:"customer"`
	Addresses  []orders.Address `json:"addresses"`
	Orders     []ExportOrder    `json:"orders"`
}

// ExportCustomer is the account in an export.
type ExportCustomer struct {
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Phone     string    `json:"phone"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportOrder is one order in an export; money in minor units.
type ExportOrder struct {
	Number          string         `json:"number"`
	PlacedAt        time.Time      `json:"placed_at"`
	Status          string         `json:"status"`
	PaymentStatus   string         `json:"payment_status"`
	Email           string         `json:"email"`
	Phone           string         `json:"phone,omitempty"`
	Billing         orders.Address `json:"billing_address"`
	Shipping        orders.Address `json:"shipping_address"`
	Note            string         `json:"note,omitempty"`
	Currency        string         `json:"currency"`
	Total           int64          `json:"total"`
	Lines           []ExportLine   `json:"lines"`
	TermsVersion    string         `json:"terms_version,omitempty"`
	TermsAcceptedAt time.Time      `json:"terms_accepted_at,omitzero"`
}

// ExportLine is one line of an exported order.
type ExportLine struct {
	Title string `json:"title"`
	SKU   string `json:"sku,omitempty"`
	Qty   int    `json:"qty"`
	Total int64  `json:"total"`
}

// personsOrders are the IDs of the orders that belong to a customer: those
// of the account and those placed as a guest with its e-mail address
// (checkout stores addresses lowercased, so orders_email serves it).
func personsOrders(ctx context.Context, q sqldb.Q, siteID int64, c Customer) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT id FROM orders WHERE site_id = ? AND customer_id = ?
		UNION SELECT id FROM orders WHERE site_id = ? AND email = ? ORDER BY 1`, siteID, c.ID, siteID, strings.ToLower(c.Email))
	if err != nil {
		return nil, fmt.Errorf("customer's orders: %w", err)
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

// ExportData gathers a customer's data for an access request.
func (s *Store) ExportData(ctx context.Context, siteID, id int64, shop string, ord *orders.Store) (Export, error) {
	c, err := s.Get(ctx, siteID, id)
	if err != nil {
		return Export{}, err
	}
	out := Export{ExportedAt: s.now().UTC(), Shop: shop, Addresses: []orders.Address{}, Orders: []ExportOrder{},
		Customer: ExportCustomer{Email: c.Email, Name: c.Name, Phone: c.Phone, CreatedAt: c.CreatedAt}}
	addrs, err := s.Addresses(ctx, siteID, id)
	if err != nil {
		return Export{}, err
	}
	for _, a := range addrs {
		out.Addresses = append(out.Addresses, a.Address)
	}
	ids, err := personsOrders(ctx, s.db, siteID, c)
	if err != nil {
		return Export{}, err
	}
	for _, oid := range ids {
		o, err := ord.Get(ctx, siteID, oid)
		if err != nil {
			return Export{}, err
		}
		e := ExportOrder{Number: o.Number, PlacedAt: o.CreatedAt, Status: o.Status, PaymentStatus: o.PaymentStatus,
			Email: o.Email, Phone: o.Phone, Billing: o.Billing, Shipping: o.Shipping, Note: o.Note, Currency: o.Currency,
			Total: o.Total, TermsVersion: o.TermsVersion, TermsAcceptedAt: o.TermsAcceptedAt, Lines: []ExportLine{}}
		for _, l := range o.Lines {
			title := l.Title
			if l.VariantTitle != "" {
				title += " (" + l.VariantTitle + ")"
			}
			e.Lines = append(e.Lines, ExportLine{Title: title, SKU: l.SKU, Qty: l.Qty, Total: l.Total})
		}
		out.Orders = append(out.Orders, e)
	}
	return out, nil
}

// MarshalExport writes an export as indented JSON.
func MarshalExport(e Export) ([]byte, error) { return json.MarshalIndent(e, "", "  ") }

// AnonymisedName replaces the name on the orders of an erased customer.
const AnonymisedName = "Deleted customer"

// Erase deletes a customer on their request: in one transaction their
// orders (of the account, and placed as a guest with the same e-mail
// address) lose the name, e-mail, phone, addresses (but for the country,
// which tax records need) and notes, and are unlinked; then the account,
// its sessions, saved addresses and cart go. The orders' lines, amounts,
// payments and issued invoices stay, as accounting law asks: an invoice
// is a record of what was sold to whom and keeps its number and amounts.
// It returns how many orders were anonymised.
func (s *Store) Erase(ctx context.Context, siteID, id, actor int64) (int, error) {
	c, err := s.Get(ctx, siteID, id)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := s.now()
		ids, err := personsOrders(ctx, tx, siteID, c)
		if err != nil {
			return err
		}
		for _, oid := range ids {
			var billing, shipping string
			err := tx.QueryRow(ctx, `SELECT billing_address, shipping_address FROM orders WHERE site_id = ? AND id = ?`+tx.ForUpdate(),
				siteID, oid).Scan(&billing, &shipping)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("erase customer: %w", err)
			}
			if _, err := tx.Exec(ctx, `UPDATE orders SET customer_id = NULL, email = '', phone = '', customer_name = ?,
				billing_address = ?, shipping_address = ?, note = '', updated_at = ? WHERE site_id = ? AND id = ?`,
				AnonymisedName, countryOnly(billing), countryOnly(shipping), sqldb.Millis(now), siteID, oid); err != nil {
				return fmt.Errorf("erase customer: %w", err)
			}
			if err := orders.AddEventTx(ctx, tx, siteID, oid, "erased", "The customer's personal data was deleted on request",
				false, actor, now); err != nil {
				return err
			}
			n++
		}
		// Sessions, saved addresses and carts go with the account (their
		// foreign keys cascade).
		if _, err := tx.Exec(ctx, `DELETE FROM customers WHERE site_id = ? AND id = ?`, siteID, id); err != nil {
			return fmt.Errorf("erase customer: %w", err)
		}
		return nil
	})
	return n, err
}

// countryOnly keeps only the country of a stored address.
func countryOnly(raw string) string {
	var a orders.Address
	_ = json.Unmarshal([]byte(raw), &a)
	b, _ := json.Marshal(orders.Address{Name: AnonymisedName, Country: a.Country})
	return string(b)
}
