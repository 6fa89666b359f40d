package catalog

import (
	"html"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/text/unicode/norm"
)

// The words of a product are made here, once, for both engines: each
// engine's full-text index then only splits search_text at spaces, so SQLite
// (FTS5) and PostgreSQL (tsvector, "simple") index exactly the same words.

// fold lowercases s and removes accents ("Crème" → "creme").
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// maxWordLen keeps a single word within what both indexes accept.
const maxWordLen = 60

// words splits s into folded words of letters and digits.
func words(s string) []string {
	f := strings.FieldsFunc(fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := f[:0]
	for _, w := range f {
		if len(w) <= maxWordLen {
			out = append(out, w)
		}
	}
	return out
}

var textOnly = bluemonday.StrictPolicy()

// searchText is the search_text of a product: the words of its title, of
// every SKU (also written together, so "TS-001" is found as "ts001"), and of
// its description without markup; each word once.
func searchText(title string, skus []string, description string) string {
	seen := map[string]bool{}
	var out []string
	add := func(ws []string) {
		for _, w := range ws {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	add(words(title))
	for _, sku := range skus {
		ws := words(sku)
		add(ws)
		if len(ws) > 1 {
			add(words(strings.Join(ws, "")))
		}
	}
	add(words(html.UnescapeString(textOnly.Sanitize(strings.ReplaceAll(description, "<", " <")))))
	return strings.Join(out, " ")
}

// sortTitle is the key products are ordered by title with.
func sortTitle(title string) string { return fold(strings.TrimSpace(title)) }
