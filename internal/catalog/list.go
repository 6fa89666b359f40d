package catalog

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Sort is the order of a product list.
type Sort string

// The orders of a list. Newest is the default.
const (
	SortNewest    Sort = "newest"
	SortTitle     Sort = "title"
	SortPriceLow  Sort = "price"
	SortPriceHigh Sort = "-price"
)

// ListQuery chooses a page of products. Zero values mean: every status, no
// search, no category, newest first, 50 a page.
type ListQuery struct {
	Search     string
	Status     Status // "" for every status; StatusActive for the storefront
	CategoryID int64
	LowStock   bool // only products with a tracked variant at or below its threshold
	Sort       Sort
	Cursor     string // Next of the previous page; "" for the first
	Limit      int    // 1 to 200; 50 when 0
}

// Listed is one product in a list: the product without its options,
// variants, images and categories, and what a list row shows of them.
type Listed struct {
	Product
	ImageMediaID int64 // the first image, 0 for none
	VariantCount int
	Stock        int  // the sum of the tracked variants' stock
	Tracked      bool // some variant's stock is tracked
	Available    bool // some variant can be sold now
}

// ProductPage is one page of a list. Next is the cursor of the following
// page, "" on the last one.
type ProductPage struct {
	Products []Listed
	Next     string
}

// cursor is what a page's Next encodes: the sort it belongs to and the sort
// key and ID of the page's last product (keyset pagination: the next page
// starts after it, as fast at page 2,000 as at page 1).
type cursor struct {
	Sort  Sort   `json:"s"`
	Title string `json:"t,omitempty"`
	Price int64  `json:"p,omitempty"`
	ID    int64  `json:"i"`
}

func (c cursor) encode() string { return encodeJSON(c) }

