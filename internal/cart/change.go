package cart

import (
	"context"
	"errors"
	"fmt"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// stockProblem says why qty of line cannot be bought, or "".
func stockProblem(l Line, qty int) string {
	switch {
	case !l.Active:
		return "This product is no longer for sale."
	case l.Available() == 0:
		return "Sold out."
	case l.Available() > 0 && qty > l.Available():
		return fmt.Sprintf("Only %d left in stock.", l.Available())
	}
	return ""
}

// Add puts qty more of a variant into the cart, checking stock.
func (s *Store) Add(ctx context.Context, siteID, cartID, variantID int64, qty int) error {
	return s.change(ctx, siteID, cartID, variantID, qty, true)
}

// SetQty sets a line's quantity, checking stock; 0 removes the line.
func (s *Store) SetQty(ctx context.Context, siteID, cartID, variantID int64, qty int) error {
	return s.change(ctx, siteID, cartID, variantID, qty, false)
}

// Remove takes a line out of the cart.
func (s *Store) Remove(ctx context.Context, siteID, cartID, variantID int64) error {
	return s.change(ctx, siteID, cartID, variantID, 0, false)
}

func (s *Store) change(ctx context.Context, siteID, cartID, variantID int64, qty int, add bool) error {
	if qty < 0 || qty > MaxQty || add && qty == 0 {
		return fault.Invalidf("qty", fmt.Sprintf("Enter a quantity from 1 to %d.", MaxQty))
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM carts WHERE site_id = ? AND id = ?`, siteID, cartID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		var have int
		err := tx.QueryRow(ctx, `SELECT qty FROM cart_lines WHERE site_id = ? AND cart_id = ? AND variant_id = ?`, siteID, cartID, variantID).Scan(&have)
		if err != nil && !errors.Is(err, sqldb.ErrNoRows) {
			return err
		}
		exists := err == nil
		want := qty
		if add {
			want = have + qty
		}
		now := sqldb.Millis(s.now())
		if want == 0 {
			_, err := tx.Exec(ctx, `DELETE FROM cart_lines WHERE site_id = ? AND cart_id = ? AND variant_id = ?`, siteID, cartID, variantID)
			return err
		}
		lines, err := Describe(ctx, tx, siteID, []Item{{VariantID: variantID, Qty: want}})
		if err != nil {
			return err
		}
		if len(lines) == 0 {
			return fault.Invalidf("variant", "This product is no longer for sale.")
		}
		if p := stockProblem(lines[0], min(want, MaxQty)); p != "" {
			name := lines[0].Title
			if lines[0].VariantTitle != "" {
				name += " – " + lines[0].VariantTitle
			}
			return fault.Invalidf("qty", name+": "+p)
		}
		if want > MaxQty {
			return fault.Invalidf("qty", fmt.Sprintf("Enter a quantity from 1 to %d.", MaxQty))
		}
		if exists {
			_, err = tx.Exec(ctx, `UPDATE cart_lines SET qty = ? WHERE site_id = ? AND cart_id = ? AND variant_id = ?`, want, siteID, cartID, variantID)
		} else {
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM cart_lines WHERE site_id = ? AND cart_id = ?`, siteID, cartID).Scan(&n); err != nil {
				return err
			}
			if n >= MaxLines {
				return fault.Invalidf("variant", fmt.Sprintf("A cart holds at most %d different products.", MaxLines))
			}
			_, err = tx.Exec(ctx, `INSERT INTO cart_lines (site_id, cart_id, variant_id, qty, added_at) VALUES (?, ?, ?, ?, ?)`, siteID, cartID, variantID, want, now)
		}
		if err != nil {
			return fmt.Errorf("cart line: %w", err)
		}
		_, err = tx.Exec(ctx, `UPDATE carts SET updated_at = ? WHERE site_id = ? AND id = ?`, now, siteID, cartID)
		return err
	})
}

// SaveCheckout stores the checkout form's answers so far.
func (s *Store) SaveCheckout(ctx context.Context, siteID, cartID int64, state string) error {
	_, err := s.db.Exec(ctx, `UPDATE carts SET checkout = ?, updated_at = ? WHERE site_id = ? AND id = ?`, state, sqldb.Millis(s.now()), siteID, cartID)
	return err
}

// Merge moves a guest cart's lines into the customer's cart at log-in
// (adding quantities of a variant in both, up to the stock) and deletes
// the guest cart. It returns the customer's cart.
func (s *Store) Merge(ctx context.Context, siteID, guestCartID, customerID int64) (Cart, error) {
	dst, err := s.ForCustomer(ctx, siteID, customerID)
	if err != nil {
		return Cart{}, err
	}
	if guestCartID == 0 || guestCartID == dst.ID {
		return dst, nil
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		guest, err := itemsOf(ctx, tx, siteID, guestCartID)
		if err != nil {
			return err
		}
		mine, err := itemsOf(ctx, tx, siteID, dst.ID)
		if err != nil {
			return err
		}
		have := map[int64]int{}
		for _, it := range mine {
			have[it.VariantID] = it.Qty
		}
		lines, err := Describe(ctx, tx, siteID, guest)
		if err != nil {
			return err
		}
		now := sqldb.Millis(s.now())
		for _, l := range lines {
			want := min(have[l.VariantID]+l.Qty, MaxQty)
			if a := l.Available(); a >= 0 {
				want = min(want, a)
			}
			if want <= 0 || !l.Active {
				continue
			}
			if _, ok := have[l.VariantID]; ok {
				_, err = tx.Exec(ctx, `UPDATE cart_lines SET qty = ? WHERE site_id = ? AND cart_id = ? AND variant_id = ?`, want, siteID, dst.ID, l.VariantID)
			} else {
				_, err = tx.Exec(ctx, `INSERT INTO cart_lines (site_id, cart_id, variant_id, qty, added_at) VALUES (?, ?, ?, ?, ?)`, siteID, dst.ID, l.VariantID, want, now)
			}
			if err != nil {
				return fmt.Errorf("merge cart: %w", err)
			}
		}
		var checkout string
		if err := tx.QueryRow(ctx, `SELECT checkout FROM carts WHERE site_id = ? AND id = ?`, siteID, guestCartID).Scan(&checkout); err != nil && !errors.Is(err, sqldb.ErrNoRows) {
			return err
		}
		if checkout != "" {
			if _, err := tx.Exec(ctx, `UPDATE carts SET checkout = ? WHERE site_id = ? AND id = ?`, checkout, siteID, dst.ID); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM carts WHERE site_id = ? AND id = ?`, siteID, guestCartID)
		return err
	})
	if err != nil {
		return Cart{}, err
	}
	return s.Get(ctx, siteID, dst.ID)
}

// DeleteTx empties and deletes a cart inside an order's transaction.
func DeleteTx(ctx context.Context, tx *sqldb.Tx, siteID, cartID int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM carts WHERE site_id = ? AND id = ?`, siteID, cartID)
	return err
}
