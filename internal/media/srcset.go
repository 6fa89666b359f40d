package media

import (
	"html/template"
	"strconv"
	"strings"
)

// Responsive is what an <img> needs to let the browser pick the smallest
// copy that looks sharp: src for browsers without srcset, srcset listing
// the copies by width, sizes as given, and the size as shown for width and
// height (so the page does not jump while it loads) and alt.
type Responsive struct {
	Src    string
	Srcset string // "" for an SVG or an image narrower than the smallest copy
	Sizes  string
	Width  int
	Height int
	Alt    string
}

// Responsive builds the <img> attributes of m for a slot described by
// sizes, a CSS sizes value such as "(min-width: 960px) 50vw, 100vw" ("" is
// "100vw"). The copies listed are the Widths below the image's own width,
// and the original when it is no wider than the largest copy, so that a
// 6000-pixel photo is never sent whole to a page; src is the copy at 960
// or the largest one there is.
func (m Media) Responsive(sizes string) Responsive {
	if sizes == "" {
		sizes = "100vw"
	}
	r := Responsive{Src: m.URL(), Sizes: sizes, Width: m.Width, Height: m.Height, Alt: m.Alt}
	if m.IsSVG() {
		return r
	}
	var parts []string
	for _, w := range Widths {
		if w >= m.Width {
			break
		}
		parts = append(parts, m.VariantURL(w)+" "+strconv.Itoa(w)+"w")
	}
	if m.Width <= Widths[len(Widths)-1] {
		parts = append(parts, m.URL()+" "+strconv.Itoa(m.Width)+"w")
	}
	if m.Width > 960 {
		r.Src = m.VariantURL(960)
	}
	if len(parts) > 1 {
		r.Srcset = strings.Join(parts, ", ")
	}
	return r
}

// Img writes an <img> element for m in a slot described by sizes, lazily
// loaded unless eager (the picture at the top of a page should be eager).
// For templates: {{.Image.Img "(min-width: 960px) 50vw, 100vw" false}}.
func (m Media) Img(sizes string, eager bool) template.HTML {
	r := m.Responsive(sizes)
	var b strings.Builder
	b.WriteString(`<img src="` + template.HTMLEscapeString(r.Src) + `"`)
	if r.Srcset != "" {
		b.WriteString(` srcset="` + template.HTMLEscapeString(r.Srcset) + `" sizes="` + template.HTMLEscapeString(r.Sizes) + `"`)
	}
	if r.Width > 0 && r.Height > 0 {
		b.WriteString(` width="` + strconv.Itoa(r.Width) + `" height="` + strconv.Itoa(r.Height) + `"`)
	}
	b.WriteString(` alt="` + template.HTMLEscapeString(r.Alt) + `"`)
	if eager {
		b.WriteString(` fetchpriority="high">`)
	} else {
		b.WriteString(` loading="lazy" decoding="async">`)
	}
	return template.HTML(b.String()) //nolint:gosec // every value above is escaped
}
