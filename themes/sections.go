package themes

import (
	"html/template"
	"strings"

	"github.com/pagecart/pagecart/internal/sections"
)

// SectionView is one section of a page, ready to draw: the section's own settings plus what it shows from
// elsewhere, resolved by the storefront before rendering (templates never query anything).
type SectionView struct {
	sections.Section
	// Images are the section's pictures from the media library as <img> elements, keyed by the image
	// setting's value ("42"), or by the value, a NUL and the description when the section gives the
	// picture a description of its own; a picture missing here (deleted) is left out. Design
	// illustrations ("art-a") need no entry.
	Images map[string]Picture
	// Products for "featured-products" and "product-grid"; MoreURL links to the rest ("" for none).
	Products []ProductCard
	MoreURL  string
	// Posts for "posts": the blog's latest. Empty shows the section's example blocks, or "No posts yet".
	Posts []PostCard
	// Form is the drawn form of a "form" or "newsletter" section; "" when none was chosen or it is gone.
	Form template.HTML
	// Email is the site's public e-mail address, which a newsletter section without a form offers instead.
	Email string
	// H1 makes a hero's heading the page's h1; Render sets it for the first section of the home page.
	H1 bool
}

// Get returns a section setting as text ("" when unset).
func (v SectionView) Get(name string) string { return v.Section.Get(name) }

// Is reports whether a select or align setting has the value.
func (v SectionView) Is(name, value string) bool { return v.Section.Get(name) == value }

// Band is the class of the section's band: "band", or "band alt" on a tinted background.
func (v SectionView) Band() string {
	if v.Section.Get("background") == "alt" {
		return "band alt"
	}
	return "band"
}

// HasPicture reports whether an image setting shows something.
func (v SectionView) HasPicture(value string) bool {
	if value == "" {
		return false
	}
	if strings.HasPrefix(value, "art-") {
		return true
	}
	for k := range v.Images {
		if k == value || strings.HasPrefix(k, value+"\x00") {
			return true
		}
	}
	return false
}

// Picture draws an image setting in a slot of the vocabulary (class "hero-art", "card-art" …): a design
// illustration as the design's own drawing, a media picture as its <img>, nothing for none.
func (v SectionView) Picture(value, class, alt string) template.HTML {
	if value == "" {
		return ""
	}
	esc := template.HTMLEscapeString
	if strings.HasPrefix(value, "art-") && len(value) == 5 && value[4] >= 'a' && value[4] <= 'd' {
		if alt == "" {
			return template.HTML(`<div class="` + esc(class) + ` art ` + value + `" aria-hidden="true"></div>`) //nolint:gosec // escaped
		}
		return template.HTML(`<div class="` + esc(class) + ` art ` + value + `" role="img" aria-label="` + esc(alt) + `"></div>`) //nolint:gosec // escaped
	}
	p, ok := v.Images[value+"\x00"+alt]
	if !ok {
		p, ok = v.Images[value]
	}
	if !ok {
		return ""
	}
	return template.HTML(`<div class="` + esc(class) + ` picture">` + string(p.Img) + `</div>`) //nolint:gosec // Img is written escaped by the media library
}

// sectionFuncs are the helpers sections.html uses.
var sectionFuncs = template.FuncMap{
	"ph":    placeholders,
	"lines": lineBreaks,
	"paras": paragraphs,
	"rich":  rich,
	"tel":   telLink,
	"isph":  isPlaceholder,
	"link":  safeLink,
}

// safeLink passes a link setting to an href. html/template would turn tel: links into "#ZgotmplZ", so links
// are checked here with the rule Validate applies (pages of the site, http(s), mailto:, tel:) instead; an
// invalid one (never validated) becomes "#".
func safeLink(s string) template.URL {
	if !sections.ValidLink(s) {
		return "#"
	}
	return template.URL(s) //nolint:gosec // checked just now: no javascript:, data: or other scheme
}

// isPlaceholder reports whether a whole value is a placeholder such as "[Your e-mail address]".
func isPlaceholder(s string) bool {
	return strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]")
}

// placeholders writes plain text, marking each "[…]" as a placeholder the owner must replace, as starter
// pages do (see PlaceholderClass).
func placeholders(s string) template.HTML {
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '[')
		j := -1
		if i >= 0 {
			j = strings.IndexByte(s[i:], ']')
		}
		if i < 0 || j < 0 {
			b.WriteString(template.HTMLEscapeString(s))
			break
		}
		b.WriteString(template.HTMLEscapeString(s[:i]))
		b.WriteString(`<span class="` + PlaceholderClass + `">` + template.HTMLEscapeString(s[i:i+j+1]) + `</span>`)
		s = s[i+j+1:]
	}
	return template.HTML(b.String()) //nolint:gosec // every part escaped
}

// lineBreaks writes text with each line break a <br>.
func lineBreaks(s string) template.HTML {
	ls := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, string(placeholders(l)))
		}
	}
	return template.HTML(strings.Join(parts, "<br>\n")) //nolint:gosec // parts escaped
}

// paragraphs splits text into its non-empty lines, one paragraph each.
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// rich writes rich text or custom HTML. Validate sanitised it when it was saved; it is sanitised again here
// so that a section that never went through Validate (a preview of a draft) cannot carry a script.
func rich(s string) template.HTML {
	return template.HTML(sections.Sanitize(s)) //nolint:gosec // sanitised just now
}

// telLink turns a phone number as people write it into a tel: URL, or "" when it is not a number.
func telLink(s string) template.URL {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case strings.ContainsRune(" -()./", r):
		default:
			return ""
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return template.URL("tel:" + b.String()) //nolint:gosec // digits and + only
}

// sectionViews prepares a page's sections for a design: hidden types are left out and, on the home page,
// the first hero carries the page's h1 (other pages have theirs in the page head). It reports whether a
// hero took the h1.
func (d *design) sectionViews(in []SectionView, home bool) ([]SectionView, bool) {
	out := make([]SectionView, 0, len(in))
	h1 := false
	for _, v := range in {
		if d.hides(v.Type) {
			continue
		}
		v.H1 = home && !h1 && v.Type == "hero"
		h1 = h1 || v.H1
		out = append(out, v)
	}
	return out, h1
}

func (d *design) hides(typ string) bool {
	for _, h := range d.theme.Hides {
		if h == typ {
			return true
		}
	}
	return false
}

// SectionThumbnailURL is the address of a section type's gallery drawing, served with the designs'
// assets, or "" for a type without one.
func SectionThumbnailURL(t sections.Type) string {
	if t.Thumbnail == "" {
		return ""
	}
	return "/assets/theme/sections/thumbs/" + t.Thumbnail
}