// encodeJSON and decodeJSON make the opaque cursors.
func encodeJSON(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeJSON(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func decodeCursor(s string, sort Sort) (cursor, error) {
	var c cursor
	err := decodeJSON(s, &c)
	if err != nil || c.Sort != sort || c.ID == 0 {
		return cursor{}, fault.Invalidf("cursor", "This page link is out of date: start again from the first page.")
	}
	return c, nil
}

const listedCols = productCols + `, p.sort_title,
	COALESCE((SELECT i.media_id FROM product_images i WHERE i.site_id = p.site_id AND i.product_id = p.id ORDER BY i.position LIMIT 1), 0),
	(SELECT COUNT(*) FROM product_variants v WHERE v.site_id = p.site_id AND v.product_id = p.id),
	(SELECT SUM(v.stock) FROM product_variants v WHERE v.site_id = p.site_id AND v.product_id = p.id AND v.track_stock),
	(SELECT COUNT(*) FROM product_variants v WHERE v.site_id = p.site_id AND v.product_id = p.id
		AND (NOT v.track_stock OR v.allow_backorder OR v.stock > 0))`

// The last column counts the variants that can be sold now. It is a count,
// not EXISTS, because PostgreSQL turns an uncorrelated-looking EXISTS in the
// select list into a hash of every variant of every site (170 ms at 100,000
// products) where the count is an index probe per row.

// lowStockCond keeps products with a tracked variant at or below its
// threshold.
const lowStockCond = `EXISTS (SELECT 1 FROM product_variants v WHERE v.site_id = p.site_id AND v.product_id = p.id
	AND v.track_stock AND v.stock <= v.low_stock_threshold)`

// ListProducts returns a page of the site's products: searched, filtered
// and sorted as q asks, after q.Cursor.
func (s *Store) ListProducts(ctx context.Context, siteID int64, q ListQuery) (ProductPage, error) {
	query, args, nothing, err := s.listSQL(ctx, siteID, q)
	if err != nil || nothing {
		return ProductPage{}, err
	}
	return s.readPage(ctx, query, args, q.Sort, q.Limit)
}

func normalizeList(q *ListQuery) error {
	if q.Sort == "" {
		q.Sort = SortNewest
	}
	switch q.Sort {
	case SortNewest, SortTitle, SortPriceLow, SortPriceHigh:
	default:
		return fault.Invalidf("sort", "Sort by newest, title or price.")
	}
	if q.Status != "" && !q.Status.valid() {
		return fault.Invalidf("status", "Choose draft, active or archived.")
	}
	switch {
	case q.Limit == 0:
		q.Limit = 50
	case q.Limit < 1 || q.Limit > 200:
		return fault.Invalidf("limit", "Show 1 to 200 products a page.")
	}
	return nil
}

// listSQL builds the list query; nothing is true when the search cannot
// match anything.
func (s *Store) listSQL(ctx context.Context, siteID int64, q ListQuery) (string, []any, bool, error) {
	if err := normalizeList(&q); err != nil {
		return "", nil, false, err
	}
	where := []string{"p.site_id = ?"}
	args := []any{siteID}
	if q.Status != "" {
		where = append(where, "p.status = ?")
		args = append(args, string(q.Status))
	}
	if q.CategoryID != 0 {
		where = append(where, `EXISTS (SELECT 1 FROM product_categories pc WHERE pc.site_id = p.site_id
			AND pc.category_id = ? AND pc.product_id = p.id)`)
		args = append(args, q.CategoryID)
	}
	if q.LowStock {
		where = append(where, lowStockCond)
	}
	if strings.TrimSpace(q.Search) != "" {
		cond, a, nothing, err := s.searchMatch(ctx, siteID, q.Search)
		if err != nil || nothing {
			return "", nil, nothing, err
		}
		if cond != "" {
			where = append(where, cond)
			args = append(args, a...)
		}
	}
	var order string
	var after string
	var afterArgs []any
	var c cursor
	if q.Cursor != "" {
		var err error
		if c, err = decodeCursor(q.Cursor, q.Sort); err != nil {
			return "", nil, false, err
		}
	}
	switch q.Sort {
	case SortNewest:
		order, after, afterArgs = "p.id DESC", "p.id < ?", []any{c.ID}
	case SortTitle:
		order, after, afterArgs = "p.sort_title, p.id", "(p.sort_title, p.id) > (?, ?)", []any{c.Title, c.ID}
	case SortPriceLow:
		order, after, afterArgs = "p.price, p.id", "(p.price, p.id) > (?, ?)", []any{c.Price, c.ID}
	case SortPriceHigh:
		order, after, afterArgs = "p.price DESC, p.id DESC", "(p.price, p.id) < (?, ?)", []any{c.Price, c.ID}
	}
	if q.Cursor != "" {
		where = append(where, after)
		args = append(args, afterArgs...)
	}
	args = append(args, q.Limit+1)
	return `SELECT ` + listedCols + ` FROM products p WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + order + ` LIMIT ?`, args, false, nil
}

// readPage runs a list query that asks for one row more than limit, to know
// whether a next page exists.
func (s *Store) readPage(ctx context.Context, query string, args []any, sort Sort, limit int) (ProductPage, error) {
	if sort == "" {
		sort = SortNewest
	}
	if limit == 0 {
		limit = 50
	}
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return ProductPage{}, fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	var page ProductPage
	var last cursor
	for rows.Next() {
		var l Listed
		var st string
		var available int
		var stock sql.NullInt64
		p, err := scanProduct(rows, &st, &l.ImageMediaID, &l.VariantCount, &stock, &available)
		if err != nil {
			return ProductPage{}, err
		}
		l.Stock, l.Tracked = int(stock.Int64), stock.Valid
		if len(page.Products) == limit {
			page.Next = last.encode()
			break
		}
		l.Product, l.Available = p, available > 0
		page.Products = append(page.Products, l)
		last = cursor{Sort: sort, Title: st, Price: p.Price, ID: p.ID}
	}
	return page, rows.Err()
}

// explainList returns the list query for q, for the tests that check its
// plan.
func (s *Store) explainList(ctx context.Context, siteID int64, q ListQuery) (string, []any, error) {
	query, args, _, err := s.listSQL(ctx, siteID, q)
	return query, args, err
}

// checkIDs refuses an empty or oversized bulk selection.
func checkIDs(ids []int64) error {
	switch {
	case len(ids) == 0:
		return fault.Invalidf("ids", "Choose at least one product.")
	case len(ids) > 1000:
		return fault.Invalidf("ids", "Choose at most 1,000 products at a time.")
	}
	return nil
}

func idArgs(siteID int64, ids []int64) []any {
	args := make([]any, 0, len(ids)+1)
	args = append(args, siteID)
	for _, id := range ids {
		args = append(args, id)
	}
	return args
}

// SetStatus publishes (StatusActive), archives or returns to draft the
// chosen products of the site, and returns how many it changed.
func (s *Store) SetStatus(ctx context.Context, siteID int64, ids []int64, status Status) (int, error) {
	if err := checkIDs(ids); err != nil {
		return 0, err
	}
	if !status.valid() {
		return 0, fault.Invalidf("status", "Choose draft, active or archived.")
	}
	var n int64
	err := s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE products SET status = ?, updated_at = ? WHERE site_id = ? AND id IN (`+placeholders(len(ids))+`)`,
			append([]any{string(status), sqldb.Millis(s.now())}, idArgs(siteID, ids)...)...)
		if err != nil {
			return fmt.Errorf("set status: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return s.emitProducts(ctx, tx, siteID, ids)
	})
	return int(n), err
}

// DeleteProducts removes the chosen products of the site with everything
// that hangs on them, and returns how many there were.
func (s *Store) DeleteProducts(ctx context.Context, siteID int64, ids []int64) (int, error) {
	if err := checkIDs(ids); err != nil {
		return 0, err
	}
	n := 0
	err := s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		in := placeholders(len(ids))
		rows, err := tx.Query(ctx, `SELECT id, search_text FROM products WHERE site_id = ? AND id IN (`+in+`)`, idArgs(siteID, ids)...)
		if err != nil {
			return fmt.Errorf("delete products: %w", err)
		}
		var texts []string
		var found []int64
		for rows.Next() {
			var id int64
			var t string
			if err := rows.Scan(&id, &t); err != nil {
				rows.Close()
				return err
			}
			texts = append(texts, t)
			found = append(found, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		n = len(texts)
		for _, id := range found {
			if err := s.setImageUses(ctx, tx, siteID, id, nil); err != nil {
				return err
			}
			if err := s.emit(ctx, tx, siteID, TopicProductDelete, DeletedPayload{ID: eventID(id)}); err != nil {
				return err
			}
		}
		for _, t := range texts {
			if err := updateTerms(ctx, tx, siteID, t, ""); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_redirects WHERE site_id = ? AND kind = 'product' AND target_id IN (`+in+`)`, idArgs(siteID, ids)...); err != nil {
			return fmt.Errorf("delete products: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM products WHERE site_id = ? AND id IN (`+in+`)`, idArgs(siteID, ids)...); err != nil {
			return fmt.Errorf("delete products: %w", err)
		}
		return nil
	})
	return n, err
}

// ChangePrices changes the price of every variant of the chosen products by
// basisPoints hundredths of a percent (-1000 is 10 % off, 250 is 2.5 % up),
// rounding half away from zero to the currency's minor unit, never below 0.
// A compare-at price that is no longer above the new price is cleared.
func (s *Store) ChangePrices(ctx context.Context, siteID int64, ids []int64, basisPoints int) (int, error) {
	if err := checkIDs(ids); err != nil {
		return 0, err
	}
	if basisPoints < -10000 || basisPoints > 100000 {
		return 0, fault.Invalidf("percent", "Change prices by -100 % to +1000 %.")
	}
	n := 0
	err := s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		in := placeholders(len(ids))
		rows, err := tx.Query(ctx, `SELECT id, price, compare_at_price FROM product_variants WHERE site_id = ? AND product_id IN (`+in+`)`+tx.ForUpdate(), idArgs(siteID, ids)...)
		if err != nil {
			return fmt.Errorf("change prices: %w", err)
		}
		type change struct{ id, price, compareAt int64 }
		var changes []change
		for rows.Next() {
			var c change
			if err := rows.Scan(&c.id, &c.price, &c.compareAt); err != nil {
				rows.Close()
				return err
			}
			c.price = scalePrice(c.price, basisPoints)
			if c.compareAt <= c.price {
				c.compareAt = 0
			}
			changes = append(changes, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := sqldb.Millis(s.now())
		for _, c := range changes {
			if _, err := tx.Exec(ctx, `UPDATE product_variants SET price = ?, compare_at_price = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
				c.price, c.compareAt, now, siteID, c.id); err != nil {
				return fmt.Errorf("change prices: %w", err)
			}
		}
		res, err := tx.Exec(ctx, `UPDATE products SET updated_at = ?,
			price = COALESCE((SELECT v.price FROM product_variants v WHERE v.site_id = products.site_id AND v.product_id = products.id ORDER BY v.price, v.position LIMIT 1), 0),
			compare_at_price = COALESCE((SELECT v.compare_at_price FROM product_variants v WHERE v.site_id = products.site_id AND v.product_id = products.id ORDER BY v.price, v.position LIMIT 1), 0)
			WHERE site_id = ? AND id IN (`+in+`)`, append([]any{now}, idArgs(siteID, ids)...)...)
		if err != nil {
			return fmt.Errorf("change prices: %w", err)
		}
		m, err := res.RowsAffected()
		if err != nil {
			return err
		}
		n = int(m)
		return s.emitProducts(ctx, tx, siteID, ids)
	})
	return n, err
}

// scalePrice returns price changed by bp hundredths of a percent, rounded
// half away from zero, and not below zero.
func scalePrice(price int64, bp int) int64 {
	n := price * int64(10000+bp)
	q, r := n/10000, n%10000
	if r*2 >= 10000 {
		q++
	}
	return max(q, 0)
}

// emitProducts announces a change of each of the site's products in ids
// that exists (a bulk action); each is read only if someone listens.
func (s *Store) emitProducts(ctx context.Context, tx *sqldb.Tx, siteID int64, ids []int64) error {
	if s.events == nil {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT id FROM products WHERE site_id = ? AND id IN (`+placeholders(len(ids))+`)`, idArgs(siteID, ids)...)
	if err != nil {
		return fmt.Errorf("changed products: %w", err)
	}
	var found []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		found = append(found, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range found {
		if err := s.emitProduct(ctx, tx, siteID, TopicProductUpdate, id); err != nil {
			return err
		}
	}
	return nil
}
