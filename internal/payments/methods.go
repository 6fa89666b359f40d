// Package payments owns how a site is paid: its payment methods (bank
// transfer with account details, cash on delivery with a fee, card through
// a provider), the payments of each order (partial ones too), and the
// built-in test card provider, whose hosted page and signed callback make
// the whole paid flow work offline.
package payments

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The payment methods a site can offer, by code.
const (
	BankTransfer   = "bank_transfer"
	CashOnDelivery = "cod"
	CardTest       = "card_test"
)

// Codes lists the method codes in their default order.
var codes = []string{BankTransfer, CashOnDelivery, CardTest}

// Method is a payment method as the site configured it.
type Method struct {
	Code    string
	Name    string
	Enabled bool
	// Instructions are shown to the shopper at checkout and on the order.
	Instructions string
	// Details are the bank account (bank transfer), shown with the order's
	// payment reference.
	Details  string
	Fee      int64 // added to the order (cash on delivery)
	Position int
}

// IsCard reports whether the method is paid on a provider's page.
func (m Method) IsCard() bool { return m.Code == CardTest }

func defaultMethod(code string) Method {
	switch code {
	case BankTransfer:
		return Method{Code: code, Name: "Bank transfer", Enabled: true, Position: 1,
			Instructions: "Pay by bank transfer to the account below, quoting the payment reference. We send your order once the money arrives."}
	case CashOnDelivery:
		return Method{Code: code, Name: "Cash on delivery", Position: 2, Instructions: "Pay the courier when your order arrives."}
	default:
		return Method{Code: CardTest, Name: "Card (test payments)", Position: 3,
			Instructions: "A test payment page: no card is charged. Choose the outcome on the next page."}
	}
}

// MethodsOf lists every method the platform knows, as the site configured
// it (or its default), in order.
func MethodsOf(ctx context.Context, q sqldb.Q, siteID int64) ([]Method, error) {
	rows, err := q.Query(ctx, `SELECT code, name, enabled, instructions, details, fee, position FROM payment_methods WHERE site_id = ?`, siteID)
	if err != nil {
		return nil, fmt.Errorf("payment methods: %w", err)
	}
	defer rows.Close()
	set := map[string]Method{}
	for rows.Next() {
		var m Method
		if err := rows.Scan(&m.Code, &m.Name, &m.Enabled, &m.Instructions, &m.Details, &m.Fee, &m.Position); err != nil {
			return nil, err
		}
		set[m.Code] = m
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Method, 0, len(codes))
	for _, c := range codes {
		m, ok := set[c]
		if !ok {
			m = defaultMethod(c)
		}
		out = append(out, m)
	}
	return out, nil
}

// Enabled keeps the enabled methods.
func Enabled(ms []Method) []Method {
	var out []Method
	for _, m := range ms {
		if m.Enabled {
			out = append(out, m)
		}
	}
	return out
}

// Find returns the method of code among ms.
func Find(ms []Method, code string) (Method, bool) {
	for _, m := range ms {
		if m.Code == code {
			return m, true
		}
	}
	return Method{}, false
}

// Store reads and writes payment methods and payments.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
	// Events attach the e-mail and webhook of a paid order.
	Events orders.Events
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// Methods lists the site's payment methods.
func (s *Store) Methods(ctx context.Context, siteID int64) ([]Method, error) {
	return MethodsOf(ctx, s.db, siteID)
}

// SaveMethod changes how the site offers one method.
func (s *Store) SaveMethod(ctx context.Context, siteID int64, m Method) error {
	def := defaultMethod(m.Code)
	if def.Code != m.Code {
		return fault.Invalidf("code", "Choose a payment method.")
	}
	m.Name = strings.TrimSpace(m.Name)
	var bad fault.Invalid
	if m.Name == "" || len(m.Name) > 80 {
		bad.Add("name", "Enter a name of at most 80 characters, as shoppers see it.")
	}
	if len(m.Instructions) > 2000 {
		bad.Add("instructions", "Use at most 2,000 characters.")
	}
	if len(m.Details) > 2000 {
		bad.Add("details", "Use at most 2,000 characters.")
	}
	if m.Fee < 0 {
		bad.Add("fee", "The fee cannot be negative.")
	}
	if m.Code == BankTransfer && m.Enabled && strings.TrimSpace(m.Details) == "" {
		bad.Add("details", "Enter the account shoppers pay to (account holder, IBAN, BIC), or turn bank transfer off.")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := upsertMethodTx(ctx, tx, siteID, m, sqldb.Millis(s.now())); err != nil {
			return err
		}
		tx.Changed(ctx, siteID)
		return nil
	})
}

func upsertMethodTx(ctx context.Context, tx *sqldb.Tx, siteID int64, m Method, now int64) error {
	secret := ""
	if m.IsCard() {
		secret = sqldb.NewToken()
	}
	_, err := tx.Exec(ctx, `INSERT INTO payment_methods (site_id, code, name, enabled, instructions, details, fee, secret, position, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site_id, code) DO UPDATE SET name = excluded.name, enabled = excluded.enabled,
		instructions = excluded.instructions, details = excluded.details, fee = excluded.fee, updated_at = excluded.updated_at`,
		siteID, m.Code, m.Name, m.Enabled, m.Instructions, m.Details, m.Fee, secret, m.Position, now)
	if err != nil {
		return fmt.Errorf("payment method %s: %w", m.Code, err)
	}
	return nil
}

// EnsureDefaultsTx stores the default methods of a site that has none:
// bank transfer with bankDetails, and, when testCard, the test card
// provider (for demo shops).
func EnsureDefaultsTx(ctx context.Context, tx *sqldb.Tx, siteID int64, bankDetails string, testCard bool) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM payment_methods WHERE site_id = ?`, siteID).Scan(&n); err != nil {
		return fmt.Errorf("payment methods: %w", err)
	}
	if n > 0 {
		return nil
	}
	now := sqldb.Millis(time.Now())
	for _, c := range codes {
		m := defaultMethod(c)
		switch c {
		case BankTransfer:
			m.Details = bankDetails
		case CardTest:
			m.Enabled = testCard
		}
		if err := upsertMethodTx(ctx, tx, siteID, m, now); err != nil {
			return err
		}
	}
	return nil
}

// EnsureDefaults is EnsureDefaultsTx in its own transaction.
func (s *Store) EnsureDefaults(ctx context.Context, siteID int64, bankDetails string, testCard bool) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error { return EnsureDefaultsTx(ctx, tx, siteID, bankDetails, testCard) })
}

// Reference makes the bank transfer payment reference of an order number:
// its digits, which every bank's form accepts.
func Reference(number string) string {
	var b strings.Builder
	for _, r := range number {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return number
	}
	return b.String()
}
