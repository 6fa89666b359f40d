package checkout

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// PlaceInput is an order as the shopper (or the owner, or an API client)
// submits it.
type PlaceInput struct {
	// SubmissionKey is the checkout form's random key: submitting the same
	// key again returns the order it placed.
	SubmissionKey    string
	CustomerID       int64 // 0 for a guest
	Email            string
	Phone            string
	Billing          orders.Address
	Shipping         orders.Address // empty: the billing address
	ShippingMethodID int64          // 0 when nothing ships (or the site has no shipping)
	PaymentMethod    string
	Note             string
	AcceptTerms      bool
	Items            []cart.Item
	// CartID, when not 0, is the cart emptied when the order is placed.
	CartID         int64
	Source         string
	ActorAccountID int64 // the staff member placing an admin order
}

// SoldOut is a line that stock cannot cover.
type SoldOut struct {
	VariantID int64
	Title     string
	Wanted    int
	Left      int
}

// SoldOutError says which lines stock can no longer cover and how many of
// each are left; the whole order was refused. It is a fault.ErrConflict.
type SoldOutError struct {
	Lines []SoldOut
}

func (e *SoldOutError) Error() string {
	parts := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		switch l.Left {
		case 0:
			parts[i] = fmt.Sprintf("“%s” is sold out", l.Title)
		default:
			parts[i] = fmt.Sprintf("only %d of “%s” left (you asked for %d)", l.Left, l.Title, l.Wanted)
		}
	}
	return "Sorry, " + strings.Join(parts, "; ") + ". Change your cart and place the order again."
}

// Unwrap makes errors.Is(err, fault.ErrConflict) true.
func (e *SoldOutError) Unwrap() error { return fault.ErrConflict }

// errDuplicate is a submission key already used, found inside the
// transaction; PlaceOrder then returns the first order.
var errDuplicate = errors.New("duplicate submission")

// check validates the input, returning it cleaned.
func (in PlaceInput) check() (PlaceInput, error) {
	var bad fault.Invalid
	if len(in.SubmissionKey) < 16 || len(in.SubmissionKey) > 100 {
		bad.Add("submission_key", "The form has expired. Review your order and place it again.")
	}
	email, msg := accounts.NormalizeEmail(in.Email)
	if msg != "" {
		bad.Add("email", msg)
	}
	in.Email = email
	in.Phone = strings.TrimSpace(in.Phone)
	if len(in.Phone) > 40 {
		bad.Add("phone", "Use at most 40 characters.")
	}
	in.Billing = cleanAddress(in.Billing)
	checkAddress(&bad, "billing_", in.Billing)
	in.Shipping = cleanAddress(in.Shipping)
	if in.Shipping.Empty() {
		in.Shipping = in.Billing
	} else {
		checkAddress(&bad, "shipping_", in.Shipping)
	}
	in.Note = strings.TrimSpace(in.Note)
	if len(in.Note) > 2000 {
		bad.Add("note", "Use at most 2,000 characters.")
	}
	if !in.AcceptTerms {
		bad.Add("terms", "Please accept the terms of sale to place your order.")
	}
	if len(in.Items) == 0 {
		bad.Add("items", "Your cart is empty.")
	}
	if len(in.Items) > cart.MaxLines {
		bad.Add("items", fmt.Sprintf("An order holds at most %d different products.", cart.MaxLines))
	}
	for _, it := range in.Items {
		if it.Qty < 1 || it.Qty > cart.MaxQty {
			bad.Add("items", fmt.Sprintf("Order 1 to %d of each product.", cart.MaxQty))
		}
	}
	if in.Source == "" {
		in.Source = orders.SourceStorefront
	}
	return in, bad.Err()
}

// CheckDetails checks the contact and addresses of a checkout's first
// step as PlaceOrder will, returning them cleaned (an empty delivery
// address becomes the billing one) or a fault.Invalid naming the fields.
func CheckDetails(email, phone string, billing, shipping orders.Address) (PlaceInput, error) {
	in, err := PlaceInput{SubmissionKey: "details-only-check", Email: email, Phone: phone, Billing: billing, Shipping: shipping,
		AcceptTerms: true, Items: []cart.Item{{VariantID: 1, Qty: 1}}}.check()
	return in, err
}

