package invoices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Settings are the seller's details the owner fills in once; every
// document issued afterwards prints them as they were then.
type Settings struct {
	SellerName    string
	SellerAddress string
	CompanyID     string
	TaxID         string
	BankAccount   string
	Footer        string
	// DueDays is how long the buyer has to pay, from the day of issue.
	DueDays int
}

// DefaultDueDays is the payment term of a site that has not chosen one.
const DefaultDueDays = 14

// Validate trims s and returns the messages for what is wrong.
func (s *Settings) Validate() error {
	var v fault.Invalid
	for _, f := range []struct {
		name string
		val  *string
		max  int
	}{
		{"seller_name", &s.SellerName, 200}, {"seller_address", &s.SellerAddress, 500},
		{"company_id", &s.CompanyID, 50}, {"tax_id", &s.TaxID, 50},
		{"bank_account", &s.BankAccount, 200}, {"footer", &s.Footer, 500},
	} {
		*f.val = strings.TrimSpace(strings.ReplaceAll(*f.val, "\r\n", "\n"))
		if v.CheckText(f.name, *f.val) && len([]rune(*f.val)) > f.max {
			v.Add(f.name, fmt.Sprintf("Use at most %d characters.", f.max))
		}
	}
	if s.DueDays < 0 || s.DueDays > 365 {
		v.Add("due_days", "Enter a number of days from 0 to 365.")
	}
	return v.Err()
}

// Settings returns the site's invoice settings; a site that never saved
// any gets empty details and the default payment term.
func (s *Store) Settings(ctx context.Context, siteID int64) (Settings, error) {
	return settings(ctx, s.db, siteID)
}

func settings(ctx context.Context, q sqldb.Q, siteID int64) (Settings, error) {
	var set Settings
	err := q.QueryRow(ctx, `SELECT seller_name, seller_address, company_id, tax_id, bank_account, footer, due_days
		FROM invoice_settings WHERE site_id = ?`, siteID).
		Scan(&set.SellerName, &set.SellerAddress, &set.CompanyID, &set.TaxID, &set.BankAccount, &set.Footer, &set.DueDays)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{DueDays: DefaultDueDays}, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("invoice settings of site %d: %w", siteID, err)
	}
	return set, nil
}

// SaveSettings validates and stores the site's invoice settings.
func (s *Store) SaveSettings(ctx context.Context, siteID int64, set Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO invoice_settings (site_id, seller_name, seller_address, company_id, tax_id,
		bank_account, footer, due_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site_id) DO UPDATE SET seller_name = excluded.seller_name, seller_address = excluded.seller_address,
		company_id = excluded.company_id, tax_id = excluded.tax_id, bank_account = excluded.bank_account,
		footer = excluded.footer, due_days = excluded.due_days, updated_at = excluded.updated_at`,
		siteID, set.SellerName, set.SellerAddress, set.CompanyID, set.TaxID, set.BankAccount, set.Footer, set.DueDays,
		sqldb.Millis(s.now()))
	if err != nil {
		return fmt.Errorf("save invoice settings of site %d: %w", siteID, err)
	}
	return nil
}
