package signup

import (
	"context"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// sellingDefaultsTx gives every new site what it needs to take an order:
// one flat shipping rate (4.90 in its currency) with local pickup for
// every country, and bank transfer as the payment method (whose account
// the owner fills in; until then the order page says the shop sends it).
func sellingDefaultsTx(ctx context.Context, tx *sqldb.Tx, siteID int64, code string) error {
	if err := shipping.EnsureDefaultsTx(ctx, tx, siteID, flatRate(code)); err != nil {
		return err
	}
	return payments.EnsureDefaultsTx(ctx, tx, siteID, "", false)
}

// flatRate is 4.90 in the currency's minor units (5 where it has none).
func flatRate(code string) int64 {
	d, ok := currency.GetDigits(code)
	if !ok || d == 0 {
		return 5
	}
	n := int64(490)
	for range int(d) - 2 {
		n *= 10
	}
	return n
}

// demoBankDetails is a clearly fictitious account (the IBAN standard's own
// example) for the demo shop's bank transfers.
const demoBankDetails = "Demo Bakery (example account, do not pay)\nIBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX"

// seedDemoSelling makes the demo shop take orders out of the box: the
// default shipping, bank transfer with an example account, and the test
// card provider switched on, so that a visitor can try the paid flow. On a
// demo made before (fresh false) it only fills in what has never been set,
// so an owner's later changes stay.
func (s *Service) seedDemoSelling(ctx context.Context, siteID int64, code string, fresh bool) error {
	pay := payments.NewStore(s.DB)
	if err := s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := shipping.EnsureDefaultsTx(ctx, tx, siteID, flatRate(code)); err != nil {
			return err
		}
		return payments.EnsureDefaultsTx(ctx, tx, siteID, demoBankDetails, true)
	}); err != nil {
		return err
	}
	if !fresh {
		return nil
	}
	methods, err := pay.Methods(ctx, siteID)
	if err != nil {
		return err
	}
	for _, m := range methods {
		switch {
		case m.Code == payments.BankTransfer && m.Details == "":
			m.Details = demoBankDetails
		case m.Code == payments.CardTest && !m.Enabled:
			m.Enabled = true
		default:
			continue
		}
		if err := pay.SaveMethod(ctx, siteID, m); err != nil {
			return err
		}
	}
	return nil
}
