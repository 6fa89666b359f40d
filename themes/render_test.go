package themes

import (
	"html/template"
	"strings"
	"testing"
)

func render(t *testing.T, set *Set, name string, v PageView) string {
	t.Helper()
	var b strings.Builder
	if err := set.Render(&b, name, v); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

func TestRenderEveryStarterPage(t *testing.T) {
	set := loadSet(t)
	for _, th := range set.List() {
		for _, p := range set.StarterPages(th.Name, sampleStarter(th.Name)) {
			t.Run(th.Name+"/"+p.Slug, func(t *testing.T) {
				v := sampleView(set, th.Name, p.Slug)
				html := render(t, set, th.Name, v)
				for _, want := range []string{
					"<!doctype html>",
					`<html lang="en">`,
					`<meta name="viewport" content="width=device-width, initial-scale=1">`,
					`<meta name="description"`,
					`<link rel="stylesheet" href="` + set.AssetURL(th.Name+"/style.css") + `">`,
					`<link rel="icon" href="` + set.AssetURL(th.Name+"/favicon.svg") + `" type="image/svg+xml">`,
					`aria-current="page"`,
					"<footer",
				} {
					if !strings.Contains(html, want) {
						t.Errorf("missing %q", want)
					}
				}
				for _, banned := range []string{"<script", "style="} {
					if strings.Contains(html, banned) {
						t.Errorf("contains %q, which the storefront's CSP forbids", banned)
					}
				}
			})
		}
	}
}

func TestRenderTitle(t *testing.T) {
	set := loadSet(t)
	tests := []struct {
		name string
		site SiteView
		page PageContent
		want string
	}{
		{"home with tagline", SiteView{Title: "Crumb", Tagline: "Bread"}, PageContent{Title: "Home", IsHome: true}, "<title>Crumb · Bread</title>"},
		{"home without tagline", SiteView{Title: "Crumb"}, PageContent{Title: "Home", IsHome: true}, "<title>Crumb</title>"},
		{"other page", SiteView{Title: "Crumb", Tagline: "Bread"}, PageContent{Slug: "about", Title: "About us"}, "<title>About us · Crumb</title>"},
		{"no title falls back to the name", SiteView{Name: "crumb"}, PageContent{Slug: "about", Title: "About"}, "<title>About · crumb</title>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := render(t, set, set.Default(), PageView{Site: tt.site, Page: tt.page, AssetBase: "/a/"})
			if !strings.Contains(html, tt.want) {
				t.Errorf("want %q in\n%s", tt.want, head(html))
			}
		})
	}
}

func TestRenderEscapesOwnerText(t *testing.T) {
	set := loadSet(t)
	hostile := `<script>alert(1)</script>`
	for _, th := range set.List() {
		t.Run(th.Name, func(t *testing.T) {
			v := PageView{
				Site:   SiteView{Title: hostile, Tagline: hostile, PublicEmail: `a"b@example.com`, Language: `en" onload="x`},
				Page:   PageContent{Slug: "about", Title: hostile, Body: template.HTML("<p>trusted body</p>")},
				Nav:    []NavItem{{Title: hostile, URL: "javascript:alert(1)"}},
				Notice: hostile, AssetBase: "/a/", Year: 2025,
			}
			html := render(t, set, th.Name, v)
			if strings.Contains(html, "<script") {
				t.Error("an owner-supplied <script> reached the page unescaped")
			}
			if !strings.Contains(html, "&lt;script&gt;") {
				t.Error("the hostile title is not shown escaped")
			}
			if strings.Contains(html, `href="javascript:`) {
				t.Error("a javascript: URL reached an href")
			}
			if strings.Contains(html, `onload="x`) {
				t.Error("the language broke out of its attribute")
			}
			if !strings.Contains(html, "<p>trusted body</p>") {
				t.Error("the trusted page body was escaped")
			}
		})
	}
}

func TestRenderOptionalParts(t *testing.T) {
	set := loadSet(t)
	tests := []struct {
		name    string
		change  func(*PageView)
		want    []string
		notWant []string
	}{
		{"defaults", func(*PageView) {}, []string{`<html lang="en">`}, []string{"Made with", `class="notice"`, "mailto:"}},
		{"language", func(v *PageView) { v.Site.Language = "fr" }, []string{`<html lang="fr">`}, nil},
		{"branding", func(v *PageView) { v.Branding, v.PlatformURL = true, "https://pagecart.example/" },
			[]string{"Made with", `href="https://pagecart.example/"`}, nil},
		{"branding without a URL", func(v *PageView) { v.Branding = true }, []string{"Made with"}, []string{`href=""`}},
		{"notice", func(v *PageView) { v.Notice = "Back on Monday" }, []string{`<div class="notice" role="status">Back on Monday</div>`}, nil},
		{"public email", func(v *PageView) { v.Site.PublicEmail = "anna@example.com" }, []string{`href="mailto:anna@example.com"`}, nil},
		{"year", func(v *PageView) { v.Year = 2031 }, []string{"© 2031"}, nil},
	}
	for _, th := range set.List() {
		for _, tt := range tests {
			t.Run(th.Name+"/"+tt.name, func(t *testing.T) {
				v := PageView{Site: SiteView{Title: "Crumb"}, Page: PageContent{Title: "Home", IsHome: true}, AssetBase: "/a/"}
				tt.change(&v)
				html := render(t, set, th.Name, v)
				for _, w := range tt.want {
					if !strings.Contains(html, w) {
						t.Errorf("missing %q", w)
					}
				}
				for _, w := range tt.notWant {
					if strings.Contains(html, w) {
						t.Errorf("unexpected %q", w)
					}
				}
			})
		}
	}
}

