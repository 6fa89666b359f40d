package themes

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
)

// PageView is everything a design needs to draw one page of a site.
type PageView struct {
	Site        SiteView
	Page        PageContent
	Nav         []NavItem
	AssetBase   string // URL prefix for this design's assets, e.g. "/assets/theme/bakery/"; always ends with "/"
	Branding    bool   // true: show a small "Made with Pagecart" footer line linking to PlatformURL
	PlatformURL string
	Year        int
	Notice      string // optional banner text (e.g. "This site is in maintenance"); empty = none
	// Error, when set, makes the page an error page (maintenance, a
	// suspended site, a failure) drawn in the design; Page is then unused.
	Error *ErrorContent
	// Shop is set when the site has products on sale: the header then
	// offers a search box.
	Shop *ShopView
	// Product or Listing, when set, makes the page a shop page; Page then
	// only gives its title.
	Product *ProductView
	Listing *ListingView
	// Commerce, when set, makes the page the cart, a checkout step, an
	// order, the customer's account or the test payment page.
	Commerce *Commerce
	// Consent is the cookie-consent bar and the owner's tagged scripts; nil
	// draws neither (error pages).
	Consent *ConsentView
	// FormStyles links the contact forms' stylesheet: the page has a form.
	FormStyles bool
}

// ErrorContent is what an error page says.
type ErrorContent struct {
	Status           int
	Heading, Message string
	RequestID        string // quoted to support; may be empty
}

// SiteView is the part of a site every page shows.
type SiteView struct {
	Name, Title, Tagline, Language string
	// PublicEmail is the address the owner chose to show; empty shows none.
	// It is never the owner's private contact e-mail.
	PublicEmail string
}

// PageContent is the page being shown.
type PageContent struct {
	Slug, Title string
	Body        template.HTML
	IsHome      bool
	// Sections, when the page has any, are drawn instead of Body (see sections.html). A design leaves out
	// the types its theme.json hides.
	Sections []SectionView
}

// NavItem is one link of the site's navigation.
type NavItem struct {
	Title, URL string
	Current    bool
}

// document is what the templates receive: the caller's view plus the values derived from it, worked out
// here once so that no design repeats (or gets wrong) the rules for titles and defaults.
type document struct {
	PageView
	Lang        string // the <html lang>, "en" when the site has none
	SiteTitle   string // the site's title, or its name when the title is empty
	HeadTitle   string // the <title>
	Description string // the meta description
	NotFound    bool   // the page is the design's 404 page
	HiddenH1    bool   // a home page of sections has no hero: its h1 is the site's title, visually hidden
}

// parseLayout parses the shared head and footer together with one design's layout.
func parseLayout(fsys fs.FS, name string) (*template.Template, error) {
	t, err := template.New(name).Funcs(sectionFuncs).ParseFS(fsys, "base.html", "commerce.html", "sections.html", name+"/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	for _, want := range []string{"page", "notfound"} {
		if t.Lookup(want) == nil {
			return nil, fmt.Errorf("layout.html defines no %q template", want)
		}
	}
	return t, nil
}

// Render writes a full HTML document for a page of a site that uses the design called name.
func (s *Set) Render(w io.Writer, name string, v PageView) error {
	return s.render(w, name, newDocument(v, false))
}

// RenderNotFound writes the design's own "page not found" page as a full HTML document, so a missing page
// still looks like part of the site. v.Page may be empty; its title then defaults to "Page not found".
// The caller sets the 404 status.
func (s *Set) RenderNotFound(w io.Writer, name string, v PageView) error {
	if v.Page.Title == "" {
		v.Page.Title = "Page not found"
	}
	return s.render(w, name, newDocument(v, true))
}

// render executes into a buffer first, so a failing template never leaves half a page on the wire.
func (s *Set) render(w io.Writer, name string, doc document) error {
	d, ok := s.byName[name]
	if !ok {
		return fmt.Errorf("render page: unknown design %q", name)
	}
	if doc.Page.Sections != nil {
		var h1 bool
		doc.Page.Sections, h1 = d.sectionViews(doc.Page.Sections, doc.Page.IsHome)
		// A home page of sections without a hero still has a main heading, for screen readers.
		doc.HiddenH1 = doc.Page.IsHome && !h1
	}
	var buf bytes.Buffer
	if err := d.tmpl.ExecuteTemplate(&buf, "page", doc); err != nil {
		return fmt.Errorf("render page %q with design %q: %w", doc.Page.Slug, name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// newDocument fills in the values the templates derive from the view.
func newDocument(v PageView, notFound bool) document {
	doc := document{PageView: v, Lang: v.Site.Language, SiteTitle: v.Site.Title, NotFound: notFound}
	if doc.Lang == "" {
		doc.Lang = "en"
	}
	if doc.SiteTitle == "" {
		doc.SiteTitle = v.Site.Name
	}
	switch {
	case v.Page.IsHome && !notFound && v.Site.Tagline != "":
		doc.HeadTitle = doc.SiteTitle + " · " + v.Site.Tagline
	case v.Error != nil:
		doc.HeadTitle = v.Error.Heading + " · " + doc.SiteTitle
	case v.Page.IsHome && !notFound, v.Page.Title == "":
		doc.HeadTitle = doc.SiteTitle
	default:
		doc.HeadTitle = v.Page.Title + " · " + doc.SiteTitle
	}
	doc.Description = v.Site.Tagline
	if doc.Description == "" {
		doc.Description = doc.SiteTitle
	}
	return doc
}
