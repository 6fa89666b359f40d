package checkout_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// shop is a site with a product of two variants and the default shipping
// and payment methods.
type shop struct {
	db       *sqldb.DB
	site     int64
	svc      *checkout.Service
	catalog  *catalog.Store
	variants []int64 // stock: 5 and 100
	shipping int64   // the flat rate's method ID
	mails    []string
}

func newShop(t testing.TB, db *sqldb.DB, name string) *shop {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'business', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	s := &shop{db: db, site: id, catalog: catalog.NewStore(db)}
	s.svc = &checkout.Service{DB: db, Catalog: s.catalog, Events: orders.Events{
		Mail: func(ctx context.Context, tx *sqldb.Tx, siteID, orderID int64, event string) error {
			s.mails = append(s.mails, fmt.Sprintf("%d %s", orderID, event))
			return nil
		}}}
	p, err := s.catalog.CreateProduct(ctx, id, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Mug", Currency: "EUR", Status: catalog.StatusActive,
		Options: []catalog.Option{{Name: "Colour", Values: []string{"Red", "Blue"}}},
		Variants: []catalog.VariantInput{
			{OptionValues: []string{"Red"}, Price: 1250, Stock: 5, TrackStock: true, WeightGrams: 300},
			{OptionValues: []string{"Blue"}, Price: 1000, Stock: 100, TrackStock: true, WeightGrams: 300},
		}})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range p.Variants {
		s.variants = append(s.variants, v.ID)
	}
	if err := shipping.NewStore(db).EnsureDefaults(ctx, id, 490); err != nil {
		t.Fatal(err)
	}
	if err := payments.NewStore(db).EnsureDefaults(ctx, id, "IBAN DE00 1234", true); err != nil {
		t.Fatal(err)
	}
	zones, err := shipping.NewStore(db).Zones(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	s.shipping = zones[0].Methods[0].ID
	return s
}

// input is a valid guest order of items.
func (s *shop) input(key string, items ...cart.Item) checkout.PlaceInput {
	return checkout.PlaceInput{SubmissionKey: key, Email: "eva@example.com",
		Billing:          orders.Address{Name: "Eva Novak", Line1: "Main 1", City: "Brno", Postcode: "60200", Country: "CZ"},
		ShippingMethodID: s.shipping, PaymentMethod: payments.BankTransfer, AcceptTerms: true, Items: items}
}

func (s *shop) stock(t testing.TB, variant int64) int {
	t.Helper()
	v, err := s.catalog.Variant(context.Background(), s.site, variant)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}
