package pages

import (
	"html/template"
	"strings"

	"github.com/pagecart/pagecart/internal/sections"
)

// HTML is the published page as plain, design-free HTML: headings, text,
// links and rich text of its sections in order. Readers outside the
// storefront (the API's bodyHtml) use it; visitors see the design's
// rendering of the same sections instead.
func (p Page) HTML() template.HTML {
	secs, err := sections.Decode(p.Sections)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, s := range secs {
		t, ok := sections.Lookup(s.Type)
		if !ok {
			continue
		}
		b.WriteString("<section>")
		writeFields(&b, t.Fields, s.Settings, "h2")
		if t.Block != nil {
			for _, bl := range s.Blocks {
				writeFields(&b, t.Block.Fields, bl.Settings, "h3")
			}
		}
		b.WriteString("</section>\n")
	}
	return template.HTML(b.String()) //nolint:gosec // text escaped here, rich text sanitised by sections.Validate
}

func writeFields(b *strings.Builder, fields []sections.Field, settings map[string]any, heading string) {
	esc := template.HTMLEscapeString
	for _, f := range fields {
		v, _ := settings[f.Name].(string)
		if strings.TrimSpace(v) == "" {
			continue
		}
		switch f.Kind {
		case sections.Text:
			if f.Name == "heading" || f.Name == "title" {
				b.WriteString("<" + heading + ">" + esc(v) + "</" + heading + ">")
			} else if !strings.HasSuffix(f.Name, "_alt") && !strings.HasSuffix(f.Name, "_label") {
				b.WriteString("<p>" + esc(v) + "</p>")
			}
		case sections.Textarea:
			b.WriteString("<p>" + strings.ReplaceAll(esc(v), "\n", "<br>") + "</p>")
		case sections.RichText, sections.HTML:
			b.WriteString(sections.Sanitize(v))
		case sections.Link:
			label, _ := settings[strings.TrimSuffix(f.Name, "_link")+"_label"].(string)
			if label == "" {
				label = v
			}
			b.WriteString(`<p><a href="` + esc(v) + `">` + esc(label) + "</a></p>")
		}
	}
}
