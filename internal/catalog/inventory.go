package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Stock changes are single conditional UPDATEs: the condition, not a read
// before the write, decides whether there is enough, so two checkouts can
// never both take the last unit.

// StockMovement is one change of a variant's stock.
type StockMovement struct {
	ID             int64
	VariantID      int64
	Delta          int
	QuantityAfter  int
	Reason         string
	ActorAccountID int64 // 0 for the shop itself (an order, an import)
	At             time.Time
}

// Line is one line of an order for DecrementTx.
type Line struct {
	VariantID int64
	Qty       int
}

// Shortage is a line that stock cannot cover.
type Shortage struct {
	VariantID int64
	Wanted    int
	Available int // what is left (0 or more)
}

// InsufficientStockError lists every line that stock cannot cover. It is a
// fault.ErrConflict: the shopper must change the cart.
type InsufficientStockError struct {
	Shortages []Shortage
}

func (e *InsufficientStockError) Error() string {
	parts := make([]string, len(e.Shortages))
	for i, s := range e.Shortages {
		parts[i] = fmt.Sprintf("variant %d: %d wanted, %d left", s.VariantID, s.Wanted, s.Available)
	}
	return "not enough stock: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, fault.ErrConflict) true.
func (e *InsufficientStockError) Unwrap() error { return fault.ErrConflict }

// recordMovement writes a stock change into the variant's history and
// announces it (inventory/change): every change of stock passes here.
func (s *Store) recordMovement(ctx context.Context, tx *sqldb.Tx, siteID, variantID int64, delta, after int, reason string, actor int64, now int64) error {
	a := sql.NullInt64{Int64: actor, Valid: actor != 0}
	if _, err := tx.Exec(ctx, `INSERT INTO stock_movements (site_id, id, variant_id, delta, quantity_after, reason, actor_account_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, siteID, sqldb.NewID(), variantID, delta, after, reason, a, now); err != nil {
		return fmt.Errorf("stock history: %w", err)
	}
	return s.emitStock(ctx, tx, siteID, variantID, delta, after, reason)
}

func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", fault.Invalidf("reason", "Say why the stock changes, such as “Delivery” or “Stock count”.")
	case len([]rune(reason)) > 200:
		return "", fault.Invalidf("reason", "Use at most 200 characters.")
	}
	return reason, nil
}

// AdjustStock changes a variant's stock by delta (a delivery, a breakage),
// recording why and who (actorAccountID, 0 for none), and returns the new
// stock. Stock never goes below zero unless the variant sells when out of
// stock.
func (s *Store) AdjustStock(ctx context.Context, siteID, variantID int64, delta int, reason string, actorAccountID int64) (int, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return 0, err
	}
	if delta == 0 {
		return 0, fault.Invalidf("delta", "Enter how many units to add or remove.")
	}
	var after int
	err = s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE product_variants SET stock = stock + ?
			WHERE site_id = ? AND id = ? AND (stock + ? >= 0 OR allow_backorder)
			RETURNING stock`, delta, siteID, variantID, delta).Scan(&after)
		if errors.Is(err, sql.ErrNoRows) {
			var stock int
			if err := tx.QueryRow(ctx, `SELECT stock FROM product_variants WHERE site_id = ? AND id = ?`, siteID, variantID).Scan(&stock); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return ErrVariantNotFound
				}
				return err
			}
			return &InsufficientStockError{Shortages: []Shortage{{VariantID: variantID, Wanted: -delta, Available: max(stock, 0)}}}
		}
		if err != nil {
			return fmt.Errorf("adjust stock: %w", err)
		}
		return s.recordMovement(ctx, tx, siteID, variantID, delta, after, reason, actorAccountID, sqldb.Millis(s.now()))
	})
	return after, err
}

