package storefront

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/redirects"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// descriptionLength is how much of a page's text stands in for a missing
// meta description: about what search engines show.
const descriptionLength = 155

// baseURL is the site's address as search engines should know it: its
// primary own domain when the plan allows own domains, else its
// NAME.<base domain> address. Every other host redirects there.
func (s *Storefront) baseURL(ctx context.Context, site sites.Site) (string, error) {
	if site.Entitlements().CustomDomain {
		host, err := s.d.Sites.PrimaryDomain(ctx, site.ID)
		if err != nil {
			return "", err
		}
		if host != "" {
			return s.d.Config.HostURL(host), nil
		}
	}
	return s.d.Config.SiteURL(site.Name), nil
}

// pageSEO fills the head's SEO for a page of the site: its canonical
// address, its description (the owner's, else the start of its text, else
// the tagline), its sharing image (the chosen one, else its first image),
// and on the home page the site's Organization.
func (s *Storefront) pageSEO(ctx context.Context, site sites.Site, p pages.Page, body template.HTML, imageID int64) (themes.SEOView, error) {
	base, err := s.baseURL(ctx, site)
	if err != nil {
		return themes.SEOView{}, err
	}
	seo := themes.SEOView{Canonical: base + "/" + p.Slug, Title: p.SEOTitle, Description: p.SEODescription}
	if seo.Description == "" {
		seo.Description = pageText(string(body), descriptionLength)
	}
	// The owner's sharing image, else the page's first picture.
	if p.SocialImageID != 0 {
		imageID = p.SocialImageID
	}
	if imageID != 0 {
		img, err := s.d.Media.Get(ctx, site.ID, imageID)
		switch {
		case err == nil:
			seo.Image = base + img.URL()
		case !errors.Is(err, media.ErrNotFound):
			return themes.SEOView{}, err
		}
	}
	if seo.Image == "" {
		seo.Image = absolute(base, firstImage(string(body)))
	}
	if p.Slug == "" {
		seo.JSONLD = organization(site, base)
	} else {
		seo.Type = "article"
	}
	return seo, nil
}

// organization is the schema.org Organization of the site, from what its
// settings hold: name, address, public e-mail.
func organization(site sites.Site, base string) template.JS {
	return marshalLD(organizationDoc(site, base))
}

func organizationDoc(site sites.Site, base string) map[string]any {
	name := site.Title
	if name == "" {
		name = site.Name
	}
	doc := map[string]any{"@context": "https://schema.org", "@type": "Organization", "name": name, "url": base + "/"}
	if site.PublicEmail != "" {
		doc["email"] = site.PublicEmail
	}
	return doc
}

// localBusiness is the schema.org LocalBusiness of a site whose page shows
// its contact details (a "contact" section): the Organization with the
// address, phone, e-mail and opening hours the owner wrote there, which
// search engines show with the business. Hours stay as written ("Monday to
// Friday: 9:00–18:00"); schema.org takes them as text.
func localBusiness(site sites.Site, base string, contact sections.Section) template.JS {
	doc := organizationDoc(site, base)
	doc["@type"] = "LocalBusiness"
	if a := strings.TrimSpace(contact.Get("address")); a != "" && !placeholder(a) {
		doc["address"] = strings.Join(strings.Fields(a), " ")
	}
	if p := strings.TrimSpace(contact.Get("phone")); p != "" && !placeholder(p) {
		doc["telephone"] = p
	}
	if e := strings.TrimSpace(contact.Get("email")); e != "" && !placeholder(e) {
		doc["email"] = e
	}
	var hours []string
	for _, b := range contact.Blocks {
		day, _ := b.Settings["day"].(string)
		h, _ := b.Settings["hours"].(string)
		if day != "" && !placeholder(day+h) {
			hours = append(hours, strings.TrimSpace(day+": "+h))
		}
	}
	if len(hours) > 0 {
		doc["openingHours"] = hours
	}
	return marshalLD(doc)
}

// placeholder reports whether a starter text still waits for the owner's
// own ("[Your street and town]"): search engines must not learn it.
func placeholder(s string) bool {
	i := strings.IndexByte(s, '[')
	return i >= 0 && strings.IndexByte(s[i:], ']') > 0
}

// marshalLD writes a JSON-LD document for a <script> element.
func marshalLD(doc map[string]any) template.JS {
	b, err := json.Marshal(doc) // escapes < > & as \u003c…, so no "</script>" can end the element
	if err != nil {
		return ""
	}
	return template.JS(b) //nolint:gosec // JSON of our own values, HTML-escaped by encoding/json
}

