package sites

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Settings are what the owner edits on the admin's settings page.
type Settings struct {
	Title string
	// ContactEmail receives the site's notifications and is never shown.
	ContactEmail string
	// PublicEmail is shown on the site; empty shows no e-mail at all.
	PublicEmail string
	TimeZone    string
	Language    string
	Currency    string
}

// Languages the admin offers for a site's pages, by code.
var Languages = []Option{
	{"en", "English"}, {"de", "Deutsch"}, {"fr", "Français"}, {"es", "Español"}, {"it", "Italiano"},
	{"nl", "Nederlands"}, {"pl", "Polski"}, {"cs", "Čeština"}, {"sk", "Slovenčina"}, {"pt", "Português"},
}

// Currencies the admin offers, by ISO 4217 code.
var Currencies = []Option{
	{"EUR", "Euro (EUR)"}, {"USD", "US dollar (USD)"}, {"GBP", "Pound sterling (GBP)"},
	{"CZK", "Czech koruna (CZK)"}, {"PLN", "Polish złoty (PLN)"}, {"CHF", "Swiss franc (CHF)"},
	{"SEK", "Swedish krona (SEK)"}, {"DKK", "Danish krone (DKK)"}, {"CAD", "Canadian dollar (CAD)"},
	{"AUD", "Australian dollar (AUD)"}, {"JPY", "Japanese yen (JPY)"},
}

// TimeZones the admin offers; any IANA name is accepted on input.
var TimeZones = []string{
	"UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin",
	"Europe/Amsterdam", "Europe/Madrid", "Europe/Rome", "Europe/Vienna", "Europe/Prague",
	"Europe/Bratislava", "Europe/Warsaw", "Europe/Stockholm", "Europe/Helsinki", "Europe/Athens",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
	"America/Sao_Paulo", "Asia/Tokyo", "Asia/Singapore", "Asia/Kolkata", "Australia/Sydney",
}

// Option is a value and its label in a select list.
type Option struct{ Value, Label string }

func hasOption(opts []Option, v string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Value == v })
}

// Validate normalises s and returns the field errors a person must fix.
func (s *Settings) Validate() error {
	var v fault.Invalid
	s.Title = strings.TrimSpace(s.Title)
	s.ContactEmail = strings.TrimSpace(s.ContactEmail)
	s.PublicEmail = strings.TrimSpace(s.PublicEmail)
	switch {
	case !v.CheckText("title", s.Title):
	case s.Title == "":
		v.Add("title", "Give your site a name visitors will see.")
	case len([]rune(s.Title)) > 100:
		v.Add("title", "Use at most 100 characters.")
	}
	if v.CheckText("contact_email", s.ContactEmail) && !validEmail(s.ContactEmail) {
		v.Add("contact_email", "Enter a valid e-mail address, like name@example.com.")
	}
	if v.CheckText("public_email", s.PublicEmail) && !validEmail(s.PublicEmail) {
		v.Add("public_email", "Enter a valid e-mail address, like name@example.com, or leave it empty to show none.")
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" || s.TimeZone == "Local" {
		v.Add("time_zone", "Choose a time zone from the list.")
	}
	if !hasOption(Languages, s.Language) {
		v.Add("language", "Choose a language from the list.")
	}
	if !hasOption(Currencies, s.Currency) {
		v.Add("currency", "Choose a currency from the list.")
	}
	return v.Err()
}

// validEmail accepts an empty address (none) or one plain address: no
// display name, no list, and a dot in it somewhere.
func validEmail(e string) bool {
	if e == "" {
		return true
	}
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e && strings.Contains(e, ".")
}

// Settings returns the site's current settings.
func (site Site) Settings() Settings {
	return Settings{Title: site.Title, ContactEmail: site.ContactEmail, PublicEmail: site.PublicEmail, TimeZone: site.TimeZone,
		Language: site.Language, Currency: site.Currency}
}

// UpdateSettings validates and stores the site's settings. Nothing is
// written when any field is wrong.
func (s *Store) UpdateSettings(ctx context.Context, siteID int64, set Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	res, err := s.db.Exec(ctx, `UPDATE sites SET title = ?, contact_email = ?, public_email = ?, time_zone = ?,
		language = ?, currency = ?, content_version = content_version + 1, updated_at = ? WHERE id = ?`,
		set.Title, set.ContactEmail, set.PublicEmail, set.TimeZone, set.Language, set.Currency, sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("update settings of site %d: %w", siteID, err)
	}
	return s.changed(ctx, res, siteID)
}

// SetTheme switches the site's design; its content stays.
func (s *Store) SetTheme(ctx context.Context, siteID int64, theme string) error {
	res, err := s.db.Exec(ctx, `UPDATE sites SET theme = ?, content_version = content_version + 1, updated_at = ? WHERE id = ?`,
		theme, sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("set theme of site %d: %w", siteID, err)
	}
	return s.changed(ctx, res, siteID)
}

// changed ends a write of one site's row: not found when it touched no
// row, and otherwise announced, so that every node serves the change at once.
func (s *Store) changed(ctx context.Context, res interface{ RowsAffected() (int64, error) }, siteID int64) error {
	if err := mustAffect(res); err != nil {
		return err
	}
	s.db.Changed(ctx, siteID)
	return nil
}

func mustAffect(res interface{ RowsAffected() (int64, error) }) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