// SetStock sets a variant's stock to qty (a stock count), recording the
// difference.
func (s *Store) SetStock(ctx context.Context, siteID, variantID int64, qty int, reason string, actorAccountID int64) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if qty < 0 {
		return fault.Invalidf("stock", "The stock cannot be negative.")
	}
	return s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		var before int
		err := tx.QueryRow(ctx, `SELECT stock FROM product_variants WHERE site_id = ? AND id = ?`+tx.ForUpdate(), siteID, variantID).Scan(&before)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrVariantNotFound
		}
		if err != nil {
			return fmt.Errorf("set stock: %w", err)
		}
		if before == qty {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE product_variants SET stock = ? WHERE site_id = ? AND id = ?`, qty, siteID, variantID); err != nil {
			return fmt.Errorf("set stock: %w", err)
		}
		return s.recordMovement(ctx, tx, siteID, variantID, qty-before, qty, reason, actorAccountID, sqldb.Millis(s.now()))
	})
}

// DecrementTx takes the lines of an order out of stock inside the caller's
// (checkout's) transaction: one conditional UPDATE per line, so concurrent
// orders never oversell. Untracked variants are left as they are; a variant
// that sells when out of stock may go below zero. When any line cannot be
// covered it returns an *InsufficientStockError listing every such line and
// what is left, and the caller rolls its transaction back.
func (s *Store) DecrementTx(ctx context.Context, tx *sqldb.Tx, siteID int64, lines []Line) error {
	// One UPDATE per variant, in ID order, so that two orders lock shared
	// variants in the same order and cannot deadlock on PostgreSQL.
	qty := map[int64]int{}
	for i, l := range lines {
		if l.Qty <= 0 {
			return fault.Invalidf(fmt.Sprintf("lines[%d].qty", i), "Order at least one.")
		}
		qty[l.VariantID] += l.Qty
	}
	ids := make([]int64, 0, len(qty))
	for id := range qty {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	now := sqldb.Millis(s.now())
	var short []Shortage
	// shown is whether a shopper sees the change: the storefront tells a
	// variant's stock only at or below its low-stock threshold ("Only 3
	// left", "Out of stock"); above it the words stay "In stock". Only then
	// are the site's cached pages dropped, so that a busy shop's orders do
	// not empty its page cache (and, on PostgreSQL, queue on the site's
	// row) one after another.
	shown := false
	for _, id := range ids {
		n := qty[id]
		var after, threshold int
		var tracked bool
		err := tx.QueryRow(ctx, `UPDATE product_variants SET stock = CASE WHEN track_stock THEN stock - ? ELSE stock END
			WHERE site_id = ? AND id = ? AND (stock >= ? OR NOT track_stock OR allow_backorder)
			RETURNING stock, track_stock, low_stock_threshold`, n, siteID, id, n).Scan(&after, &tracked, &threshold)
		if errors.Is(err, sql.ErrNoRows) {
			var left int
			if err := tx.QueryRow(ctx, `SELECT stock FROM product_variants WHERE site_id = ? AND id = ?`, siteID, id).Scan(&left); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("variant %d: %w", id, ErrVariantNotFound)
				}
				return fmt.Errorf("decrement stock: %w", err)
			}
			short = append(short, Shortage{VariantID: id, Wanted: n, Available: max(left, 0)})
			continue
		}
		if err != nil {
			return fmt.Errorf("decrement stock: %w", err)
		}
		if tracked {
			if err := s.recordMovement(ctx, tx, siteID, id, -n, after, "Order", 0, now); err != nil {
				return err
			}
			shown = shown || after <= threshold
		}
	}
	if len(short) > 0 {
		return &InsufficientStockError{Shortages: short}
	}
	if !shown {
		return nil
	}
	return contentChanged(ctx, tx, siteID)
}

// LowStockVariant is a variant at or below its low-stock threshold, with
// what the admin list shows of its product.
type LowStockVariant struct {
	Variant
	ProductTitle string
	ProductSlug  string
}

// LowStock lists the site's tracked variants at or below their threshold,
// emptiest first, up to limit (1 to 500).
func (s *Store) LowStock(ctx context.Context, siteID int64, limit int) ([]LowStockVariant, error) {
	if limit < 1 || limit > 500 {
		return nil, fault.Invalidf("limit", "Show 1 to 500 variants.")
	}
	rows, err := s.db.Query(ctx, `SELECT v.id, v.product_id, v.position, v.option1, v.option2, v.option3, v.sku, v.price,
		v.compare_at_price, v.stock, v.track_stock, v.allow_backorder, v.low_stock_threshold, v.weight_grams, v.image_media_id,
		p.title, p.slug, (SELECT COUNT(*) FROM product_options o WHERE o.site_id = v.site_id AND o.product_id = v.product_id)
		FROM product_variants v JOIN products p ON p.site_id = v.site_id AND p.id = v.product_id
		WHERE v.site_id = ? AND v.track_stock AND v.stock <= v.low_stock_threshold
		ORDER BY v.stock, v.id LIMIT ?`, siteID, limit)
	if err != nil {
		return nil, fmt.Errorf("low stock: %w", err)
	}
	defer rows.Close()
	var out []LowStockVariant
	for rows.Next() {
		var l LowStockVariant
		var n int
		v, err := scanVariant(rows, 3, &l.ProductTitle, &l.ProductSlug, &n)
		if err != nil {
			return nil, err
		}
		v.OptionValues = v.OptionValues[:n]
		if n == 0 {
			v.OptionValues = nil
		}
		l.Variant = v
		out = append(out, l)
	}
	return out, rows.Err()
}

// StockHistory returns a variant's stock movements, newest first, up to
// limit (1 to 500).
func (s *Store) StockHistory(ctx context.Context, siteID, variantID int64, limit int) ([]StockMovement, error) {
	if limit < 1 || limit > 500 {
		return nil, fault.Invalidf("limit", "Show 1 to 500 movements.")
	}
	rows, err := s.db.Query(ctx, `SELECT id, variant_id, delta, quantity_after, reason, COALESCE(actor_account_id, 0), created_at
		FROM stock_movements WHERE site_id = ? AND variant_id = ? ORDER BY id DESC LIMIT ?`, siteID, variantID, limit)
	if err != nil {
		return nil, fmt.Errorf("stock history: %w", err)
	}
	defer rows.Close()
	var out []StockMovement
	for rows.Next() {
		var m StockMovement
		var at int64
		if err := rows.Scan(&m.ID, &m.VariantID, &m.Delta, &m.QuantityAfter, &m.Reason, &m.ActorAccountID, &at); err != nil {
			return nil, err
		}
		m.At = sqldb.Time(at)
		out = append(out, m)
	}
	return out, rows.Err()
}
