package sites

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// reserved are names a site cannot take because the platform uses them, or
// might, or because a visitor would take them for the platform's own.
var reserved = []string{
	"www", "admin", "administrator", "api", "app", "apps", "assets", "auth", "billing",
	"cdn", "dashboard", "dev", "docs", "email", "ftp", "help", "imap", "internal",
	"login", "mail", "mx", "ns", "ns1", "ns2", "operator", "pagecart", "pop", "pop3", "root",
	"signup", "smtp", "staging", "static", "status", "support", "system", "test",
	"webmail",
}

// IsReserved reports whether name is kept for the platform.
func IsReserved(name string) bool { return slices.Contains(reserved, name) }

// NormalizeName lowercases and trims a proposed site name and returns it
// with the sentence to show when it breaks the DNS label rules or is
// reserved ("" when it is fine). Whether it is taken is asked separately.
func NormalizeName(raw string) (string, string) {
	name := strings.ToLower(strings.TrimSpace(raw))
	switch {
	case name == "":
		return name, "Choose a name for your site."
	case len(name) < 3:
		return name, "Use at least 3 characters."
	case len(name) > 63:
		return name, "Use at most 63 characters."
	case strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "":
		return name, "Use only letters a–z, digits and hyphens."
	case strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-"):
		return name, "The name cannot start or end with a hyphen."
	case strings.Contains(name, "--"):
		// "xn--" style names are punycode; refusing double hyphens keeps
		// them from being mistaken for international domain names.
		return name, "The name cannot contain two hyphens in a row."
	case IsReserved(name):
		return name, "This name is reserved. Try another."
	}
	return name, ""
}

// SuggestName turns a business name as people write it into a site name
// candidate: "Rosie Bakes!" → "rosie-bakes", "Pekárna U Nováků" →
// "pekarna-u-novaku". Accents are dropped (the letter's decomposition
// without its marks), letters that do not decompose are spelled out
// ("ß" → "ss"), and every other run of characters becomes one hyphen.
func SuggestName(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		spelled, ok := spelledOut[r]
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case ok:
			b.WriteString(spelled)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 63 {
		s = strings.TrimSuffix(s[:63], "-")
	}
	return s
}

// spelledOut are the Latin letters that Unicode does not decompose into a
// base letter and a mark, written the way their languages transliterate them.
var spelledOut = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", '&': "and",
}
