package orders

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Store reads and writes orders.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// DB is the database the store works on, for operations that span
// packages (checkout, payments) and open their own transaction.
func (s *Store) DB() *sqldb.DB { return s.db }

const orderColumns = `id, site_id, number, token, submission_key, COALESCE(customer_id, 0), email, phone, customer_name,
	billing_address, shipping_address, status, payment_status, currency, prices_include_tax, subtotal, shipping_total,
	shipping_tax, payment_fee, tax_total, total, paid_total, shipping_method, shipping_name, payment_method, payment_name,
	payment_reference, note, staff_note, terms_version, terms_accepted_at, source, stock_returned_at, paid_at,
	cancelled_at, created_at, updated_at`

func scanOrder(row interface{ Scan(...any) error }) (Order, error) {
	var o Order
	var billing, shipping string
	var terms, returned, paid, cancelled sql.NullInt64
	var created, updated int64
	err := row.Scan(&o.ID, &o.SiteID, &o.Number, &o.Token, &o.SubmissionKey, &o.CustomerID, &o.Email, &o.Phone,
		&o.CustomerName, &billing, &shipping, &o.Status, &o.PaymentStatus, &o.Currency, &o.PricesIncludeTax,
		&o.Subtotal, &o.ShippingTotal, &o.ShippingTax, &o.PaymentFee, &o.TaxTotal, &o.Total, &o.PaidTotal,
		&o.ShippingMethod, &o.ShippingName, &o.PaymentMethod, &o.PaymentName, &o.PaymentReference, &o.Note,
		&o.StaffNote, &o.TermsVersion, &terms, &o.Source, &returned, &paid, &cancelled, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, ErrNotFound
	}
	if err != nil {
		return Order{}, fmt.Errorf("read order: %w", err)
	}
	_ = json.Unmarshal([]byte(billing), &o.Billing)
	_ = json.Unmarshal([]byte(shipping), &o.Shipping)
	o.TermsAcceptedAt = sqldb.NullTime(terms)
	o.StockReturnedAt = sqldb.NullTime(returned)
	o.PaidAt = sqldb.NullTime(paid)
	o.CancelledAt = sqldb.NullTime(cancelled)
	o.CreatedAt, o.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	return o, nil
}

// InsertTx writes a new order and its lines inside the caller's
// transaction (checkout.PlaceOrder's). o.ID, Token, Number and the times
// must be set.
func InsertTx(ctx context.Context, tx *sqldb.Tx, o Order) error {
	billing, _ := json.Marshal(o.Billing)
	shipping, _ := json.Marshal(o.Shipping)
	customer := sql.NullInt64{Int64: o.CustomerID, Valid: o.CustomerID != 0}
	_, err := tx.Exec(ctx, `INSERT INTO orders (site_id, id, number, token, submission_key, customer_id, email, phone,
		customer_name, billing_address, shipping_address, status, payment_status, currency, prices_include_tax, subtotal,
		shipping_total, shipping_tax, payment_fee, tax_total, total, paid_total, shipping_method, shipping_name,
		payment_method, payment_name, payment_reference, note, staff_note, terms_version, terms_accepted_at, source,
		created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.SiteID, o.ID, o.Number, o.Token, o.SubmissionKey, customer, o.Email, o.Phone, o.CustomerName,
		string(billing), string(shipping), o.Status, o.PaymentStatus, o.Currency, o.PricesIncludeTax, o.Subtotal,
		o.ShippingTotal, o.ShippingTax, o.PaymentFee, o.TaxTotal, o.Total, o.PaidTotal, o.ShippingMethod,
		o.ShippingName, o.PaymentMethod, o.PaymentName, o.PaymentReference, o.Note, o.StaffNote, o.TermsVersion,
		sqldb.NullMillis(o.TermsAcceptedAt), o.Source, sqldb.Millis(o.CreatedAt), sqldb.Millis(o.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert order: %w", err)
	}
	for i, l := range o.Lines {
		if _, err := tx.Exec(ctx, `INSERT INTO order_lines (site_id, order_id, position, product_id, variant_id, title,
			variant_title, sku, qty, unit_price, tax_class, rate_bp, subtotal, tax, total, weight_grams)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.SiteID, o.ID, i+1, l.ProductID, l.VariantID, l.Title, l.VariantTitle, l.SKU, l.Qty, l.UnitPrice,
			l.TaxClass, l.RateBP, l.Subtotal, l.Tax, l.Total, l.WeightGrams); err != nil {
			return fmt.Errorf("insert order line: %w", err)
		}
	}
	return nil
}

