package invoices

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Store reads and writes a site's invoices.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns the invoice store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// Draft is what an order gives a new document: the caller (the orders
// admin) copies it from the order as it is now.
type Draft struct {
	OrderID     int64
	OrderNumber string
	Currency    string
	Language    string
	// TimeZone is the site's, for the year of the number and the dates.
	TimeZone string
	// SiteTitle is the seller's name when the settings have none.
	SiteTitle        string
	Buyer            Party
	Lines            []Line
	PaymentMethod    string
	PaymentReference string
}

func (d Draft) check() error {
	if d.OrderID <= 0 {
		return fault.Invalidf("order", "An invoice needs an order.")
	}
	if !currency.IsValid(d.Currency) {
		return fault.Invalidf("currency", "The order's currency is not known.")
	}
	if len(d.Lines) == 0 {
		return fault.Invalidf("lines", "An invoice needs at least one line.")
	}
	for i, l := range d.Lines {
		if l.Net+l.Tax != l.Total {
			return fmt.Errorf("invoice line %d: net %d + tax %d is not total %d", i, l.Net, l.Tax, l.Total)
		}
	}
	return nil
}

// Issue writes a pro-forma or final invoice for an order in its own
// transaction; see IssueTx.
func (s *Store) Issue(ctx context.Context, siteID int64, kind Kind, d Draft, actor int64) (Invoice, error) {
	var inv Invoice
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		inv, err = s.IssueTx(ctx, tx, siteID, kind, d, actor)
		return err
	})
	return inv, err
}

// IssueTx writes a pro-forma or final invoice for an order inside tx,
// taking the next number of its kind. An order has at most one of each
// kind: a second one is ErrExists, and its number is given back with the
// rolled-back transaction.
func (s *Store) IssueTx(ctx context.Context, tx *sqldb.Tx, siteID int64, kind Kind, d Draft, actor int64) (Invoice, error) {
	if kind != ProForma && kind != Final {
		return Invoice{}, fmt.Errorf("issue invoice: kind %q is not pro-forma or final", kind)
	}
	if err := d.check(); err != nil {
		return Invoice{}, err
	}
	set, err := settings(ctx, tx, siteID)
	if err != nil {
		return Invoice{}, err
	}
	loc, err := time.LoadLocation(d.TimeZone)
	if err != nil || d.TimeZone == "" {
		loc = time.UTC
	}
	now := s.now().In(loc)
	inv := Invoice{SiteID: siteID, Kind: kind, OrderID: d.OrderID, OrderNumber: d.OrderNumber, Currency: d.Currency,
		Language: d.Language, IssuedAt: now, DueAt: now.AddDate(0, 0, set.DueDays), Buyer: d.Buyer, Lines: d.Lines,
		PaymentMethod: d.PaymentMethod, PaymentReference: d.PaymentReference, CreatedBy: actor,
		Seller: Seller{Party: Party{Name: set.SellerName, Address: set.SellerAddress, CompanyID: set.CompanyID,
			TaxID: set.TaxID}, BankAccount: set.BankAccount, Footer: set.Footer}}
	if inv.Seller.Name == "" {
		inv.Seller.Name = d.SiteTitle
	}
	for _, l := range d.Lines {
		inv.Subtotal += l.Net
		inv.Tax += l.Tax
		inv.Total += l.Total
	}
	return inv, s.insert(ctx, tx, &inv)
}

