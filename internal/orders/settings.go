package orders

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Settings are a site's shop-wide selling settings.
type Settings struct {
	NumberFormat     string
	PricesIncludeTax bool
	// Terms is the text a shopper accepts at checkout; empty uses a short
	// default sentence.
	Terms string
}

// DefaultTerms is what a shopper accepts when the owner wrote no terms.
const DefaultTerms = "I agree to the shop's terms of sale and have read how my data is used to deliver this order."

// TermsText returns the terms to show.
func (s Settings) TermsText() string {
	if strings.TrimSpace(s.Terms) == "" {
		return DefaultTerms
	}
	return s.Terms
}

// TermsVersion identifies the text accepted: the first 12 hex digits of
// its SHA-256, recorded on the order.
func (s Settings) TermsVersion() string {
	sum := sha256.Sum256([]byte(s.TermsText()))
	return hex.EncodeToString(sum[:6])
}

// SettingsOf reads the site's settings, or the defaults when it has none.
func SettingsOf(ctx context.Context, q sqldb.Q, siteID int64) (Settings, error) {
	st := Settings{NumberFormat: DefaultNumberFormat, PricesIncludeTax: true}
	err := q.QueryRow(ctx, `SELECT order_number_format, prices_include_tax, terms_text FROM shop_settings WHERE site_id = ?`,
		siteID).Scan(&st.NumberFormat, &st.PricesIncludeTax, &st.Terms)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("shop settings: %w", err)
	}
	return st, nil
}

// Settings reads the site's shop settings.
func (s *Store) Settings(ctx context.Context, siteID int64) (Settings, error) {
	return SettingsOf(ctx, s.db, siteID)
}

// UpdateSettings changes the site's shop settings.
func (s *Store) UpdateSettings(ctx context.Context, siteID int64, st Settings) error {
	st.NumberFormat = strings.TrimSpace(st.NumberFormat)
	if err := CheckNumberFormat(st.NumberFormat); err != nil {
		return err
	}
	if len(st.Terms) > 20000 {
		return fault.Invalidf("terms", "Use at most 20,000 characters.")
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := EnsureSettingsTx(ctx, tx, siteID, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE shop_settings SET order_number_format = ?, prices_include_tax = ?, terms_text = ?,
			updated_at = ? WHERE site_id = ?`, st.NumberFormat, st.PricesIncludeTax, st.Terms, sqldb.Millis(now), siteID); err != nil {
			return fmt.Errorf("shop settings: %w", err)
		}
		tx.Changed(ctx, siteID)
		return nil
	})
}