// PlaceOrder places an order in one transaction: it prices the items at
// the catalog's current prices, takes every tracked variant out of stock
// with conditional updates (a line that stock cannot cover refuses the
// whole order with a *SoldOutError saying what is left), writes the order
// and its lines with prices, taxes and totals frozen, assigns the next
// order number (only now, so a refused order leaves no gap), records the
// acceptance of the terms, empties the cart, and inserts the order's
// e-mail and webhooks (outbox). Submitting the same key twice returns the
// first order.
func (s *Service) PlaceOrder(ctx context.Context, siteID int64, in PlaceInput) (orders.Order, error) {
	in, err := in.check()
	if err != nil {
		return orders.Order{}, err
	}
	if o, err := orders.BySubmissionKeyTx(ctx, s.DB, siteID, in.SubmissionKey); err == nil {
		return o, nil
	} else if !errors.Is(err, orders.ErrNotFound) {
		return orders.Order{}, err
	}
	var placed orders.Order
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		placed, err = s.placeTx(ctx, tx, siteID, in)
		return err
	})
	if errors.Is(err, errDuplicate) || sqldb.IsUniqueViolation(err) {
		// A concurrent submission of the same form won.
		if o, err2 := orders.BySubmissionKeyTx(ctx, s.DB, siteID, in.SubmissionKey); err2 == nil {
			return o, nil
		}
	}
	if err != nil {
		return orders.Order{}, err
	}
	return placed, nil
}

func (s *Service) placeTx(ctx context.Context, tx *sqldb.Tx, siteID int64, in PlaceInput) (orders.Order, error) {
	if _, err := orders.BySubmissionKeyTx(ctx, tx, siteID, in.SubmissionKey); err == nil {
		return orders.Order{}, errDuplicate
	}
	lines, err := cart.Describe(ctx, tx, siteID, in.Items)
	if err != nil {
		return orders.Order{}, err
	}
	if len(lines) != len(in.Items) {
		return orders.Order{}, fault.Invalidf("items", "A product in your cart is no longer for sale. Review your cart.")
	}
	for _, l := range lines {
		if !l.Active {
			return orders.Order{}, fault.Invalidf("items", fmt.Sprintf("“%s” is no longer for sale. Remove it from your cart.", l.Title))
		}
	}
	qt, err := Price(ctx, tx, siteID, lines, Choice{Country: in.Shipping.Country, ShippingMethodID: in.ShippingMethodID, PaymentMethod: in.PaymentMethod})
	if err != nil {
		return orders.Order{}, err
	}
	var bad fault.Invalid
	if qt.Payment == nil {
		bad.Add("payment_method", "Choose how you want to pay.")
	}
	if qt.Shipping == nil && (len(qt.ShippingOptions) > 0 || in.ShippingMethodID != 0) {
		bad.Add("shipping_method", "Choose how your order is delivered.")
	}
	if len(qt.ShippingOptions) == 0 && hasZones(ctx, tx, siteID) {
		bad.Add("shipping_country", "Sorry, we do not deliver to this country.")
	}
	if err := bad.Err(); err != nil {
		return orders.Order{}, err
	}

	// Stock first: when it fails, nothing else has happened.
	items := make([]catalog.Line, len(in.Items))
	for i, it := range in.Items {
		items[i] = catalog.Line{VariantID: it.VariantID, Qty: it.Qty}
	}
	if err := s.Catalog.DecrementTx(ctx, tx, siteID, items); err != nil {
		var short *catalog.InsufficientStockError
		if errors.As(err, &short) {
			return orders.Order{}, soldOut(short, lines)
		}
		return orders.Order{}, err
	}

	now := s.now().UTC()
	if err := orders.EnsureStatusesTx(ctx, tx, siteID, now); err != nil {
		return orders.Order{}, err
	}
	number, err := orders.NextNumberTx(ctx, tx, siteID, now)
	if err != nil {
		return orders.Order{}, err
	}
	o := orders.Order{ID: sqldb.NewID(), SiteID: siteID, Number: number, Token: sqldb.NewToken(), SubmissionKey: in.SubmissionKey,
		CustomerID: in.CustomerID, Email: in.Email, Phone: in.Phone, CustomerName: in.Billing.Name,
		Billing: in.Billing, Shipping: in.Shipping, Status: orders.StatusNew, PaymentStatus: orders.PaymentUnpaid,
		Currency: qt.Currency, PricesIncludeTax: qt.PricesIncludeTax, Subtotal: qt.Subtotal, ShippingTotal: qt.ShippingTotal,
		ShippingTax: qt.ShippingTax, PaymentFee: qt.PaymentFee, TaxTotal: qt.TaxTotal, Total: qt.Total,
		PaymentMethod: qt.Payment.Code, PaymentName: qt.Payment.Name, Note: in.Note,
		TermsVersion: qt.Settings.TermsVersion(), TermsAcceptedAt: now, Source: in.Source, CreatedAt: now, UpdatedAt: now, Lines: qt.Lines}
	if qt.Shipping != nil {
		o.ShippingMethod, o.ShippingName = ShippingMethodText(qt.Shipping.MethodID), qt.Shipping.Name
	}
	switch qt.Payment.Code {
	case payments.BankTransfer:
		o.Status = orders.StatusAwaitingPayment
		o.PaymentReference = payments.Reference(number)
	case payments.CardTest:
		o.Status = orders.StatusAwaitingPayment
	}
	if o.Total == 0 {
		o.PaymentStatus = orders.PaymentPaid
		o.PaidAt = now
	}
	if err := orders.InsertTx(ctx, tx, o); err != nil {
		return orders.Order{}, err
	}
	if err := orders.AddEventTx(ctx, tx, siteID, o.ID, "placed", "Order placed", true, in.ActorAccountID, now); err != nil {
		return orders.Order{}, err
	}
	if err := orders.AddEventTx(ctx, tx, siteID, o.ID, "terms", "Terms of sale accepted (version "+o.TermsVersion+")", false, 0, now); err != nil {
		return orders.Order{}, err
	}
	if in.CartID != 0 {
		if err := cart.DeleteTx(ctx, tx, siteID, in.CartID); err != nil {
			return orders.Order{}, err
		}
	}
	if err := s.Events.SendMail(ctx, tx, siteID, o.ID, "received"); err != nil {
		return orders.Order{}, err
	}
	if err := s.Events.SendWebhook(ctx, tx, siteID, "orders/create", map[string]any{"id": o.ID, "number": o.Number, "total": o.Total, "currency": o.Currency}); err != nil {
		return orders.Order{}, err
	}
	// The stock each line took is announced by the catalog itself
	// (inventory/change from DecrementTx), once per variant.
	return o, nil
}

