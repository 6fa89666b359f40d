package storefront

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// declarationBody draws the privacy declaration as the page's body: the
// owner's own text when they wrote one, else the one written from what the
// site does.
var declarationBody = template.Must(template.New("declaration").Parse(`<section class="band privacy-declaration"><div class="wrap narrow prose">
{{if .Own}}{{range .Own}}<p>{{.}}</p>
{{end}}{{else}}{{range .Sections}}<h2>{{.Heading}}</h2>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}{{with .List}}<ul>
{{range .}}<li>{{.}}</li>
{{end}}</ul>{{end}}
{{end}}{{end}}<p><a href="/consent" data-consent-open>Change your cookie settings</a></p>
</div></section>`))

// privacy is the site's privacy declaration, cached like any page.
func (s *Storefront) privacy(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, s.cache, "/privacy", func(site sites.Site) (response, error) {
		ctx := r.Context()
		set, err := s.d.Consent.Settings(ctx, site.ID)
		if err != nil {
			return response{}, err
		}
		v, err := s.view(ctx, site, nil, "/privacy")
		if err != nil {
			return response{}, err
		}
		all, err := s.d.Forms.List(ctx, site.ID)
		if err != nil {
			return response{}, err
		}
		facts := consent.Facts{SiteTitle: v.Site.Title, Controller: set.Controller, PublicEmail: site.PublicEmail,
			Shop: v.Shop != nil, Scripts: set.Scripts}
		for _, f := range all {
			facts.Forms = append(facts.Forms, "“"+f.Title+"”")
		}
		if facts.SiteTitle == "" {
			facts.SiteTitle = site.Name
		}
		var body bytes.Buffer
		data := struct {
			Own      []string
			Sections []consent.Section
		}{consent.Paragraphs(set.Declaration), consent.Declaration(facts)}
		if err := declarationBody.Execute(&body, data); err != nil {
			return response{}, fmt.Errorf("render privacy declaration: %w", err)
		}
		// Escaped by the template above: the owner's text is plain text.
		v.Page = themes.PageContent{Slug: "privacy", Title: "Privacy declaration", Body: template.HTML(body.String())}
		var buf bytes.Buffer
		if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
			return response{}, fmt.Errorf("render privacy declaration of site %d: %w", site.ID, err)
		}
		return response{body: buf.Bytes(), status: http.StatusOK}, nil
	})
}