func TestRenderNotFound(t *testing.T) {
	set := loadSet(t)
	for _, th := range set.List() {
		t.Run(th.Name, func(t *testing.T) {
			v := sampleView(set, th.Name, "missing")
			var b strings.Builder
			if err := set.RenderNotFound(&b, th.Name, v); err != nil {
				t.Fatalf("RenderNotFound: %v", err)
			}
			html := b.String()
			for _, want := range []string{"<title>Page not found · ", "<h1>Page not found</h1>", `<meta name="robots" content="noindex">`, "style.css", `href="/"`} {
				if !strings.Contains(html, want) {
					t.Errorf("missing %q", want)
				}
			}
		})
	}
}

func TestRenderUnknownDesign(t *testing.T) {
	set := loadSet(t)
	var b strings.Builder
	if err := set.Render(&b, "no-such-design", PageView{}); err == nil || !strings.Contains(err.Error(), "unknown design") {
		t.Errorf("Render: err = %v, want an unknown design error", err)
	}
	if err := set.RenderNotFound(&b, "no-such-design", PageView{}); err == nil {
		t.Error("RenderNotFound of an unknown design succeeded")
	}
	if b.Len() != 0 {
		t.Errorf("wrote %q for an unknown design", b.String())
	}
}

// head returns the document head, to keep failure messages short.
func head(html string) string {
	if i := strings.Index(html, "</head>"); i >= 0 {
		return html[:i]
	}
	return html
}

// The shared menus: nested links, the current page marked, the phone's Menu button; a caller without
// menus (an error page) gets its Nav in the header and the footer; an emptied menu stays empty.
func TestSharedMenus(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	menu := []MenuLink{{Label: "Home", URL: "/"}, {Label: "Shop", URL: "/products", Children: []MenuLink{
		{Label: "Bread", URL: "/categories/bread", Current: true}}}}
	for _, th := range set.List() {
		for _, tt := range []struct {
			name       string
			v          PageView
			want, deny []string
		}{
			{"menus", PageView{Menu: menu, FooterMenu: []MenuLink{{Label: "Imprint", URL: "/imprint"}}},
				[]string{`<li class="has-sub"><a href="/products">Shop</a><ul>`, `<a href="/categories/bread" aria-current="page">Bread</a>`,
					`<details class="nav-menu">`, `<summary>Menu</summary>`, `<nav aria-label="Footer"><ul>` + "\n" + `<li><a href="/imprint">Imprint</a></li>`},
				[]string{`style=`}},
			{"nav only", PageView{Nav: []NavItem{{Title: "About", URL: "/about", Current: true}}},
				[]string{`<nav class="site-nav nav-row" aria-label="Main"><ul>` + "\n" + `<li><a href="/about" aria-current="page">About</a></li>`,
					`<nav aria-label="Footer"><ul>` + "\n" + `<li><a href="/about" aria-current="page">About</a></li>`}, nil},
			{"emptied", PageView{Nav: []NavItem{{Title: "About", URL: "/about"}}, Menu: []MenuLink{}, FooterMenu: []MenuLink{}},
				nil, []string{`nav-row`, `<nav aria-label="Footer">`}},
			{"design settings", PageView{Design: DesignView{StylesheetURL: "/assets/site/design-0123456789abcdef.css", FooterText: "Open daily",
				Logo: &LogoView{Src: "/media/1/logo.png", Width: 90, Height: 30, Alone: true}}},
				[]string{`<link rel="stylesheet" href="/assets/site/design-0123456789abcdef.css">`, `<p class="footer-text">Open daily</p>`,
					`<a class="brand has-logo" href="/"><img class="brand-logo" src="/media/1/logo.png" alt="Crumb" width="90" height="30"></a>`}, nil},
		} {
			tt.v.Site = SiteView{Name: "crumb", Title: "Crumb"}
			tt.v.AssetBase = "/assets/theme/" + th.Name + "/"
			tt.v.Page = PageContent{Title: "Home", IsHome: true}
			var b strings.Builder
			if err := set.Render(&b, th.Name, tt.v); err != nil {
				t.Fatalf("%s %s: %v", th.Name, tt.name, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("%s %s: lacks %q", th.Name, tt.name, w)
				}
			}
			for _, d := range tt.deny {
				if strings.Contains(b.String(), d) {
					t.Errorf("%s %s: has %q", th.Name, tt.name, d)
				}
			}
		}
	}
}
