// Package shipping owns a site's shipping zones (groups of countries) and
// their methods: a flat rate, a price by weight bands, free above an order
// value, or local pickup. Quote says which methods a cart can use and what
// each costs.
package shipping

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for a zone or method that is not the site's.
var ErrNotFound = fmt.Errorf("shipping: %w", fault.ErrNotFound)

// Kinds of method.
const (
	KindFlat   = "flat"
	KindWeight = "weight"
	KindPickup = "pickup"
)

// Everywhere is the country list of a zone for all countries no other
// zone names.
const Everywhere = "*"

// Zone is a group of countries with the methods that ship there.
type Zone struct {
	ID        int64
	Name      string
	Countries []string // ISO codes, or ["*"]
	Position  int
	Methods   []Method
}

// Covers reports whether the zone names country (not counting "*").
func (z Zone) Covers(country string) bool {
	return slices.Contains(z.Countries, strings.ToUpper(country))
}

// Everywhere reports whether the zone is the rest of the world.
func (z Zone) IsEverywhere() bool { return slices.Contains(z.Countries, Everywhere) }

// Band is one step of a weight-based price: up to UpToGrams (inclusive)
// costs Price.
type Band struct {
	UpToGrams int   `json:"up_to_grams"`
	Price     int64 `json:"price"`
}

// Method is one way to ship in a zone. Price is in the site's currency's
// minor units; FreeOver, above 0, makes it free from that subtotal on.
type Method struct {
	ID       int64
	ZoneID   int64
	Kind     string
	Name     string
	Price    int64
	FreeOver int64
	Bands    []Band
	TaxClass string
	Enabled  bool
	Position int
}

// Option is a method a cart can use, at its price for that cart.
type Option struct {
	MethodID int64
	Name     string
	Kind     string
	Price    int64
	TaxClass string
}

// PriceFor returns what the method costs for a cart, and false when it
// cannot carry it (heavier than its last band).
func (m Method) PriceFor(weightGrams int, subtotal int64) (int64, bool) {
	var price int64
	switch m.Kind {
	case KindPickup:
		price = m.Price
	case KindWeight:
		found := false
		for _, b := range m.Bands {
			if weightGrams <= b.UpToGrams {
				price, found = b.Price, true
				break
			}
		}
		if !found {
			return 0, false
		}
	default:
		price = m.Price
	}
	if m.FreeOver > 0 && subtotal >= m.FreeOver {
		price = 0
	}
	return price, true
}

// Store reads and writes zones and methods.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// ZonesOf reads the site's zones with their methods, in order.
func ZonesOf(ctx context.Context, q sqldb.Q, siteID int64) ([]Zone, error) {
	rows, err := q.Query(ctx, `SELECT id, name, countries, position FROM shipping_zones WHERE site_id = ? ORDER BY position, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("shipping zones: %w", err)
	}
	var zones []Zone
	for rows.Next() {
		var z Zone
		var countries string
		if err := rows.Scan(&z.ID, &z.Name, &countries, &z.Position); err != nil {
			rows.Close()
			return nil, err
		}
		z.Countries = splitCountries(countries)
		zones = append(zones, z)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := q.Query(ctx, `SELECT id, zone_id, kind, name, price, free_over, bands, tax_class, enabled, position
		FROM shipping_methods WHERE site_id = ? ORDER BY position, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("shipping methods: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var m Method
		var bands string
		if err := mrows.Scan(&m.ID, &m.ZoneID, &m.Kind, &m.Name, &m.Price, &m.FreeOver, &bands, &m.TaxClass, &m.Enabled, &m.Position); err != nil {
			return nil, err
		}
		if bands != "" {
			_ = json.Unmarshal([]byte(bands), &m.Bands)
		}
		for i := range zones {
			if zones[i].ID == m.ZoneID {
				zones[i].Methods = append(zones[i].Methods, m)
			}
		}
	}
	return zones, mrows.Err()
}

// Zones reads the site's zones with their methods.
func (s *Store) Zones(ctx context.Context, siteID int64) ([]Zone, error) {
	return ZonesOf(ctx, s.db, siteID)
}

// ZoneFor picks the zone of country: the first that names it, else the
// first "everywhere" zone. ok is false when none ships there.
func ZoneFor(zones []Zone, country string) (Zone, bool) {
	for _, z := range zones {
		if z.Covers(country) {
			return z, true
		}
	}
	for _, z := range zones {
		if z.IsEverywhere() {
			return z, true
		}
	}
	return Zone{}, false
}

// QuoteZones lists the enabled methods that can ship a cart of weight and
// subtotal to country, with their prices, from zones already read.
func QuoteZones(zones []Zone, country string, weightGrams int, subtotal int64) []Option {
	z, ok := ZoneFor(zones, country)
	if !ok {
		return nil
	}
	var out []Option
	for _, m := range z.Methods {
		if !m.Enabled {
			continue
		}
		if price, ok := m.PriceFor(weightGrams, subtotal); ok {
			out = append(out, Option{MethodID: m.ID, Name: m.Name, Kind: m.Kind, Price: price, TaxClass: m.TaxClass})
		}
	}
	return out
}

// Quote lists the methods that can ship a cart to country, with prices.
func (s *Store) Quote(ctx context.Context, siteID int64, country string, weightGrams int, subtotal int64) ([]Option, error) {
	zones, err := s.Zones(ctx, siteID)
	if err != nil {
		return nil, err
	}
	return QuoteZones(zones, country, weightGrams, subtotal), nil
}

func splitCountries(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			out = append(out, c)
		}
	}
	return out
}
