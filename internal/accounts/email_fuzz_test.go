package accounts

import (
	"strings"
	"testing"
)

// FuzzNormalizeEmail checks that an accepted address is lowercased, trimmed,
// within the length limit and stable when normalised again.
func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Anna@Example.com", "", "a@b", " x@y.z ", "\"q\"@x.org", "a@b.c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		addr, problem := NormalizeEmail(raw)
		if problem != "" {
			return
		}
		if addr != strings.ToLower(addr) || strings.TrimSpace(addr) != addr || len(addr) > 254 || !strings.Contains(addr, "@") {
			t.Fatalf("accepted %q as %q", raw, addr)
		}
		if again, p := NormalizeEmail(addr); p != "" || again != addr {
			t.Fatalf("not stable: %q → %q (%q)", addr, again, p)
		}
	})
}
