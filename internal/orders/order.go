// Package orders owns a site's orders once placed: the order with its
// frozen lines and totals, its addresses, statuses (the defaults and the
// site's own), its timeline and its public page token. Placing an order is
// checkout's (checkout.PlaceOrder); this package stores and reads it, and
// names the hooks (Events) through which an order's changes cause e-mails
// and webhooks in the same transaction.
package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for an order that is not the site's.
var ErrNotFound = fmt.Errorf("order: %w", fault.ErrNotFound)

// Payment states of an order, kept from the sum of its succeeded payments.
const (
	PaymentUnpaid   = "unpaid"
	PaymentPartial  = "partially_paid"
	PaymentPaid     = "paid"
	PaymentRefunded = "refunded"
)

// Where an order was placed.
const (
	SourceStorefront = "storefront"
	SourceAdmin      = "admin"
	SourceAPI        = "api"
)

// Events lets the composition root attach the work an order change causes,
// inserted in the same transaction (outbox). Either may be nil.
type Events struct {
	Mail    func(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, event string) error     // "received", "paid", "status_changed", "cancelled"
	Webhook func(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error // "orders/create", "orders/paid", "orders/status_changed", "orders/cancelled", "inventory/change"
}

// SendMail calls e.Mail when it is set.
func (e Events) SendMail(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, event string) error {
	if e.Mail == nil {
		return nil
	}
	if err := e.Mail(ctx, tx, siteID, orderID, event); err != nil {
		return fmt.Errorf("order %d mail %q: %w", orderID, event, err)
	}
	return nil
}

// SendWebhook calls e.Webhook when it is set.
func (e Events) SendWebhook(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error {
	if e.Webhook == nil {
		return nil
	}
	if err := e.Webhook(ctx, tx, siteID, topic, payload); err != nil {
		return fmt.Errorf("webhook %q: %w", topic, err)
	}
	return nil
}

// Address is a postal address with the person at it.
type Address struct {
	Name     string `json:"name"`
	Company  string `json:"company,omitempty"`
	Line1    string `json:"line1"`
	Line2    string `json:"line2,omitempty"`
	City     string `json:"city"`
	Postcode string `json:"postcode"`
	Region   string `json:"region,omitempty"`
	Country  string `json:"country"` // ISO 3166-1 alpha-2
	Phone    string `json:"phone,omitempty"`
}

// Empty reports whether no line of the address is filled in.
func (a Address) Empty() bool { return a == Address{} }

// Order is a placed order. Money is in minor units of Currency. Subtotal is
// the sum of the lines' totals; Total = Subtotal + ShippingTotal +
// PaymentFee (+ TaxTotal when prices exclude tax).
type Order struct {
	ID               int64
	SiteID           int64
	Number           string
	Token            string // the public page: /orders/{Token}
	SubmissionKey    string
	CustomerID       int64 // 0 for a guest
	Email            string
	Phone            string
	CustomerName     string
	Billing          Address
	Shipping         Address
	Status           string // a code of order_statuses
	PaymentStatus    string
	Currency         string
	PricesIncludeTax bool
	Subtotal         int64
	ShippingTotal    int64
	ShippingTax      int64
	PaymentFee       int64
	TaxTotal         int64
	Total            int64
	PaidTotal        int64
	ShippingMethod   string // the method's ID as text, or "" for none
	ShippingName     string
	PaymentMethod    string // payments method code
	PaymentName      string
	PaymentReference string
	Note             string
	StaffNote        string
	TermsVersion     string
	TermsAcceptedAt  time.Time
	Source           string
	StockReturnedAt  time.Time
	PaidAt           time.Time
	CancelledAt      time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Lines            []Line // filled by Get and ByToken, not by lists
}

// Due is what is left to pay.
func (o Order) Due() int64 { return max(o.Total-o.PaidTotal, 0) }

// ItemCount is the number of units ordered.
func (o Order) ItemCount() int {
	n := 0
	for _, l := range o.Lines {
		n += l.Qty
	}
	return n
}

// Line is one line of an order, as sold. Subtotal is UnitPrice × Qty (with
// or without tax, as the order's prices were entered); Tax is the line's
// tax rounded once in the currency's minor unit; Total is what the line
// costs the shopper with tax.
type Line struct {
	Position     int
	ProductID    int64
	VariantID    int64
	Title        string
	VariantTitle string
	SKU          string
	Qty          int
	UnitPrice    int64
	TaxClass     string
	RateBP       int // tax rate in basis points: 2100 = 21 %
	Subtotal     int64
	Tax          int64
	Total        int64
	WeightGrams  int
}

// Event is one entry of an order's timeline. Public events are shown to
// the shopper on the order page too.
type Event struct {
	ID             int64
	OrderID        int64
	Kind           string
	Message        string
	Public         bool
	ActorAccountID int64
	At             time.Time
}
