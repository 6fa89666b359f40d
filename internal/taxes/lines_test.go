package taxes_test

import (
	"math/rand/v2"
	"testing"

	"github.com/pagecart/pagecart/internal/taxes"
)

func TestLine(t *testing.T) {
	for _, c := range []struct {
		name          string
		unit          int64
		qty, bp       int
		include       bool
		sub, tax, tot int64
	}{
		{"no tax", 999, 3, 0, true, 2997, 0, 2997},
		{"21% included", 1210, 1, 2100, true, 1210, 210, 1210},
		{"21% excluded", 1000, 1, 2100, false, 1000, 210, 1210},
		{"rounded per line, not per unit", 333, 3, 1900, false, 999, 190, 1189}, // 189.81 → 190
		{"half rounds up", 50, 1, 1000, false, 50, 5, 55},
		{"half rounds up included", 105, 1, 500, true, 105, 5, 105}, // 5.0
		{"7.5% included", 1075, 2, 750, true, 2150, 150, 2150},
	} {
		got := taxes.Line(c.unit, c.qty, c.bp, c.include)
		if got.Subtotal != c.sub || got.Tax != c.tax || got.Total != c.tot || got.Net+got.Tax != got.Total {
			t.Errorf("%s: got %+v, want sub %d tax %d total %d", c.name, got, c.sub, c.tax, c.tot)
		}
	}
}

// TestNoPennyDrift prices 10,000 random carts, with and without tax in the
// prices, and checks that the order's totals are exactly the sums of its
// lines and that each line's net plus tax is its total.
func TestNoPennyDrift(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rates := []int{0, 500, 700, 1000, 1500, 1900, 2000, 2100, 2500, 2700, 775, 1234}
	for cart := range 10000 {
		include := cart%2 == 0
		var totals taxes.Totals
		var sumSub, sumTax, sumTotal, sumNet int64
		for range 1 + rng.IntN(12) {
			unit := int64(1 + rng.IntN(500000))
			qty := 1 + rng.IntN(20)
			bp := rates[rng.IntN(len(rates))]
			l := taxes.Line(unit, qty, bp, include)
			if l.Net+l.Tax != l.Total || l.Tax < 0 {
				t.Fatalf("cart %d: line %+v does not add up", cart, l)
			}
			if include && l.Total != unit*int64(qty) || !include && l.Net != unit*int64(qty) {
				t.Fatalf("cart %d: line %+v changed the price", cart, l)
			}
			totals.Add(l)
			sumSub += l.Subtotal
			sumTax += l.Tax
			sumTotal += l.Total
			sumNet += l.Net
		}
		if totals.Subtotal != sumSub || totals.Tax != sumTax || totals.Total != sumTotal || totals.Net+totals.Tax != totals.Total || totals.Net != sumNet {
			t.Fatalf("cart %d drifts: %+v vs lines %d/%d/%d", cart, totals, sumSub, sumTax, sumTotal)
		}
	}
}

func TestTableRate(t *testing.T) {
	tb := taxes.NewTable([]taxes.Rate{
		{Class: "", Country: "*", RateBP: 2100},
		{Class: "", Country: "DE", RateBP: 1900},
		{Class: "reduced", Country: "DE", RateBP: 700},
		{Class: "zero", Country: "*", RateBP: 0},
	})
	for _, c := range []struct {
		class, country string
		want           int
	}{
		{"", "CZ", 2100}, {"", "de", 1900}, {"reduced", "DE", 700}, {"reduced", "CZ", 0},
		{"unknown", "DE", 1900}, {"zero", "DE", 0},
	} {
		if got := tb.Rate(c.class, c.country); got != c.want {
			t.Errorf("Rate(%q, %q) = %d, want %d", c.class, c.country, got, c.want)
		}
	}
	for in, want := range map[string]int{"21": 2100, "7.5": 750, "7,25 %": 725, "0": 0, "100": 10000} {
		if got, ok := taxes.ParsePercent(in); !ok || got != want {
			t.Errorf("ParsePercent(%q) = %d %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "abc", "101", "1.234", "-5"} {
		if _, ok := taxes.ParsePercent(in); ok {
			t.Errorf("ParsePercent(%q) accepted", in)
		}
	}
}
