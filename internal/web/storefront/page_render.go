package storefront

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// pageContent is a page's content for the design: its sections (the
// published ones, or the draft for the preview), resolved into views.
// hasForm reports a drawn contact form (its styles are needed).
func (s *Storefront) pageContent(ctx context.Context, site sites.Site, p pages.Page, secs []sections.Section) (c themes.PageContent, hasForm bool, err error) {
	res, err := s.ResolveSections(ctx, site, splitFormPlaceholders(secs), blogPosts{s}, "/"+p.Slug)
	if err != nil {
		return themes.PageContent{}, false, err
	}
	views := res.Views
	if views == nil {
		// Not nil: an empty page draws nothing rather than the old body.
		views = []themes.SectionView{}
	}
	return themes.PageContent{Slug: p.Slug, Title: p.Title, IsHome: p.Slug == "", Sections: views}, res.HasForm, nil
}

// splitFormPlaceholders draws a foundation-era "[form SLUG]" in a rich
// text section as a form section in its place, with the text before and
// after around it. The stored sections stay as they are.
func splitFormPlaceholders(secs []sections.Section) []sections.Section {
	var out []sections.Section
	for _, sec := range secs {
		text := sec.Get("text")
		if sec.Type != "richtext" || !strings.Contains(text, "[form ") {
			out = append(out, sec)
			continue
		}
		locs := formPlaceholder.FindAllStringSubmatchIndex(text, -1)
		if locs == nil {
			out = append(out, sec)
			continue
		}
		part := func(t string) {
			if strings.TrimSpace(tags.ReplaceAllString(t, "")) == "" {
				return
			}
			c := sections.Clone([]sections.Section{sec})[0]
			c.Settings["text"] = t
			out = append(out, c)
		}
		prev := 0
		for _, l := range locs {
			part(text[prev:l[0]])
			out = append(out, sections.Section{ID: sec.ID, Type: "form", Settings: map[string]any{
				"heading": "", "intro": "", "form": text[l[2]:l[3]], "background": sec.Get("background")}})
			prev = l[1]
		}
		part(text[prev:])
	}
	return out
}

// tags finds markup, to tell an empty piece of rich text.
var tags = regexp.MustCompile(`<[^>]*>`)

// Preview draws a page with the given sections (its draft) in the site's
// design for the admin's editor. It never reads or fills the page cache.
func (s *Storefront) Preview(r *http.Request, site sites.Site, p pages.Page, secs []sections.Section) ([]byte, error) {
	ctx := r.Context()
	v, err := s.view(ctx, site, nil, p.Slug)
	if err != nil {
		return nil, err
	}
	if v.Page, v.FormStyles, err = s.pageContent(ctx, site, p, secs); err != nil {
		return nil, err
	}
	// The owner is not a visitor to ask about cookies (the bar would cover
	// the page being edited), and the owner's tagged scripts stay off.
	v.Consent = nil
	var buf bytes.Buffer
	if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
		return nil, fmt.Errorf("preview page %d of site %d: %w", p.ID, site.ID, err)
	}
	return buf.Bytes(), nil
}