// AddEventTx appends an entry to an order's timeline.
func AddEventTx(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, kind, message string, public bool, actorAccountID int64, at time.Time) error {
	actor := sql.NullInt64{Int64: actorAccountID, Valid: actorAccountID != 0}
	if _, err := tx.Exec(ctx, `INSERT INTO order_events (site_id, id, order_id, kind, message, public, actor_account_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, siteID, sqldb.NewID(), orderID, kind, message, public, actor, sqldb.Millis(at)); err != nil {
		return fmt.Errorf("order event: %w", err)
	}
	return nil
}

// GetTx reads an order with its lines inside a transaction; forUpdate
// locks its row (PostgreSQL) until the transaction ends.
func GetTx(ctx context.Context, tx *sqldb.Tx, siteID, id int64, forUpdate bool) (Order, error) {
	lock := ""
	if forUpdate {
		lock = tx.ForUpdate()
	}
	o, err := scanOrder(tx.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE site_id = ? AND id = ?`+lock, siteID, id))
	if err != nil {
		return Order{}, err
	}
	o.Lines, err = linesOf(ctx, tx, siteID, id)
	return o, err
}

// BySubmissionKeyTx finds the order placed by a checkout form's submission
// key, or returns ErrNotFound.
func BySubmissionKeyTx(ctx context.Context, q sqldb.Q, siteID int64, key string) (Order, error) {
	return scanOrder(q.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE site_id = ? AND submission_key = ?`, siteID, key))
}

// Get reads one order of the site with its lines.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Order, error) {
	o, err := scanOrder(s.db.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE site_id = ? AND id = ?`, siteID, id))
	if err != nil {
		return Order{}, err
	}
	o.Lines, err = linesOf(ctx, s.db, siteID, id)
	return o, err
}

// ByNumber reads one order of the site by its number, with its lines:
// the number is what people (and integrations) quote.
func (s *Store) ByNumber(ctx context.Context, siteID int64, number string) (Order, error) {
	if number == "" || len(number) > 100 {
		return Order{}, ErrNotFound
	}
	o, err := scanOrder(s.db.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE site_id = ? AND number = ?`, siteID, number))
	if err != nil {
		return Order{}, err
	}
	o.Lines, err = linesOf(ctx, s.db, siteID, o.ID)
	return o, err
}

// ByToken reads the order whose public page token is token, on this site
// only.
func (s *Store) ByToken(ctx context.Context, siteID int64, token string) (Order, error) {
	if len(token) < 20 || len(token) > 100 {
		return Order{}, ErrNotFound
	}
	o, err := scanOrder(s.db.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE site_id = ? AND token = ?`, siteID, token))
	if err != nil {
		return Order{}, err
	}
	o.Lines, err = linesOf(ctx, s.db, siteID, o.ID)
	return o, err
}

// BySubmissionKey finds the order a checkout form placed.
func (s *Store) BySubmissionKey(ctx context.Context, siteID int64, key string) (Order, error) {
	return BySubmissionKeyTx(ctx, s.db, siteID, key)
}

func linesOf(ctx context.Context, q sqldb.Q, siteID, orderID int64) ([]Line, error) {
	rows, err := q.Query(ctx, `SELECT position, product_id, variant_id, title, variant_title, sku, qty, unit_price,
		tax_class, rate_bp, subtotal, tax, total, weight_grams FROM order_lines WHERE site_id = ? AND order_id = ? ORDER BY position`,
		siteID, orderID)
	if err != nil {
		return nil, fmt.Errorf("order lines: %w", err)
	}
	defer rows.Close()
	var out []Line
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.Position, &l.ProductID, &l.VariantID, &l.Title, &l.VariantTitle, &l.SKU, &l.Qty,
			&l.UnitPrice, &l.TaxClass, &l.RateBP, &l.Subtotal, &l.Tax, &l.Total, &l.WeightGrams); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ByCustomer lists a customer's orders, newest first, up to limit (1 to
// 200), without lines.
func (s *Store) ByCustomer(ctx context.Context, siteID, customerID int64, limit int) ([]Order, error) {
	if limit < 1 || limit > 200 {
		return nil, fault.Invalidf("limit", "Show 1 to 200 orders.")
	}
	rows, err := s.db.Query(ctx, `SELECT `+orderColumns+` FROM orders WHERE site_id = ? AND customer_id = ?
		ORDER BY id DESC LIMIT ?`, siteID, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("orders of customer: %w", err)
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

// Timeline returns an order's events, oldest first; publicOnly keeps those
// the shopper may see.
func (s *Store) Timeline(ctx context.Context, siteID, orderID int64, publicOnly bool) ([]Event, error) {
	q := `SELECT id, order_id, kind, message, public, COALESCE(actor_account_id, 0), created_at FROM order_events
		WHERE site_id = ? AND order_id = ?`
	if publicOnly {
		q += ` AND public`
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id`, siteID, orderID)
	if err != nil {
		return nil, fmt.Errorf("order timeline: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at int64
		if err := rows.Scan(&e.ID, &e.OrderID, &e.Kind, &e.Message, &e.Public, &e.ActorAccountID, &at); err != nil {
			return nil, err
		}
		e.At = sqldb.Time(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
