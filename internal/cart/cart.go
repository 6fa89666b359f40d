// Package cart owns shopping carts: a guest's, found by the hash of a
// random cookie token, and a customer's, found by account, merged into one
// at log-in. Every change of a quantity is checked against stock; the
// prices are the catalog's at the time they are read (checkout freezes
// them in the order).
package cart

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is a cart that is not the site's (or has gone).
var ErrNotFound = fmt.Errorf("cart: %w", fault.ErrNotFound)

// MaxLines and MaxQty bound one cart.
const (
	MaxLines = 100
	MaxQty   = 999
)

// Cart is one cart. Checkout holds the checkout form's answers so far, as
// checkout stores them.
type Cart struct {
	ID         int64
	SiteID     int64
	CustomerID int64
	Checkout   string
	UpdatedAt  time.Time
}

// Item is a variant and a quantity.
type Item struct {
	VariantID int64
	Qty       int
}

// Line is an item with what the shop sells it as now.
type Line struct {
	Item
	ProductID      int64
	ProductSlug    string
	Title          string
	VariantTitle   string
	SKU            string
	UnitPrice      int64
	CompareAtPrice int64
	Currency       string
	TaxClass       string
	WeightGrams    int
	Stock          int
	TrackStock     bool
	AllowBackorder bool
	Active         bool // the product is on sale
	ImageMediaID   int64
}

// Available is how many units can be sold now, or -1 for no limit.
func (l Line) Available() int {
	if !l.TrackStock || l.AllowBackorder {
		return -1
	}
	return max(l.Stock, 0)
}

// Problem says why the line cannot be bought as it is ("Only 2 left in
// stock."), or "".
func (l Line) Problem() string { return stockProblem(l, l.Qty) }

// Store reads and writes carts.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

func scanCart(row interface{ Scan(...any) error }) (Cart, error) {
	var c Cart
	var cust sql.NullInt64
	var at int64
	err := row.Scan(&c.ID, &c.SiteID, &cust, &c.Checkout, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Cart{}, ErrNotFound
	}
	if err != nil {
		return Cart{}, fmt.Errorf("read cart: %w", err)
	}
	c.CustomerID = cust.Int64
	c.UpdatedAt = sqldb.Time(at)
	return c, nil
}

const cartCols = `id, site_id, customer_id, checkout, updated_at`

// ByToken finds a guest's cart by its cookie token, on this site only.
func (s *Store) ByToken(ctx context.Context, siteID int64, token string) (Cart, error) {
	if token == "" || len(token) > 100 {
		return Cart{}, ErrNotFound
	}
	return scanCart(s.db.QueryRow(ctx, `SELECT `+cartCols+` FROM carts WHERE site_id = ? AND token_hash = ?`, siteID, sqldb.HashToken(token)))
}

// ByCustomer finds a customer's cart.
func (s *Store) ByCustomer(ctx context.Context, siteID, customerID int64) (Cart, error) {
	return scanCart(s.db.QueryRow(ctx, `SELECT `+cartCols+` FROM carts WHERE site_id = ? AND customer_id = ? ORDER BY id LIMIT 1`, siteID, customerID))
}

// Get reads a cart by ID.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Cart, error) {
	return scanCart(s.db.QueryRow(ctx, `SELECT `+cartCols+` FROM carts WHERE site_id = ? AND id = ?`, siteID, id))
}

