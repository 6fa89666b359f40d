// Package taxes owns a site's tax classes and their rates per country, and
// the arithmetic of tax on an order: each line's tax is rounded once, in
// the currency's minor unit, and an order's totals are sums of its lines,
// so that no total ever drifts from its lines by a penny.
package taxes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// StandardClass is the code of the class products without one are in.
const StandardClass = ""

// AnyCountry is the country of a rate that applies where no other does.
const AnyCountry = "*"

// Class is a tax class ("Standard", "Reduced", "Zero") with its rates.
type Class struct {
	Code  string
	Name  string
	Rates []Rate
}

// Rate is a class's rate in one country, in basis points (2100 = 21 %).
type Rate struct {
	ID      int64
	Class   string
	Country string
	RateBP  int
	Name    string
}

// Percent shows the rate as a percentage ("21", "7.5").
func (r Rate) Percent() string { return Percent(r.RateBP) }

// Percent shows basis points as a percentage without trailing zeros.
func Percent(bp int) string {
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// Table is a site's rates, read once for an order or a cart.
type Table struct {
	rates map[string]map[string]int // class → country → bp
}

// Rate returns the rate of class in country: the country's own rate, else
// the class's rate for any country, else the standard class's, else 0.
func (t Table) Rate(class, country string) int {
	country = strings.ToUpper(country)
	for _, c := range []string{class, StandardClass} {
		byCountry, ok := t.rates[c]
		if !ok {
			continue
		}
		if bp, ok := byCountry[country]; ok {
			return bp
		}
		if bp, ok := byCountry[AnyCountry]; ok {
			return bp
		}
		if c == class {
			// The class exists but has no rate here: it is untaxed here.
			return 0
		}
	}
	return 0
}

// NewTable builds a table from rates (for tests and for callers that have
// them already).
func NewTable(rates []Rate) Table {
	t := Table{rates: map[string]map[string]int{}}
	for _, r := range rates {
		if t.rates[r.Class] == nil {
			t.rates[r.Class] = map[string]int{}
		}
		t.rates[r.Class][strings.ToUpper(r.Country)] = r.RateBP
	}
	return t
}

// Store reads and writes tax classes and rates.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// TableOf reads the site's rates.
func TableOf(ctx context.Context, q sqldb.Q, siteID int64) (Table, error) {
	rows, err := q.Query(ctx, `SELECT id, class_code, country, rate_bp, name FROM tax_rates WHERE site_id = ?`, siteID)
	if err != nil {
		return Table{}, fmt.Errorf("tax rates: %w", err)
	}
	defer rows.Close()
	var rates []Rate
	for rows.Next() {
		var r Rate
		if err := rows.Scan(&r.ID, &r.Class, &r.Country, &r.RateBP, &r.Name); err != nil {
			return Table{}, err
		}
		rates = append(rates, r)
	}
	return NewTable(rates), rows.Err()
}

// Table reads the site's rates.
func (s *Store) Table(ctx context.Context, siteID int64) (Table, error) {
	return TableOf(ctx, s.db, siteID)
}

// Classes lists the site's classes with their rates; the standard class is
// always first, even before the owner configured it.
func (s *Store) Classes(ctx context.Context, siteID int64) ([]Class, error) {
	rows, err := s.db.Query(ctx, `SELECT code, name FROM tax_classes WHERE site_id = ? ORDER BY code`, siteID)
	if err != nil {
		return nil, fmt.Errorf("tax classes: %w", err)
	}
	defer rows.Close()
	var out []Class
	for rows.Next() {
		var c Class
		if err := rows.Scan(&c.Code, &c.Name); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 || out[0].Code != StandardClass {
		out = append([]Class{{Code: StandardClass, Name: "Standard"}}, out...)
	}
	rrows, err := s.db.Query(ctx, `SELECT id, class_code, country, rate_bp, name FROM tax_rates WHERE site_id = ? ORDER BY class_code, country`, siteID)
	if err != nil {
		return nil, fmt.Errorf("tax rates: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var r Rate
		if err := rrows.Scan(&r.ID, &r.Class, &r.Country, &r.RateBP, &r.Name); err != nil {
			return nil, err
		}
		for i := range out {
			if out[i].Code == r.Class {
				out[i].Rates = append(out[i].Rates, r)
			}
		}
	}
	return out, rrows.Err()
}

// ensureStandardTx inserts the standard class, which every rate of the
// standard class points to.
func ensureStandardTx(ctx context.Context, tx *sqldb.Tx, siteID int64, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO tax_classes (site_id, code, name, created_at) VALUES (?, '', 'Standard', ?) ON CONFLICT DO NOTHING`,
		siteID, sqldb.Millis(now))
	return err
}

// AddClass adds a class with a code (what products name in their tax
// class) and a name.
func (s *Store) AddClass(ctx context.Context, siteID int64, code, name string) error {
	code, name = strings.ToLower(strings.TrimSpace(code)), strings.TrimSpace(name)
	var bad fault.Invalid
	if code == "" || len(code) > 40 || strings.ContainsAny(code, " ,/") {
		bad.Add("code", "Enter a short code without spaces, like “reduced”.")
	}
	if name == "" || len(name) > 80 {
		bad.Add("name", "Enter a name of at most 80 characters, like “Reduced rate”.")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO tax_classes (site_id, code, name, created_at) VALUES (?, ?, ?, ?)`, siteID, code, name, sqldb.Millis(s.now()))
		if sqldb.IsUniqueViolation(err) {
			return fault.Invalidf("code", "There is already a class with this code.")
		}
		return err
	})
}

