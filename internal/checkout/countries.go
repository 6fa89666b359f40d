package checkout

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// isoCountries are the ISO 3166-1 alpha-2 codes of the countries a shop
// can ship to; their English names come from CLDR (x/text).
const isoCountries = `AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE
GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SK SL SM SN SO SR SS
ST SV SX SY SZ TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW`

// Country is a code and its name, for the checkout's country list.
type Country struct {
	Code string
	Name string
}

var countryList = sync.OnceValue(func() []Country {
	names := display.English.Regions()
	var out []Country
	for _, code := range strings.Fields(isoCountries) {
		name := code
		if r, err := language.ParseRegion(code); err == nil {
			if n := names.Name(r); n != "" {
				name = n
			}
		}
		out = append(out, Country{Code: code, Name: name})
	}
	slices.SortFunc(out, func(a, b Country) int { return strings.Compare(a.Name, b.Name) })
	return out
})

// Countries lists every country, sorted by English name.
func Countries() []Country { return countryList() }

// CountryName returns the English name of an ISO code, and whether it is
// one.
func CountryName(code string) (string, bool) {
	for _, c := range countryList() {
		if c.Code == code {
			return c.Name, true
		}
	}
	return "", false
}

// noPostcode lists countries without postcodes in common use.
const noPostcode = "AE AG AO AW BF BI BJ BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK IE KI KM KN LY ML MO MR MW NR NU QA RW SB SC SL SO SR ST SY TD TG TK TL TO TV UG VU YE ZW"

// CountryNeedsPostcode reports whether addresses in the country need a
// postcode.
func CountryNeedsPostcode(code string) bool {
	return !slices.Contains(strings.Fields(noPostcode), code)
}
