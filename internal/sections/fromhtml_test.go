package sections_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/themes"
)

// Every design's starter pages convert wholly to typed sections: no part is left as rich text or custom
// HTML because the converter did not understand it. The loop covers designs added later too.
func TestFromHTMLStarterPages(t *testing.T) {
	set, err := themes.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range set.List() {
		for _, email := range []string{"", "hello@example.com"} {
			for _, p := range set.StarterPages(th.Name, themes.StarterData{Title: "Rosie Bakes!", Language: "en", Currency: "EUR", PublicEmail: email}) {
				secs := sections.FromHTML(string(p.Body))
				if len(secs) == 0 {
					t.Errorf("%s/%s: no sections", th.Name, p.Slug)
				}
				for i, s := range secs {
					if s.Type == "richtext" && !fromProse(s) || s.Type == "html" {
						t.Errorf("%s/%s (email %q): section %d is a %s fallback: %v", th.Name, p.Slug, email, i+1, s.Type, s.Settings)
					}
				}
				if err := sections.Validate(secs); err != nil {
					t.Errorf("%s/%s: %v", th.Name, p.Slug, err)
				}
				if os.Getenv("DUMP") != "" {
					b, _ := json.MarshalIndent(secs, "", "  ")
					t.Logf("%s/%s:\n%s", th.Name, p.Slug, b)
				}
			}
		}
	}
}

// fromProse: a rich text section is right for a .prose block; none of the starter pages has one alone.
func fromProse(sections.Section) bool { return false }
