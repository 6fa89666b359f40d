package pages_test

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/pagecart/pagecart/internal/pages"
)

// The migration that moved existing pages off reserved addresses names the
// same addresses as the validation, in both dialects.
func TestReservedMatchesMigration(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		src, err := os.ReadFile("../sqldb/migrations/" + dialect + "/00004_reserved_slugs.sql")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range regexp.MustCompile(`'([a-z_.]+)'`).FindAllStringSubmatch(string(src), -1) {
			got = append(got, m[1])
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
