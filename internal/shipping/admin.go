package shipping

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// EnsureDefaultsTx gives a site without zones one zone for every country
// with a flat rate and local pickup, so that a new shop can take orders.
// price is the flat rate in minor units.
func EnsureDefaultsTx(ctx context.Context, tx *sqldb.Tx, siteID int64, price int64) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM shipping_zones WHERE site_id = ?`, siteID).Scan(&n); err != nil {
		return fmt.Errorf("shipping zones: %w", err)
	}
	if n > 0 {
		return nil
	}
	now := sqldb.Millis(time.Now())
	zone := sqldb.NewID()
	if _, err := tx.Exec(ctx, `INSERT INTO shipping_zones (site_id, id, name, countries, position, created_at) VALUES (?, ?, 'Everywhere', '*', 1, ?)`,
		siteID, zone, now); err != nil {
		return fmt.Errorf("default shipping zone: %w", err)
	}
	for i, m := range []Method{
		{Kind: KindFlat, Name: "Standard delivery", Price: price},
		{Kind: KindPickup, Name: "Pick up in store", Price: 0},
	} {
		if _, err := tx.Exec(ctx, `INSERT INTO shipping_methods (site_id, id, zone_id, kind, name, price, enabled, position, created_at)
			VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)`, siteID, sqldb.NewID(), zone, m.Kind, m.Name, m.Price, i+1, now); err != nil {
			return fmt.Errorf("default shipping method: %w", err)
		}
	}
	return nil
}

// ZoneInput is a zone as the owner enters it.
type ZoneInput struct {
	Name      string
	Countries string // "DE, AT" or "*"
}

func (in ZoneInput) check() (string, string, error) {
	name := strings.TrimSpace(in.Name)
	var bad fault.Invalid
	if name == "" || len(name) > 80 {
		bad.Add("name", "Enter a name of at most 80 characters, like “Europe”.")
	}
	countries := splitCountries(in.Countries)
	if len(countries) == 0 {
		bad.Add("countries", "Enter country codes separated by commas, like DE, AT, or * for every other country.")
	}
	for _, c := range countries {
		if c != Everywhere && (len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z') {
			bad.Add("countries", fmt.Sprintf("“%s” is not a two-letter country code.", c))
		}
	}
	return name, strings.Join(countries, ","), bad.Err()
}

// SaveZone creates a zone (id 0) or renames one and returns its ID.
func (s *Store) SaveZone(ctx context.Context, siteID, id int64, in ZoneInput) (int64, error) {
	name, countries, err := in.check()
	if err != nil {
		return 0, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if id == 0 {
			id = sqldb.NewID()
			_, err := tx.Exec(ctx, `INSERT INTO shipping_zones (site_id, id, name, countries, position, created_at)
				VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM shipping_zones WHERE site_id = ?), ?)`,
				siteID, id, name, countries, siteID, sqldb.Millis(s.now()))
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE shipping_zones SET name = ?, countries = ? WHERE site_id = ? AND id = ?`, name, countries, siteID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	return id, err
}

// DeleteZone deletes a zone and its methods.
func (s *Store) DeleteZone(ctx context.Context, siteID, id int64) error {
	res, err := s.db.Exec(ctx, `DELETE FROM shipping_zones WHERE site_id = ? AND id = ?`, siteID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// MethodInput is a method as the owner enters it; money is already in
// minor units. Bands is "1000:490, 5000:890" (grams:price) for weight.
type MethodInput struct {
	Kind     string
	Name     string
	Price    int64
	FreeOver int64
	Bands    []Band
	TaxClass string
	Enabled  bool
}

func (in MethodInput) check() (MethodInput, error) {
	in.Name = strings.TrimSpace(in.Name)
	var bad fault.Invalid
	if in.Kind != KindFlat && in.Kind != KindWeight && in.Kind != KindPickup {
		bad.Add("kind", "Choose a flat rate, a price by weight or local pickup.")
	}
	if in.Name == "" || len(in.Name) > 80 {
		bad.Add("name", "Enter a name of at most 80 characters, like “Parcel”.")
	}
	if in.Price < 0 {
		bad.Add("price", "The price cannot be negative.")
	}
	if in.FreeOver < 0 {
		bad.Add("free_over", "The amount cannot be negative.")
	}
	if in.Kind == KindWeight {
		if len(in.Bands) == 0 {
			bad.Add("bands", "Enter at least one weight band, like 1000:4.90 (up to 1 kg costs 4.90).")
		}
		last := -1
		for _, b := range in.Bands {
			if b.UpToGrams <= last || b.Price < 0 {
				bad.Add("bands", "List the bands from the lightest up, each heavier than the one before, with prices of 0 or more.")
			}
			last = b.UpToGrams
		}
	}
	return in, bad.Err()
}

// SaveMethod creates (id 0) or changes a method of a zone.
func (s *Store) SaveMethod(ctx context.Context, siteID, zoneID, id int64, in MethodInput) (int64, error) {
	in, err := in.check()
	if err != nil {
		return 0, err
	}
	bands := ""
	if in.Kind == KindWeight {
		b, _ := json.Marshal(in.Bands)
		bands = string(b)
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM shipping_zones WHERE site_id = ? AND id = ?`, siteID, zoneID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if id == 0 {
			id = sqldb.NewID()
			_, err := tx.Exec(ctx, `INSERT INTO shipping_methods (site_id, id, zone_id, kind, name, price, free_over, bands, tax_class, enabled, position, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM shipping_methods WHERE site_id = ? AND zone_id = ?), ?)`,
				siteID, id, zoneID, in.Kind, in.Name, in.Price, in.FreeOver, bands, in.TaxClass, in.Enabled, siteID, zoneID, sqldb.Millis(s.now()))
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE shipping_methods SET kind = ?, name = ?, price = ?, free_over = ?, bands = ?, tax_class = ?, enabled = ?
			WHERE site_id = ? AND zone_id = ? AND id = ?`, in.Kind, in.Name, in.Price, in.FreeOver, bands, in.TaxClass, in.Enabled, siteID, zoneID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	return id, err
}

// DeleteMethod deletes a method.
func (s *Store) DeleteMethod(ctx context.Context, siteID, id int64) error {
	res, err := s.db.Exec(ctx, `DELETE FROM shipping_methods WHERE site_id = ? AND id = ?`, siteID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// EnsureDefaults gives a site without zones the default zone and methods.
func (s *Store) EnsureDefaults(ctx context.Context, siteID int64, price int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error { return EnsureDefaultsTx(ctx, tx, siteID, price) })
}
