package pages_test

import (
	"context"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/themes"
)

// messyPage is hand-written HTML as owners typed it into the foundation's
// textarea: unclosed tags, stray classes, a table, inline formatting.
const messyPage = `<h2>Opening  hours</h2><p>Mon&ndash;Fri <b>9&ndash;17<br>Sat 10-14
<div class="weird"><table><tr><td>Bread</td><td>€3.20</td></tr></table>
<ul><li>Rye<li>Spelt</ul><p><a href="/contact">Write to us</a> &amp; come by!
<img src="/media/1/x.jpg" alt="Our shop window"><blockquote>Best croissants in town</blockquote>`

var tags = regexp.MustCompile(`<[^>]*>`)

// words returns the visible words of an HTML fragment.
func words(s string) []string {
	return strings.Fields(html.UnescapeString(tags.ReplaceAllString(s, " ")))
}

// allText gathers every string of the sections' settings, as text.
func allText(t *testing.T, data []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(" " + strings.Join(words(v), " ") + " ")
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}

// TestConvertFoundationPages stores pages as the foundation did (HTML body,
// no sections), converts them as a start does, and checks that every word
// of every page is still there, in valid sections, with a first version.
func TestConvertFoundationPages(t *testing.T) {
	th, err := themes.Load()
	if err != nil {
		t.Fatal(err)
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		siteID := site(t, db, "old")
		bodies := map[string]string{"messy": messyPage, "empty": ""}
		for _, design := range th.List() {
			for _, sp := range th.StarterPages(design.Name, themes.StarterData{Title: "Rosie Bakes", Language: "en", Currency: "EUR"}) {
				bodies[design.Name+"-"+sp.Slug] = string(sp.Body)
			}
		}
		if len(bodies) < 5 {
			t.Fatalf("only %d pages to convert", len(bodies))
		}
		for slug, body := range bodies {
			// Exactly the foundation's INSERT: no sections column.
			if _, err := db.Exec(ctx, `INSERT INTO pages (site_id, id, slug, title, body, in_nav, position, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, TRUE, 0, 0, 0)`, siteID, sqldb.NewID(), slug, slug, string(st.Sanitize(body))); err != nil {
				t.Fatal(err)
			}
		}
		// Read before conversion: converted on the fly.
		p, err := st.BySlug(ctx, siteID, "messy")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(allText(t, p.Sections), "croissants") {
			t.Fatalf("unconverted page read as %s", p.Sections)
		}
		n, err := st.ConvertBodies(ctx)
		if err != nil || n != len(bodies) {
			t.Fatalf("converted %d of %d: %v", n, len(bodies), err)
		}
		if n, err := st.ConvertBodies(ctx); err != nil || n != 0 {
			t.Fatalf("second run converted %d: %v", n, err)
		}
		for slug, body := range bodies {
			p, err := st.BySlug(ctx, siteID, slug)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sections.Decode(p.Sections); err != nil {
				t.Errorf("%s: stored sections invalid: %v", slug, err)
			}
			if string(p.Body) != string(st.Sanitize(body)) {
				t.Errorf("%s: the old body changed", slug)
			}
			got := allText(t, p.Sections)
			for _, w := range words(string(st.Sanitize(body))) {
				// A contact section's labels are the design's own words,
				// written by its template, not stored.
				if w == "Phone:" && strings.Contains(string(p.Sections), `"phone"`) {
					continue
				}
				if !strings.Contains(got, w) {
					t.Errorf("%s: %q lost in conversion", slug, w)
				}
			}
			if vs, _ := st.Versions(ctx, siteID, p.ID); len(vs) != 1 {
				t.Errorf("%s: %d versions after conversion", slug, len(vs))
			}
		}
		// The messy page's image keeps its description.
		p, _ = st.BySlug(ctx, siteID, "messy")
		if !strings.Contains(string(p.Sections), "Our shop window") {
			t.Errorf("messy page's image lost: %s", p.Sections)
		}
	})
}
