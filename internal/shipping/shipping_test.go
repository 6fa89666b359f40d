package shipping_test

import (
	"testing"

	"github.com/pagecart/pagecart/internal/shipping"
)

func TestQuoteZones(t *testing.T) {
	zones := []shipping.Zone{
		{ID: 1, Countries: []string{"CZ", "SK"}, Methods: []shipping.Method{
			{ID: 10, Kind: shipping.KindFlat, Name: "Parcel", Price: 490, FreeOver: 5000, Enabled: true},
			{ID: 11, Kind: shipping.KindWeight, Name: "Freight", Enabled: true, Bands: []shipping.Band{{UpToGrams: 1000, Price: 300}, {UpToGrams: 5000, Price: 900}}},
			{ID: 12, Kind: shipping.KindPickup, Name: "Pickup", Enabled: true},
			{ID: 13, Kind: shipping.KindFlat, Name: "Off", Price: 1, Enabled: false},
		}},
		{ID: 2, Countries: []string{"*"}, Methods: []shipping.Method{{ID: 20, Kind: shipping.KindFlat, Name: "World", Price: 2000, Enabled: true}}},
	}
	price := func(opts []shipping.Option) map[int64]int64 {
		m := map[int64]int64{}
		for _, o := range opts {
			m[o.MethodID] = o.Price
		}
		return m
	}
	for _, c := range []struct {
		name     string
		country  string
		grams    int
		subtotal int64
		want     map[int64]int64
	}{
		{"light, small", "cz", 500, 1000, map[int64]int64{10: 490, 11: 300, 12: 0}},
		{"free above", "CZ", 2000, 5000, map[int64]int64{10: 0, 11: 900, 12: 0}},
		{"too heavy for freight", "SK", 6000, 100, map[int64]int64{10: 490, 12: 0}},
		{"rest of world", "US", 100, 100, map[int64]int64{20: 2000}},
	} {
		got := price(shipping.QuoteZones(zones, c.country, c.grams, c.subtotal))
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
			continue
		}
		for id, p := range c.want {
			if got[id] != p {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	}
	if got := shipping.QuoteZones(zones[:1], "US", 1, 1); got != nil {
		t.Errorf("a country no zone covers gets %v", got)
	}
}