func hasZones(ctx context.Context, tx *sqldb.Tx, siteID int64) bool {
	zones, err := shipping.ZonesOf(ctx, tx, siteID)
	return err == nil && len(zones) > 0
}

func soldOut(e *catalog.InsufficientStockError, lines []cart.Line) *SoldOutError {
	out := &SoldOutError{}
	for _, s := range e.Shortages {
		title := fmt.Sprintf("variant %d", s.VariantID)
		for _, l := range lines {
			if l.VariantID == s.VariantID {
				title = l.Title
				if l.VariantTitle != "" {
					title += " – " + l.VariantTitle
				}
			}
		}
		out.Lines = append(out.Lines, SoldOut{VariantID: s.VariantID, Title: title, Wanted: s.Wanted, Left: s.Available})
	}
	return out
}

// cleanAddress trims every field and upper-cases the country.
func cleanAddress(a orders.Address) orders.Address {
	t := strings.TrimSpace
	return orders.Address{Name: t(a.Name), Company: t(a.Company), Line1: t(a.Line1), Line2: t(a.Line2), City: t(a.City),
		Postcode: t(a.Postcode), Region: t(a.Region), Country: strings.ToUpper(t(a.Country)), Phone: t(a.Phone)}
}

func checkAddress(bad *fault.Invalid, prefix string, a orders.Address) {
	if a.Name == "" {
		bad.Add(prefix+"name", "Enter the name of the person.")
	}
	if a.Line1 == "" {
		bad.Add(prefix+"line1", "Enter the street and house number.")
	}
	if a.City == "" {
		bad.Add(prefix+"city", "Enter the town or city.")
	}
	if a.Postcode == "" && CountryNeedsPostcode(a.Country) {
		bad.Add(prefix+"postcode", "Enter the postcode.")
	}
	if _, ok := CountryName(a.Country); !ok {
		bad.Add(prefix+"country", "Choose a country from the list.")
	}
	for field, v := range map[string]string{"name": a.Name, "company": a.Company, "line1": a.Line1, "line2": a.Line2, "city": a.City, "postcode": a.Postcode, "region": a.Region, "phone": a.Phone} {
		if len(v) > 200 {
			bad.Add(prefix+field, "Use at most 200 characters.")
		}
	}
}

// NewSubmissionKey returns a random key (256 bits) for a checkout form.
func NewSubmissionKey() string { return sqldb.NewToken() }
