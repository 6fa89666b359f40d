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
	// CustomCSS is the address of the owner's own stylesheet (Premium),
	// linked after every other; "" links none.
	CustomCSS string
	// Blog, when set, makes the page a blog page (blog.go); Page then only
	// gives its title.
	Blog *BlogView
	// SEO is what search engines and social networks read in the head.
	SEO SEOView
	// Menu and FooterMenu are the site's header and footer menus
	// (internal/menus), drawn by the shared "site-nav" and "footer-nav"
	// templates. A nil Menu falls back to Nav, a nil FooterMenu to Menu.
	Menu, FooterMenu []MenuLink
	// Design is what the site's design settings add: its stylesheet, logo,
	// favicon and footer text. The zero value is the design's own look.
	Design DesignView
}

// SEOView is the head's canonical link, Open Graph and Twitter card tags and
// structured data. The zero value draws the tags that need nothing (title,
// description, type) and no canonical link.
type SEOView struct {
	// Canonical is the page's absolute URL at the site's primary address.
	Canonical string
	// Title, when set, is the <title> and og:title as the owner wrote it.
	Title string
	// Description, when set, is the meta description; else the tagline,
	// else the site's title.
	Description string
	// Image is the absolute URL of the picture shown when the page is shared.
	Image string
	// Type is og:type; "" is "website".
	Type string
	// JSONLD is a schema.org document for the page (the home page's
	// Organization), marshalled by encoding/json, which escapes < > &.
	JSONLD template.JS
	// NoIndex asks search engines to leave the page out (the custom
	// page-not-found page, served with a 404).
	NoIndex bool
}

// MenuLink is one link of a menu, with its nested links (one level).
type MenuLink struct {
	Label, URL string
	Current    bool
	Children   []MenuLink
}

// DesignView is the part of a site's design settings a page draws.
type DesignView struct {
	// StylesheetURL is the site's own stylesheet setting the design's CSS
	// variables (colours, fonts, corners); "" for none.
	StylesheetURL string
	Logo          *LogoView
	// FaviconURL replaces the design's icon when set.
	FaviconURL, FaviconType string
	FooterText              string
}

// LogoView is the site's logo in the header.
type LogoView struct {
	Src           string
	Width, Height int
	// Alone: the logo replaces the site's name (which stays for screen
	// readers as the image's alternative text).
	Alone bool
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
	// AssetRoot is the content-hashed address of the designs' files,
	// "/assets/theme/<version>/"; {{asset "consent.js"}} writes a file's.
	AssetRoot string
	OGTitle   string // og:title and twitter:title
	OGType    string // og:type
	HiddenH1  bool   // a home page of sections has no hero: its h1 is the site's title, visually hidden
}

// parseLayout parses the shared head and footer together with one design's layout.
func parseLayout(fsys fs.FS, name string) (*template.Template, error) {
	// "asset" is bound to the designs' version once it is known (see
	// Set.bindAssets); a function must exist when the templates are parsed.
	t, err := template.New(name).Funcs(sectionFuncs).Funcs(template.FuncMap{"asset": func(file string) string { return assetPrefix + file }}).
		ParseFS(fsys, "base.html", "commerce.html", "sections.html", "blog.html", name+"/layout.html")
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
	doc.AssetRoot = s.assetRoot
	if doc.AssetBase == "" || doc.AssetBase == assetPrefix+name+"/" {
		// The plain address a caller gave becomes the hashed one, so
		// browsers may keep the design's files for a year.
		doc.AssetBase = s.assetRoot + name + "/"
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
	doc.Description = v.SEO.Description
	if doc.Description == "" && v.Blog != nil {
		doc.Description = v.Blog.Description
	}
	if doc.Description == "" {
		doc.Description = v.Site.Tagline
	}
	if doc.Description == "" {
		doc.Description = doc.SiteTitle
	}
	doc.OGTitle = doc.HeadTitle
	if !v.Page.IsHome && v.Page.Title != "" && v.Error == nil {
		doc.OGTitle = v.Page.Title
	}
	if v.SEO.Title != "" && !notFound && v.Error == nil {
		doc.HeadTitle, doc.OGTitle = v.SEO.Title, v.SEO.Title
	}
	doc.OGType = v.SEO.Type
	if doc.OGType == "" {
		doc.OGType = "website"
	}
	// A caller that knows no menus (an error page) gets the old navigation
	// in both places; an empty, non-nil menu stays empty.
	if doc.Menu == nil {
		for _, n := range v.Nav {
			doc.Menu = append(doc.Menu, MenuLink{Label: n.Title, URL: n.URL, Current: n.Current})
		}
	}
	if doc.FooterMenu == nil {
		doc.FooterMenu = doc.Menu
	}
	return doc
}
