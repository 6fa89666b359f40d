package admin

import (
	"testing"

	"github.com/pagecart/pagecart/internal/sites"
)

func TestMoneyParsesAndFormats(t *testing.T) {
	eur := siteMoney(sites.Site{Currency: "EUR", Language: "en"})
	jpy := siteMoney(sites.Site{Currency: "JPY", Language: "en"})
	for _, c := range []struct {
		m    money
		in   string
		want int64
		ok   bool
	}{
		{eur, "12.50", 1250, true}, {eur, "12", 1200, true}, {eur, "12,5", 1250, true}, {eur, "", 0, true},
		{eur, "0.99", 99, true}, {eur, "12,5x", 0, false}, {eur, "1.234", 0, false}, {eur, "abc", 0, false},
		{jpy, "1200", 1200, true}, {jpy, "12.5", 0, false},
	} {
		got, err := c.m.Parse(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%s Parse(%q) = %d, %v; want %d ok=%v", c.m.code, c.in, got, err, c.want, c.ok)
		}
	}
	if got := eur.Format(1250); got != "€12.50" {
		t.Errorf("Format = %q", got)
	}
	if got := siteMoney(sites.Site{Currency: "EUR", Language: "de"}).Format(1250); got != "12,50\u00a0€" {
		t.Errorf("German Format = %q", got)
	}
	if got := eur.Input(1250); got != "12.50" {
		t.Errorf("Input = %q", got)
	}
	if got := eur.Example(); got != "12.50" {
		t.Errorf("Example = %q", got)
	}
	if got := jpy.Example(); got != "1250" {
		t.Errorf("JPY Example = %q", got)
	}
}