// CreditTx issues, inside tx, the credit note that cancels the order's
// final invoice, and reports whether there was one to cancel. An order
// without a final invoice, or whose invoice is already credited, gets
// nothing: cancelling twice never issues two credit notes.
func (s *Store) CreditTx(ctx context.Context, tx *sqldb.Tx, siteID, orderID, actor int64) (Invoice, bool, error) {
	orig, err := get(ctx, tx, `site_id = ? AND order_id = ? AND kind = ?`, siteID, orderID, Final)
	if errors.Is(err, ErrNotFound) {
		return Invoice{}, false, nil
	}
	if err != nil {
		return Invoice{}, false, err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM invoices WHERE site_id = ? AND credits_id = ?`, siteID, orig.ID).Scan(&n); err != nil {
		return Invoice{}, false, fmt.Errorf("credit note of invoice %d: %w", orig.ID, err)
	}
	if n > 0 {
		return Invoice{}, false, nil
	}
	cn := orig
	cn.ID, cn.Kind, cn.CreditsID, cn.CreatedBy = 0, CreditNote, orig.ID, actor
	cn.IssuedAt = s.now().In(orig.IssuedAt.Location())
	cn.DueAt = cn.IssuedAt
	cn.Lines = make([]Line, len(orig.Lines))
	for i, l := range orig.Lines {
		l.Quantity, l.Net, l.Tax, l.Total = -l.Quantity, -l.Net, -l.Tax, -l.Total
		cn.Lines[i] = l
	}
	cn.Subtotal, cn.Tax, cn.Total = -orig.Subtotal, -orig.Tax, -orig.Total
	if err := s.insert(ctx, tx, &cn); err != nil {
		return Invoice{}, false, err
	}
	return cn, true, nil
}

// insert numbers inv and writes it.
func (s *Store) insert(ctx context.Context, tx *sqldb.Tx, inv *Invoice) error {
	var exists int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM invoices WHERE site_id = ? AND order_id = ? AND kind = ?`,
		inv.SiteID, inv.OrderID, inv.Kind).Scan(&exists); err != nil {
		return fmt.Errorf("issue invoice: %w", err)
	}
	if exists > 0 {
		return ErrExists
	}
	year := inv.IssuedAt.Year()
	var seq int64
	// One statement takes the number: the row lock (PostgreSQL) or the
	// write lock (SQLite) serialises concurrent issuers, and a rollback
	// returns the number.
	err := tx.QueryRow(ctx, `INSERT INTO invoice_sequences (site_id, kind, year, last_number) VALUES (?, ?, ?, 1)
		ON CONFLICT (site_id, kind, year) DO UPDATE SET last_number = invoice_sequences.last_number + 1
		RETURNING last_number`, inv.SiteID, inv.Kind, year).Scan(&seq)
	if err != nil {
		return fmt.Errorf("next invoice number: %w", err)
	}
	inv.ID = sqldb.NewID()
	inv.Number = fmt.Sprintf("%s%d-%05d", inv.Kind.prefix(), year, seq)
	seller, _ := json.Marshal(inv.Seller)
	buyer, _ := json.Marshal(inv.Buyer)
	lines, _ := json.Marshal(inv.Lines)
	var credits sql.NullInt64
	if inv.CreditsID != 0 {
		credits = sql.NullInt64{Int64: inv.CreditsID, Valid: true}
	}
	_, err = tx.Exec(ctx, `INSERT INTO invoices (site_id, id, kind, number, order_id, order_number, credits_id, currency,
		language, issued_at, due_at, seller, buyer, lines, subtotal, tax, total, payment_method, payment_reference, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		inv.SiteID, inv.ID, inv.Kind, inv.Number, inv.OrderID, inv.OrderNumber, credits, inv.Currency, inv.Language,
		sqldb.Millis(inv.IssuedAt), sqldb.Millis(inv.DueAt), string(seller), string(buyer), string(lines),
		inv.Subtotal, inv.Tax, inv.Total, inv.PaymentMethod, inv.PaymentReference, inv.CreatedBy)
	if sqldb.IsUniqueViolation(err) {
		return ErrExists
	}
	if err != nil {
		return fmt.Errorf("write invoice: %w", err)
	}
	return nil
}

const columns = `id, site_id, kind, number, order_id, order_number, credits_id, currency, language, issued_at, due_at,
	seller, buyer, lines, subtotal, tax, total, payment_method, payment_reference, created_by`

type scanner interface{ Scan(dest ...any) error }

func scan(row scanner) (Invoice, error) {
	var inv Invoice
	var credits sql.NullInt64
	var issued, due int64
	var seller, buyer, lines string
	err := row.Scan(&inv.ID, &inv.SiteID, &inv.Kind, &inv.Number, &inv.OrderID, &inv.OrderNumber, &credits, &inv.Currency,
		&inv.Language, &issued, &due, &seller, &buyer, &lines, &inv.Subtotal, &inv.Tax, &inv.Total, &inv.PaymentMethod,
		&inv.PaymentReference, &inv.CreatedBy)
	if err != nil {
		return Invoice{}, err
	}
	inv.CreditsID = credits.Int64
	inv.IssuedAt, inv.DueAt = sqldb.Time(issued), sqldb.Time(due)
	if err := errors.Join(json.Unmarshal([]byte(seller), &inv.Seller), json.Unmarshal([]byte(buyer), &inv.Buyer),
		json.Unmarshal([]byte(lines), &inv.Lines)); err != nil {
		return Invoice{}, fmt.Errorf("invoice %d: %w", inv.ID, err)
	}
	return inv, nil
}

func get(ctx context.Context, q sqldb.Q, where string, args ...any) (Invoice, error) {
	inv, err := scan(q.QueryRow(ctx, `SELECT `+columns+` FROM invoices WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Invoice{}, ErrNotFound
	}
	if err != nil {
		return Invoice{}, fmt.Errorf("read invoice: %w", err)
	}
	return inv, nil
}

// Get returns one of the site's documents.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Invoice, error) {
	return get(ctx, s.db, `site_id = ? AND id = ?`, siteID, id)
}

// ForOrder lists an order's documents in the order they were issued.
func (s *Store) ForOrder(ctx context.Context, siteID, orderID int64) ([]Invoice, error) {
	rows, err := s.db.Query(ctx, `SELECT `+columns+` FROM invoices WHERE site_id = ? AND order_id = ? ORDER BY id`, siteID, orderID)
	if err != nil {
		return nil, fmt.Errorf("invoices of order %d: %w", orderID, err)
	}
	defer rows.Close()
	var out []Invoice
	for rows.Next() {
		inv, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}