// pageText is about the first n characters of an HTML fragment's text,
// cut at a word. Entities are decoded before cutting, so "&amp;" is
// neither cut in half nor shown as such (the template escapes again).
func pageText(body string, n int) string {
	// The paragraphs say what a page is about; a design's eyebrows,
	// headings and button labels only name it. Short paragraphs (a
	// caption, "Open daily") are skipped unless there is nothing else.
	var parts []string
	for _, m := range paragraph.FindAllStringSubmatch(body, -1) {
		if t := html.UnescapeString(plainText(m[1], len(m[1])+1)); utf8.RuneCountInString(t) >= 40 {
			parts = append(parts, t)
		}
		if utf8.RuneCountInString(strings.Join(parts, " ")) > n {
			break
		}
	}
	t := strings.Join(parts, " ")
	if t == "" {
		t = html.UnescapeString(plainText(body, len(body)+1))
	}
	if rs := []rune(t); len(rs) > n {
		cut := string(rs[:n-1])
		if i := strings.LastIndexByte(cut, ' '); i > n/2 {
			cut = cut[:i]
		}
		t = strings.TrimRight(cut, " ,.;:") + "…"
	}
	return t
}

var paragraph = regexp.MustCompile(`(?s)<p\b[^>]*>(.*?)</p>`)

var imgSrc = regexp.MustCompile(`<img\b[^>]*?\ssrc="([^"]+)"`)

// firstImage is the address of the first image of an HTML fragment, or "".
func firstImage(body string) string {
	m := imgSrc.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// absolute makes a site path absolute on base; an absolute http(s) URL
// stays, anything else (data:, protocol-relative) is dropped.
func absolute(base, u string) string {
	switch {
	case u == "":
		return ""
	case strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//"):
		return base + u
	case strings.HasPrefix(u, "https://"), strings.HasPrefix(u, "http://"):
		return u
	}
	return ""
}

var anchorTag = regexp.MustCompile(`<a\s[^>]*>`)
var anchorHref = regexp.MustCompile(`\shref="([^"]*)"`)

// followInternal drops rel="nofollow" from links within the site, which
// the sanitiser of pages written before it learned the difference added to
// every link: search engines should follow a site's own links.
func followInternal(body template.HTML) template.HTML {
	if !strings.Contains(string(body), `rel="nofollow"`) {
		return body
	}
	out := anchorTag.ReplaceAllStringFunc(string(body), func(tag string) string {
		m := anchorHref.FindStringSubmatch(tag)
		if m == nil || strings.HasPrefix(m[1], "//") || strings.Contains(m[1], "://") || strings.HasPrefix(strings.ToLower(m[1]), "mailto:") {
			return tag
		}
		return strings.Replace(tag, ` rel="nofollow"`, "", 1)
	})
	return template.HTML(out) //nolint:gosec // sanitised when stored; only an attribute was removed
}

// redirected answers a path nothing else answers: a 301 for an address
// with a trailing slash to the address without it, or for an old address
// to where its content is now, keeping the query. ok is false when the
// path is not redirected.
func (s *Storefront) redirected(w http.ResponseWriter, r *http.Request, site sites.Site) (bool, error) {
	path := r.URL.Path
	to := ""
	if len(path) > 1 && strings.HasSuffix(path, "/") {
		trimmed := strings.TrimRight(path, "/")
		// "//evil.example/" must not become a link off the site.
		if trimmed != "" && !strings.HasPrefix(trimmed, "//") && !strings.Contains(trimmed, `\`) {
			to = trimmed
		}
	}
	if to == "" {
		found, err := s.d.Redirects.Lookup(r.Context(), site.ID, path)
		switch {
		case err == nil:
			to = found
		case !errors.Is(err, redirects.ErrNotFound):
			return false, err
		}
	}
	if to == "" {
		return false, nil
	}
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.Redirect(w, r, to, http.StatusMovedPermanently)
	return true, nil
}

// redirectResponse is redirected for the page cache's render functions.
func (s *Storefront) redirectResponse(r *http.Request, site sites.Site) (response, bool, error) {
	to, err := s.d.Redirects.Lookup(r.Context(), site.ID, r.URL.Path)
	if errors.Is(err, redirects.ErrNotFound) {
		return response{}, false, nil
	}
	if err != nil {
		return response{}, false, err
	}
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	return response{location: to}, true, nil
}

// sectionsSummary is what a page made of sections says, for its meta
// description when the owner wrote none: the text of its sections and
// blocks in reading order, as HTML for pageText, and the first library
// picture it shows (0: none), for sharing.
func sectionsSummary(secs []sections.Section) (template.HTML, int64) {
	var b strings.Builder
	var image int64
	add := func(fields []sections.Field, settings map[string]any) {
		for _, f := range fields {
			v, _ := settings[f.Name].(string)
			switch f.Kind {
			case sections.Text, sections.Textarea:
				b.WriteString("<p>" + template.HTMLEscapeString(v) + "</p>")
			case sections.RichText, sections.HTML:
				b.WriteString(v)
			case sections.Image:
				if id, err := strconv.ParseInt(v, 10, 64); err == nil && image == 0 {
					image = id
				}
			}
		}
	}
	for _, sec := range secs {
		t, ok := sections.Lookup(sec.Type)
		if !ok {
			continue
		}
		add(t.Fields, sec.Settings)
		if t.Block != nil {
			for _, bl := range sec.Blocks {
				add(t.Block.Fields, bl.Settings)
			}
		}
	}
	return template.HTML(b.String()), image //nolint:gosec // read as text by pageText only
}
