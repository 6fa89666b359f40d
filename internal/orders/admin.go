package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrCancelled refuses a change to an order that is cancelled: its stock
// went back and, if it was invoiced, a credit note cancelled the invoice.
var ErrCancelled = fmt.Errorf("this order is cancelled and can no longer change: %w", fault.ErrConflict)

// Admin carries out what the owner and staff do to placed orders: change
// the status, cancel, keep internal notes, issue invoices. Each operation
// owns its transaction, and sends its e-mails and webhooks through Events
// in it.
type Admin struct {
	Store    *Store
	Catalog  *catalog.Store
	Invoices *invoices.Store
	Events   Events
	now      func() time.Time
}

// NewAdmin returns the order operations on these stores.
func NewAdmin(store *Store, cat *catalog.Store, inv *invoices.Store, events Events) *Admin {
	return &Admin{Store: store, Catalog: cat, Invoices: inv, Events: events, now: time.Now}
}

// statusTx reads one of the site's statuses inside tx.
// StatusTx reads one of the site's statuses inside tx, for work done in an
// order's own transaction (its e-mail), which must not wait for a second
// connection while it holds the first.
func StatusTx(ctx context.Context, tx *sqldb.Tx, siteID int64, code string) (Status, error) {
	return statusTx(ctx, tx, siteID, code)
}

func statusTx(ctx context.Context, tx *sqldb.Tx, siteID int64, code string) (Status, error) {
	var st Status
	err := tx.QueryRow(ctx, `SELECT code, name, colour, position, notify, is_completed, is_cancelled, is_default
		FROM order_statuses WHERE site_id = ? AND code = ?`, siteID, code).
		Scan(&st.Code, &st.Name, &st.Colour, &st.Position, &st.Notify, &st.IsCompleted, &st.IsCancelled, &st.IsDefault)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{}, fault.Invalidf("status", "Choose a status from the list.")
	}
	if err != nil {
		return Status{}, fmt.Errorf("order status: %w", err)
	}
	return st, nil
}

// SetStatus moves an order to one of the site's statuses. A status that
// means cancelled cancels the order (Cancel); a status that notifies sends
// the customer its e-mail ("paid" for the Paid status, the status update
// otherwise); every change calls the orders/status_changed webhook.
func (a *Admin) SetStatus(ctx context.Context, siteID, orderID int64, code string, actor int64) (Order, error) {
	var out Order
	err := a.Store.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := a.now()
		if err := EnsureStatusesTx(ctx, tx, siteID, now); err != nil {
			return err
		}
		st, err := statusTx(ctx, tx, siteID, code)
		if err != nil {
			return err
		}
		if st.IsCancelled {
			out, _, err = a.cancelTx(ctx, tx, siteID, orderID, st, actor, now)
			return err
		}
		o, err := GetTx(ctx, tx, siteID, orderID, true)
		if err != nil {
			return err
		}
		if !o.CancelledAt.IsZero() {
			return ErrCancelled
		}
		out = o
		if o.Status == code {
			return nil
		}
		prev, err := statusTx(ctx, tx, siteID, o.Status)
		if err != nil {
			prev = Status{Code: o.Status, Name: o.Status}
		}
		res, err := tx.Exec(ctx, `UPDATE orders SET status = ?, updated_at = ? WHERE site_id = ? AND id = ? AND cancelled_at IS NULL`,
			code, sqldb.Millis(now), siteID, orderID)
		if err != nil {
			return fmt.Errorf("set order status: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrCancelled
		}
		out.Status, out.UpdatedAt = code, now
		if err := AddEventTx(ctx, tx, siteID, orderID, "status", fmt.Sprintf("Status changed from %s to %s", prev.Name, st.Name),
			true, actor, now); err != nil {
			return err
		}
		if st.Notify {
			event := "status_changed"
			if code == StatusPaid {
				event = "paid"
			}
			if err := a.Events.SendMail(ctx, tx, siteID, orderID, event); err != nil {
				return err
			}
			if err := AddEventTx(ctx, tx, siteID, orderID, "email", "Customer notified by e-mail", false, actor, now); err != nil {
				return err
			}
		}
		return a.Events.SendWebhook(ctx, tx, siteID, "orders/status_changed", map[string]any{
			"id": o.ID, "number": o.Number, "status": code, "previous_status": o.Status})
	})
	return out, err
}

