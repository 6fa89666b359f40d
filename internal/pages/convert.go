package pages

import (
	"github.com/pagecart/pagecart/internal/sections"
)

// fromHTML turns a foundation-era page body into sections JSON: the
// themes/doc.go vocabulary becomes typed sections, anything else rich text
// or custom HTML, so nothing is lost.
func fromHTML(body string) []byte {
	data, err := sections.Encode(sections.FromHTML(body))
	if err != nil {
		// Encoding plain maps of strings cannot fail; keep the page's
		// words reachable all the same.
		return []byte("[]")
	}
	return data
}

// normalize validates sections JSON (sanitising rich text) and returns it
// re-encoded, so that only checked data is stored.
func normalize(data []byte) ([]byte, error) {
	secs, err := sections.Decode(data)
	if err != nil {
		return nil, err
	}
	return sections.Encode(secs)
}
