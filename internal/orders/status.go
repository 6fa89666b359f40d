package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// The codes of the default statuses every site has.
const (
	StatusNew             = "new"
	StatusAwaitingPayment = "awaiting_payment"
	StatusPaid            = "paid"
	StatusShipped         = "shipped"
	StatusCompleted       = "completed"
	StatusCancelled       = "cancelled"
)

// Status is one status an order can be in. Notify: moving an order to it
// e-mails the customer. IsCompleted and IsCancelled say what it means for
// reports and for stock (a cancelled order returns its stock once).
type Status struct {
	Code        string
	Name        string
	Colour      string
	Position    int
	Notify      bool
	IsCompleted bool
	IsCancelled bool
	IsDefault   bool // one of the built-in statuses, which cannot be deleted
}

// DefaultStatuses are the statuses every site starts with, in order.
func DefaultStatuses() []Status {
	return []Status{
		{Code: StatusNew, Name: "New", Colour: "#2563eb", Position: 1, IsDefault: true},
		{Code: StatusAwaitingPayment, Name: "Awaiting payment", Colour: "#d97706", Position: 2, IsDefault: true},
		{Code: StatusPaid, Name: "Paid", Colour: "#059669", Position: 3, Notify: true, IsDefault: true},
		{Code: StatusShipped, Name: "Shipped", Colour: "#7c3aed", Position: 4, Notify: true, IsDefault: true},
		{Code: StatusCompleted, Name: "Completed", Colour: "#374151", Position: 5, IsCompleted: true, IsDefault: true},
		{Code: StatusCancelled, Name: "Cancelled", Colour: "#dc2626", Position: 6, Notify: true, IsCancelled: true, IsDefault: true},
	}
}

// EnsureStatusesTx inserts the default statuses of a site that has none
// yet; it is cheap to call before every order, and concurrent calls are
// harmless (ON CONFLICT DO NOTHING).
func EnsureStatusesTx(ctx context.Context, tx *sqldb.Tx, siteID int64, now time.Time) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM order_statuses WHERE site_id = ? AND is_default`, siteID).Scan(&n); err != nil {
		return fmt.Errorf("order statuses: %w", err)
	}
	if n >= len(DefaultStatuses()) {
		return nil
	}
	for _, s := range DefaultStatuses() {
		if _, err := tx.Exec(ctx, `INSERT INTO order_statuses (site_id, code, name, colour, position, notify, is_completed, is_cancelled, is_default, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			siteID, s.Code, s.Name, s.Colour, s.Position, s.Notify, s.IsCompleted, s.IsCancelled, s.IsDefault, sqldb.Millis(now)); err != nil {
			return fmt.Errorf("order status %s: %w", s.Code, err)
		}
	}
	return nil
}

// Statuses lists the site's statuses in order; a site that has none yet
// gets the defaults.
func (s *Store) Statuses(ctx context.Context, siteID int64) ([]Status, error) {
	rows, err := s.db.Query(ctx, `SELECT code, name, colour, position, notify, is_completed, is_cancelled, is_default
		FROM order_statuses WHERE site_id = ? ORDER BY position, code`, siteID)
	if err != nil {
		return nil, fmt.Errorf("order statuses: %w", err)
	}
	defer rows.Close()
	var out []Status
	for rows.Next() {
		var st Status
		if err := rows.Scan(&st.Code, &st.Name, &st.Colour, &st.Position, &st.Notify, &st.IsCompleted, &st.IsCancelled, &st.IsDefault); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return DefaultStatuses(), nil
	}
	return out, nil
}

// StatusName returns the name of the status code among statuses, or the
// code itself when it is unknown.
func StatusName(statuses []Status, code string) string {
	for _, s := range statuses {
		if s.Code == code {
			return s.Name
		}
	}
	return code
}