// Cancel cancels an order: in one transaction it marks the order
// cancelled with a conditional update (only an order not yet cancelled
// matches), puts its lines back in stock, issues a credit note when the
// order has a final invoice, and sends the e-mail and webhooks. It reports
// whether this call cancelled it: a second cancel, concurrent or later,
// changes nothing and returns no stock.
func (a *Admin) Cancel(ctx context.Context, siteID, orderID, actor int64) (Order, bool, error) {
	var out Order
	var did bool
	err := a.Store.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := a.now()
		if err := EnsureStatusesTx(ctx, tx, siteID, now); err != nil {
			return err
		}
		st, err := statusTx(ctx, tx, siteID, StatusCancelled)
		if err != nil {
			return err
		}
		out, did, err = a.cancelTx(ctx, tx, siteID, orderID, st, actor, now)
		return err
	})
	return out, did, err
}

func (a *Admin) cancelTx(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, st Status, actor int64, now time.Time) (Order, bool, error) {
	res, err := tx.Exec(ctx, `UPDATE orders SET status = ?, cancelled_at = ?, stock_returned_at = ?, updated_at = ?
		WHERE site_id = ? AND id = ? AND cancelled_at IS NULL`,
		st.Code, sqldb.Millis(now), sqldb.Millis(now), sqldb.Millis(now), siteID, orderID)
	if err != nil {
		return Order{}, false, fmt.Errorf("cancel order: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Order{}, false, err
	}
	o, err := GetTx(ctx, tx, siteID, orderID, false)
	if err != nil || n == 0 {
		return o, false, err // not found, or cancelled already
	}
	lines := make([]catalog.Line, 0, len(o.Lines))
	for _, l := range o.Lines {
		lines = append(lines, catalog.Line{VariantID: l.VariantID, Qty: l.Qty})
	}
	levels, err := a.Catalog.ReturnStockTx(ctx, tx, siteID, lines, "Order "+o.Number+" cancelled", actor)
	if err != nil {
		return Order{}, false, err
	}
	if err := AddEventTx(ctx, tx, siteID, orderID, "cancelled", "Order cancelled", true, actor, now); err != nil {
		return Order{}, false, err
	}
	if len(levels) > 0 {
		if err := AddEventTx(ctx, tx, siteID, orderID, "stock", "Items returned to stock", false, actor, now); err != nil {
			return Order{}, false, err
		}
	}
	cn, credited, err := a.Invoices.CreditTx(ctx, tx, siteID, orderID, actor)
	if err != nil {
		return Order{}, false, err
	}
	if credited {
		if err := AddEventTx(ctx, tx, siteID, orderID, "invoice", "Credit note "+cn.Number+" issued", false, actor, now); err != nil {
			return Order{}, false, err
		}
	}
	if st.Notify {
		if err := a.Events.SendMail(ctx, tx, siteID, orderID, "cancelled"); err != nil {
			return Order{}, false, err
		}
	}
	if err := a.Events.SendWebhook(ctx, tx, siteID, "orders/cancelled", map[string]any{
		"id": o.ID, "number": o.Number, "status": st.Code}); err != nil {
		return Order{}, false, err
	}
	// The stock returned is announced by the catalog itself
	// (inventory/change from ReturnStockTx), once per variant.
	return o, true, nil
}

// SetStaffNote replaces the order's internal note, which only staff see.
func (a *Admin) SetStaffNote(ctx context.Context, siteID, orderID int64, note string, actor int64) error {
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	var v fault.Invalid
	if v.CheckText("staff_note", note) && len([]rune(note)) > 5000 {
		v.Add("staff_note", "Use at most 5,000 characters.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := a.now()
		res, err := tx.Exec(ctx, `UPDATE orders SET staff_note = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
			note, sqldb.Millis(now), siteID, orderID)
		if err != nil {
			return fmt.Errorf("order note: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return AddEventTx(ctx, tx, siteID, orderID, "note", "Internal note edited", false, actor, now)
	})
}
