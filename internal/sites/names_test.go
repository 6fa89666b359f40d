package sites

import (
	"strings"
	"testing"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		in, name, problem string
	}{
		{"Bakery-Anna", "bakery-anna", ""},
		{"  abc ", "abc", ""},
		{"", "", "Choose a name for your site."},
		{"ab", "ab", "Use at least 3 characters."},
		{strings.Repeat("a", 64), strings.Repeat("a", 64), "Use at most 63 characters."},
		{strings.Repeat("a", 63), strings.Repeat("a", 63), ""},
		{"bad_name", "bad_name", "Use only letters a–z, digits and hyphens."},
		{"café", "café", "Use only letters a–z, digits and hyphens."},
		{"-abc", "-abc", "The name cannot start or end with a hyphen."},
		{"abc-", "abc-", "The name cannot start or end with a hyphen."},
		{"xn--abc", "xn--abc", "The name cannot contain two hyphens in a row."},
		{"www", "www", "This name is reserved. Try another."},
		{"Admin", "admin", "This name is reserved. Try another."},
		{"operator", "operator", "This name is reserved. Try another."},
	}
	for _, tt := range tests {
		name, problem := NormalizeName(tt.in)
		if name != tt.name || problem != tt.problem {
			t.Errorf("NormalizeName(%q) = %q, %q; want %q, %q", tt.in, name, problem, tt.name, tt.problem)
		}
	}
}

func TestSuggestName(t *testing.T) {
	tests := map[string]string{
		"Bakery Anna":      "bakery-anna",
		"  Zoë's Café!! ":  "zoe-s-cafe",
		"Rosie Bakes!":     "rosie-bakes",
		"Pekárna U Nováků": "pekarna-u-novaku",
		"Straße & Søn":     "strasse-and-son",
		"Łódź Pierogi":     "lodz-pierogi",
		"Ærøskøbing Kro":   "aeroskobing-kro",
		"ＦＵＬＬ ｗｉｄｔｈ":       "full-width",
		"日本のお店":            "",
		"":                 "",
	}
	for in, want := range tests {
		if got := SuggestName(in); got != want {
			t.Errorf("SuggestName(%q) = %q, want %q", in, got, want)
		}
	}
}
