package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
)

// Filter narrows the admin's list of orders. Zero fields do not filter.
type Filter struct {
	Status  string // a status code
	Payment string // PaymentUnpaid, PaymentPartial, PaymentPaid, PaymentRefunded
	From    time.Time
	To      time.Time // exclusive
	// Query finds an order by (part of) its number, the customer's name or
	// e-mail address.
	Query string
	// CustomerID keeps one customer's orders.
	CustomerID int64
	// Before continues a list after the order with this ID (newest first).
	Before int64
	Limit  int
}

// PaymentStates lists the payment states in the order filters show them.
func PaymentStates() []string {
	return []string{PaymentUnpaid, PaymentPartial, PaymentPaid, PaymentRefunded}
}

// PaymentLabel is a payment state as people read it.
func PaymentLabel(state string) string {
	switch state {
	case PaymentUnpaid:
		return "Unpaid"
	case PaymentPartial:
		return "Partially paid"
	case PaymentPaid:
		return "Paid"
	case PaymentRefunded:
		return "Refunded"
	}
	return state
}

// likePattern escapes s for LIKE … ESCAPE '\' and wraps it in wildcards.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// ListOrders returns a page of the site's orders, newest first, and the ID
// to pass as Before for the next page (0 when this is the last).
func (s *Store) ListOrders(ctx context.Context, siteID int64, f Filter) ([]Order, int64, error) {
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > 200 {
		return nil, 0, fault.Invalidf("limit", "Show 1 to 200 orders.")
	}
	where, args, err := filterWhere(siteID, f)
	if err != nil {
		return nil, 0, err
	}
	if f.Before > 0 {
		where += " AND id < ?"
		args = append(args, f.Before)
	}
	args = append(args, f.Limit+1)
	rows, err := s.db.Query(ctx, `SELECT `+orderColumns+` FROM orders WHERE `+where+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list orders: %w", err)
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// CountOrders counts the site's orders that f's filters keep (Before and
// Limit aside), for a list's total.
func (s *Store) CountOrders(ctx context.Context, siteID int64, f Filter) (int, error) {
	where, args, err := filterWhere(siteID, f)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM orders WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count orders: %w", err)
	}
	return n, nil
}

// filterWhere is the WHERE clause of f's filters, without Before.
func filterWhere(siteID int64, f Filter) (string, []any, error) {
	var v fault.Invalid
	v.CheckText("q", f.Query)
	v.CheckText("status", f.Status)
	if len(f.Query) > 200 {
		v.Add("q", "Search for at most 200 characters.")
	}
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	where := []string{"site_id = ?"}
	args := []any{siteID}
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Payment != "" {
		add("payment_status = ?", f.Payment)
	}
	if !f.From.IsZero() {
		add("created_at >= ?", f.From.UTC().UnixMilli())
	}
	if !f.To.IsZero() {
		add("created_at < ?", f.To.UTC().UnixMilli())
	}
	if f.CustomerID != 0 {
		add("customer_id = ?", f.CustomerID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// LOWER is ASCII-only on SQLite, so the name is also matched as
		// typed: "Černý" finds Černý on both databases.
		p := likePattern(q)
		typed := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
		add(`(LOWER(number) LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\' OR LOWER(customer_name) LIKE ? ESCAPE '\'
			OR customer_name LIKE ? ESCAPE '\')`, p, p, p, typed)
	}
	return strings.Join(where, " AND "), args, nil
}

// CustomerTotals sums a customer's orders that were not cancelled.
type CustomerTotals struct {
	Orders   int
	Spent    int64 // the sum of their totals, in Currency
	Currency string
	Last     time.Time
}

// TotalsOf returns what a customer ordered on the site, cancelled orders
// left out. A shop sells in one currency; should it have changed, the sum
// is of the orders in the most recent order's currency.
func (s *Store) TotalsOf(ctx context.Context, siteID, customerID int64) (CustomerTotals, error) {
	var t CustomerTotals
	var last int64
	err := s.db.QueryRow(ctx, `SELECT currency, created_at FROM orders WHERE site_id = ? AND customer_id = ?
		AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1`, siteID, customerID).Scan(&t.Currency, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return CustomerTotals{}, nil
	}
	if err != nil {
		return CustomerTotals{}, fmt.Errorf("customer totals: %w", err)
	}
	t.Last = time.UnixMilli(last).UTC()
	err = s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(total), 0) FROM orders WHERE site_id = ? AND customer_id = ?
		AND cancelled_at IS NULL AND currency = ?`, siteID, customerID, t.Currency).Scan(&t.Orders, &t.Spent)
	if err != nil {
		return CustomerTotals{}, fmt.Errorf("customer totals: %w", err)
	}
	return t, nil
}