// DeleteClass deletes a class (not the standard one) and its rates.
func (s *Store) DeleteClass(ctx context.Context, siteID int64, code string) error {
	if code == StandardClass {
		return fault.Invalidf("code", "The standard class cannot be deleted.")
	}
	_, err := s.db.Exec(ctx, `DELETE FROM tax_classes WHERE site_id = ? AND code = ?`, siteID, code)
	return err
}

// SetRate sets the rate of class in country ("*" for any other country);
// percent is text like "21" or "7.5".
func (s *Store) SetRate(ctx context.Context, siteID int64, class, country, percent string) error {
	country = strings.ToUpper(strings.TrimSpace(country))
	var bad fault.Invalid
	if country != AnyCountry && (len(country) != 2 || !isLetters(country)) {
		bad.Add("country", "Enter a two-letter country code like DE, or * for every other country.")
	}
	bp, ok := ParsePercent(percent)
	if !ok {
		bad.Add("rate", "Enter a rate from 0 to 100, like 21 or 7.5.")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	now := sqldb.Millis(s.now())
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := ensureStandardTx(ctx, tx, siteID, s.now()); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM tax_classes WHERE site_id = ? AND code = ?`, siteID, class).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fault.Invalidf("class", "Choose one of your tax classes.")
		}
		_, err := tx.Exec(ctx, `INSERT INTO tax_rates (site_id, id, class_code, country, rate_bp, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (site_id, class_code, country) DO UPDATE SET rate_bp = excluded.rate_bp`,
			siteID, sqldb.NewID(), class, country, bp, now)
		return err
	})
}

// DeleteRate deletes one rate.
func (s *Store) DeleteRate(ctx context.Context, siteID, id int64) error {
	_, err := s.db.Exec(ctx, `DELETE FROM tax_rates WHERE site_id = ? AND id = ?`, siteID, id)
	return err
}

// ParsePercent reads "21", "7.5" or "7,25" as basis points.
func ParsePercent(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(s, ",", ".")), "%")
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" && frac == "" {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if !isDigits(whole+frac) || len(whole) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range whole + frac {
		n = n*10 + int(r-'0')
	}
	return n, n <= 10000
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
