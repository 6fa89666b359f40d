package admin

import (
	"errors"
	"strings"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/sites"
)

// money formats and reads prices in a site's currency as its language
// writes them, with CLDR's data: "€12.50" in English, "12,50 €" in German.
type money struct {
	code   string
	digits uint8
	f      *currency.Formatter
}

func siteMoney(s sites.Site) money {
	code := s.Currency
	if !currency.IsValid(code) {
		code = "EUR"
	}
	lang := s.Language
	if lang == "" {
		lang = "en"
	}
	d, _ := currency.GetDigits(code)
	return money{code: code, digits: d, f: currency.NewFormatter(currency.NewLocale(lang))}
}

// Format shows minor units for people: "€12.50".
func (m money) Format(minor int64) string {
	a, err := currency.NewAmountFromInt64(minor, m.code)
	if err != nil {
		return a.Number() + " " + m.code
	}
	return m.f.Format(a)
}

// Input writes minor units as the price field shows them: "12.50".
func (m money) Input(minor int64) string {
	a, err := currency.NewAmountFromInt64(minor, m.code)
	if err != nil {
		return ""
	}
	return a.Number()
}

// Example is how a price is typed in this currency, for hints: "12.50".
func (m money) Example() string {
	if m.digits == 0 {
		return m.Input(1250)
	}
	return m.Input(1250 * pow10(m.digits) / 100)
}

func pow10(d uint8) int64 {
	n := int64(1)
	for range d {
		n *= 10
	}
	return n
}

var errMoney = errors.New("not a price")

// Parse reads a typed price ("12.50", "12", "12,50") into minor units; an
// empty field is 0. It refuses more decimals than the currency has.
func (m money) Parse(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	s = strings.TrimPrefix(strings.TrimSuffix(s, m.code), m.code)
	s = strings.TrimSpace(s)
	if !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1) // a decimal comma
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' && c != '-' {
			return 0, errMoney
		}
	}
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > int(m.digits) {
		return 0, errMoney
	}
	a, err := currency.NewAmount(s, m.code)
	if err != nil {
		return 0, errMoney
	}
	n, err := a.Round().Int64()
	if err != nil {
		return 0, errMoney
	}
	return n, nil
}

// parseError is the message for a price that could not be read.
func (m money) parseError() string {
	if m.digits == 0 {
		return "Enter a price in whole " + m.code + ", such as " + m.Example() + "."
	}
	return "Enter a price such as " + m.Example() + " (digits and one decimal point)."
}
