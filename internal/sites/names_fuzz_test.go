package sites

import (
	"strings"
	"testing"
)

// FuzzNormalizeName checks that whatever a person types, an accepted name
// is a valid DNS label and never a reserved one.
func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"bakery-anna", "", "-x-", "www", "ÄÖÜ", strings.Repeat("a", 70), "a--b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		name, problem := NormalizeName(raw)
		if problem != "" {
			return
		}
		if len(name) < 3 || len(name) > 63 || strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-") || IsReserved(name) {
			t.Fatalf("accepted %q as %q", raw, name)
		}
		if strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Fatalf("accepted characters outside a-z0-9-: %q", name)
		}
	})
}