// NewGuest creates a guest cart and returns it with the token for its
// cookie (256 random bits; only its hash is stored).
func (s *Store) NewGuest(ctx context.Context, siteID int64) (Cart, string, error) {
	token := sqldb.NewToken()
	c := Cart{ID: sqldb.NewID(), SiteID: siteID, UpdatedAt: s.now()}
	now := sqldb.Millis(c.UpdatedAt)
	if _, err := s.db.Exec(ctx, `INSERT INTO carts (site_id, id, token_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		siteID, c.ID, sqldb.HashToken(token), now, now); err != nil {
		return Cart{}, "", fmt.Errorf("new cart: %w", err)
	}
	return c, token, nil
}

// ForCustomer returns the customer's cart, creating it when there is none.
func (s *Store) ForCustomer(ctx context.Context, siteID, customerID int64) (Cart, error) {
	c, err := s.ByCustomer(ctx, siteID, customerID)
	if !errors.Is(err, ErrNotFound) {
		return c, err
	}
	c = Cart{ID: sqldb.NewID(), SiteID: siteID, CustomerID: customerID, UpdatedAt: s.now()}
	now := sqldb.Millis(c.UpdatedAt)
	if _, err := s.db.Exec(ctx, `INSERT INTO carts (site_id, id, customer_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		siteID, c.ID, customerID, now, now); err != nil {
		return Cart{}, fmt.Errorf("new cart: %w", err)
	}
	return c, nil
}

// Items returns a cart's variants and quantities, in the order added.
func (s *Store) Items(ctx context.Context, siteID, cartID int64) ([]Item, error) {
	return itemsOf(ctx, s.db, siteID, cartID)
}

func itemsOf(ctx context.Context, q sqldb.Q, siteID, cartID int64) ([]Item, error) {
	rows, err := q.Query(ctx, `SELECT variant_id, qty FROM cart_lines WHERE site_id = ? AND cart_id = ? ORDER BY added_at, variant_id`, siteID, cartID)
	if err != nil {
		return nil, fmt.Errorf("cart lines: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.VariantID, &it.Qty); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Lines returns a cart's items with what the shop sells them as now.
func (s *Store) Lines(ctx context.Context, siteID, cartID int64) ([]Line, error) {
	items, err := s.Items(ctx, siteID, cartID)
	if err != nil {
		return nil, err
	}
	return Describe(ctx, s.db, siteID, items)
}

// Count is the number of units in a cart, for the header.
func (s *Store) Count(ctx context.Context, siteID, cartID int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COALESCE(SUM(qty), 0) FROM cart_lines WHERE site_id = ? AND cart_id = ?`, siteID, cartID).Scan(&n)
	return n, err
}

// Describe reads what the shop sells items as, through q (inside
// checkout's transaction, so that the prices it freezes are the ones of
// that moment). An item whose variant is gone is left out.
func Describe(ctx context.Context, q sqldb.Q, siteID int64, items []Item) ([]Line, error) {
	out := make([]Line, 0, len(items))
	for _, it := range items {
		l := Line{Item: it}
		var opts [3]string
		var sku sql.NullString
		var img sql.NullInt64
		var vWeight, pWeight int
		var status string
		var nOpts int
		err := q.QueryRow(ctx, `SELECT v.product_id, p.slug, p.title, v.option1, v.option2, v.option3, v.sku, v.price, v.compare_at_price,
			p.currency, p.tax_class, v.weight_grams, p.weight_grams, v.stock, v.track_stock, v.allow_backorder, p.status,
			COALESCE(v.image_media_id, (SELECT i.media_id FROM product_images i WHERE i.site_id = p.site_id AND i.product_id = p.id ORDER BY i.position LIMIT 1)),
			(SELECT COUNT(*) FROM product_options o WHERE o.site_id = p.site_id AND o.product_id = p.id)
			FROM product_variants v JOIN products p ON p.site_id = v.site_id AND p.id = v.product_id
			WHERE v.site_id = ? AND v.id = ?`, siteID, it.VariantID).Scan(&l.ProductID, &l.ProductSlug, &l.Title,
			&opts[0], &opts[1], &opts[2], &sku, &l.UnitPrice, &l.CompareAtPrice, &l.Currency, &l.TaxClass, &vWeight, &pWeight,
			&l.Stock, &l.TrackStock, &l.AllowBackorder, &status, &img, &nOpts)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cart line: %w", err)
		}
		l.SKU = sku.String
		l.VariantTitle = strings.Join(opts[:min(nOpts, 3)], " / ")
		l.WeightGrams = vWeight
		if l.WeightGrams == 0 {
			l.WeightGrams = pWeight
		}
		l.Active = status == "active"
		l.ImageMediaID = img.Int64
		out = append(out, l)
	}
	return out, nil
}
