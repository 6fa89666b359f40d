package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// StockLevel is a variant's stock after a change, for the inventory webhook.
type StockLevel struct {
	VariantID int64 `json:"variant_id"`
	Stock     int   `json:"stock"`
}

// ReturnStockTx puts the lines of a cancelled order back into stock inside
// the caller's transaction: one UPDATE … SET stock = stock + n per tracked
// variant, recorded in the stock history with reason and actor. Variants
// that are not tracked, or no longer exist, are skipped. The caller makes
// sure an order returns its stock once (orders' cancel does it with a
// conditional update of the order in the same transaction).
func (s *Store) ReturnStockTx(ctx context.Context, tx *sqldb.Tx, siteID int64, lines []Line, reason string, actor int64) ([]StockLevel, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	qty := map[int64]int{}
	for _, l := range lines {
		if l.Qty > 0 {
			qty[l.VariantID] += l.Qty
		}
	}
	ids := make([]int64, 0, len(qty))
	for id := range qty {
		ids = append(ids, id)
	}
	// The same order as DecrementTx, so that the two never deadlock.
	slices.Sort(ids)
	now := sqldb.Millis(s.now())
	var levels []StockLevel
	shown := false
	for _, id := range ids {
		var after, threshold int
		err := tx.QueryRow(ctx, `UPDATE product_variants SET stock = stock + ? WHERE site_id = ? AND id = ? AND track_stock
			RETURNING stock, low_stock_threshold`, qty[id], siteID, id).Scan(&after, &threshold)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("return stock: %w", err)
		}
		if err := s.recordMovement(ctx, tx, siteID, id, qty[id], after, reason, actor, now); err != nil {
			return nil, err
		}
		levels = append(levels, StockLevel{VariantID: id, Stock: after})
		// As in DecrementTx: shoppers see the stock only at or below the
		// threshold, so only a variant that was there changes a page.
		shown = shown || after-qty[id] <= threshold
	}
	if !shown {
		return levels, nil
	}
	return levels, contentChanged(ctx, tx, siteID)
}
