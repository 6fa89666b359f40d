package pages_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/pagecart/pagecart/internal/pages"
)

// The migrations that moved existing pages off reserved addresses
// (00004_reserved_slugs and those after it that reserved one more) name,
// together, the same addresses as the validation, in both dialects.
func TestReservedMatchesMigration(t *testing.T) {
	rename := regexp.MustCompile(`(?s)UPDATE pages SET slug = slug \|\| '-page'\s+WHERE slug IN \(([^)]*)\)`)
	for _, dialect := range []string{"sqlite", "postgres"} {
		files, err := filepath.Glob("../sqldb/migrations/" + dialect + "/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range rename.FindAllStringSubmatch(string(src), -1) {
				for _, m := range regexp.MustCompile(`'([a-z_.]+)'`).FindAllStringSubmatch(in[1], -1) {
					got = append(got, m[1])
				}
			}
		}
		got = slices.DeleteFunc(got, func(s string) bool { return s == "-page" })
		want := pages.Reserved()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s migration renames %v, validation reserves %v", dialect, got, want)
		}
	}
}
