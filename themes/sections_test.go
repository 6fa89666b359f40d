package themes

import (
	"flag"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/pagecart/pagecart/internal/sections"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// samplePicture stands in for a picture of the media library, as the storefront would write it.
var samplePicture = Picture{Img: `<img src="/media/42/loaf.jpg" srcset="/media/42/480/loaf.jpg 480w, /media/42/loaf.jpg 960w" sizes="100vw" width="960" height="720" alt="A loaf" loading="lazy" decoding="async">`}

// fullSettings fills every field of a schema with a value of its kind.
func fullSettings(fields []sections.Field, i int) map[string]any {
	m := make(map[string]any)
	for _, f := range fields {
		switch f.Kind {
		case sections.Text:
			m[f.Name] = fmt.Sprintf("Sample %s %d", f.Name, i)
		case sections.Textarea:
			m[f.Name] = fmt.Sprintf("First line of %s\nSecond line [placeholder]", f.Name)
		case sections.RichText, sections.HTML:
			m[f.Name] = `<p>Rich <strong>text</strong> with a <a href="/about">link</a>.</p><script>alert(1)</script>`
		case sections.Image:
			if i%2 == 0 {
				m[f.Name] = "42"
			} else {
				m[f.Name] = "art-b"
			}
		case sections.Link:
			m[f.Name] = []string{"/about", "tel:+49 30 1234", "mailto:a@example.com", "https://maps.example/x"}[i%4]
		case sections.Colour:
			m[f.Name] = "#112233"
		case sections.Align, sections.Select:
			m[f.Name] = f.Options[i%len(f.Options)].Value
		case sections.Toggle:
			m[f.Name] = true
		case sections.Number:
			m[f.Name] = f.Max
		case sections.Form:
			m[f.Name] = "contact"
		}
	}
	return m
}

// fullView is a section of the type with every setting and three blocks, and the data it shows resolved.
func fullView(typ sections.Type, i int) SectionView {
	s := sections.Section{ID: fmt.Sprintf("%032x", i+1), Type: typ.Name, Settings: fullSettings(typ.Fields, i)}
	if typ.Block != nil {
		for j := range 3 {
			s.Blocks = append(s.Blocks, sections.Block{ID: fmt.Sprintf("%031x%d", i+1, j), Settings: fullSettings(typ.Block.Fields, i+j)})
		}
	}
	return SectionView{
		Section: s,
		Images:  map[string]Picture{"42": samplePicture},
		Products: []ProductCard{
			{URL: "/products/loaf", Title: "Loaf", Price: "€7.50", Available: true, Picture: &samplePicture},
			{URL: "/products/bun", Title: "Bun", Price: "€2.50", CompareAt: "€3.00", Availability: "Out of stock"},
		},
		MoreURL: "/products",
		Posts:   []PostCard{{URL: "/blog/one", Title: "One post", Date: "1 May 2026", DateTime: "2026-05-01", Summary: "What it says", Cover: &samplePicture}, {URL: "/blog/two", Title: "Two", Art: "b"}},
		Form:    template.HTML(`<section class="band contact-form-band"><div class="wrap narrow"><form class="contact-form"></form></div></section>`),
		Email:   "hello@example.com",
	}
}

// emptyView is a section of the type with every setting empty and no blocks: what a careless draft holds.
func emptyView(typ sections.Type, i int) SectionView {
	s := sections.Section{ID: fmt.Sprintf("%032x", i+1), Type: typ.Name, Settings: map[string]any{}}
	return SectionView{Section: s}
}

// Every design draws every section type, full and empty, without a template error and with the
// vocabulary's markup, so its stylesheet styles it.
// sectionsCSS is the shared stylesheet's link, at its content-hashed address.
var sectionsCSS = regexp.MustCompile(`<link rel="stylesheet" href="/assets/theme/[0-9a-f]+/sections.css">`)

func TestRenderEverySectionType(t *testing.T) {
	set := loadSet(t)
	want := map[string]string{
		"hero": `class="hero `, "richtext": `prose`, "image-text": `class="wrap split`, "gallery": `class="gallery"`,
		"features": `class="features"`, "cards": `class="cards"`, "price-list": `class="price-list"`,
		"testimonials": `class="testimonial"`, "cta": `class="cta `, "contact": `class="contact-card"`,
		"posts": `class="posts"`, "featured-products": `class="product-grid"`, "product-grid": `class="product-grid"`,
		"form": `class="contact-form"`, "newsletter": `sec-newsletter`, "html": `<strong>text</strong>`,
	}
	for _, th := range set.List() {
		for i, typ := range sections.Types() {
			for _, full := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s/full=%v", th.Name, typ.Name, full)
				t.Run(name, func(t *testing.T) {
					v := sampleView(set, th.Name, "")
					sv := emptyView(typ, i)
					if full {
						sv = fullView(typ, i)
					}
					v.Page.Sections = []SectionView{sv}
					out := render(t, set, th.Name, v)
					if !strings.Contains(out, `data-section="`+sv.ID+`"`) {
						t.Errorf("no data-section for the section")
					}
					if !sectionsCSS.MatchString(out) {
						t.Errorf("sections.css not linked")
					}
					if full && !strings.Contains(out, want[typ.Name]) {
						t.Errorf("missing %q", want[typ.Name])
					}
					for _, banned := range []string{"<script", "style=", "alert(1)", "<no value>", "ZgotmplZ"} {
						if strings.Contains(out, banned) {
							t.Errorf("contains %q", banned)
						}
					}
					if full && typ.Name == "hero" && !strings.Contains(out, "<h1>") {
						t.Errorf("the home page's first hero has no h1")
					}
				})
			}
		}
	}
}

// A design that hides a section type draws nothing for it.
func TestRenderHiddenSection(t *testing.T) {
	set := loadSet(t)
	d := set.byName["bakery"]
	old := d.theme.Hides
	d.theme.Hides = []string{"gallery"}
	defer func() { d.theme.Hides = old }()
	gallery, _ := sections.Lookup("gallery")
	cta, _ := sections.Lookup("cta")
	v := sampleView(set, "bakery", "")
	v.Page.Sections = []SectionView{fullView(gallery, 0), fullView(cta, 1)}
	out := render(t, set, "bakery", v)
	if strings.Contains(out, `class="gallery"`) {
		t.Error("the hidden gallery is drawn")
	}
	if !strings.Contains(out, `class="cta `) {
		t.Error("the cta is missing")
	}
}

// starterSections converts a design's starter page to sections, with IDs that do not change between runs.
func starterSections(set *Set, design, slug string) ([]SectionView, string) {
	for _, p := range set.StarterPages(design, sampleStarter(design)) {
		if p.Slug != slug {
			continue
		}
		secs := sections.FromHTML(string(p.Body))
		views := make([]SectionView, len(secs))
		for i, s := range secs {
			s.ID = fmt.Sprintf("%032x", i+1)
			for j := range s.Blocks {
				s.Blocks[j].ID = fmt.Sprintf("%030x%02d", i+1, j)
			}
			views[i] = SectionView{Section: s}
		}
		return views, string(p.Body)
	}
	return nil, ""
}

// Every starter page of every design, converted to sections and drawn, still shows every text and every
// picture description of the page as it was: the conversion loses nothing a visitor sees.
func TestStarterSectionsKeepEveryText(t *testing.T) {
	set := loadSet(t)
	for _, th := range set.List() {
		for _, p := range set.StarterPages(th.Name, sampleStarter(th.Name)) {
			views, body := starterSections(set, th.Name, p.Slug)
			v := sampleView(set, th.Name, p.Slug)
			v.Page.Sections = views
			out := collapseSpace(strings.Join(texts(render(t, set, th.Name, v)), " "))
			for _, want := range texts(body) {
				if !strings.Contains(out, want) {
					t.Errorf("%s/%s: lost %q", th.Name, p.Slug, want)
				}
			}
		}
	}
}

// texts returns the text nodes and aria-labels of a document, white space collapsed.
func texts(doc string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if s := collapseSpace(string(z.Text())); s != "" {
				out = append(out, s)
			}
		case html.StartTagToken:
			for {
				k, v, more := z.TagAttr()
				if string(k) == "aria-label" {
					out = append(out, collapseSpace(string(v)))
				}
				if !more {
					break
				}
			}
		}
	}
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// The home page of each design drawn from its converted starter sections matches testdata/<design>-home.html.
// After an intended change, run go test ./themes -run TestSectionsGolden -update and review the diff.
var assetHash = regexp.MustCompile(`/assets/theme/[0-9a-f]+/`)

func TestSectionsGolden(t *testing.T) {
	set := loadSet(t)
	for _, th := range set.List() {
		views, _ := starterSections(set, th.Name, "")
		v := sampleView(set, th.Name, "")
		v.Page.Sections = views
		// The files' content hash changes with any design file; the golden
		// files are about the page, so it is written as HASH.
		got := assetHash.ReplaceAllString(render(t, set, th.Name, v), "/assets/theme/HASH/")
		file := filepath.Join("testdata", th.Name+"-home.html")
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update to write it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the golden file; run go test ./themes -run TestSectionsGolden -update and review the diff:\n%s", file, firstDiff(string(want), got))
		}
	}
}

// firstDiff shows the first line that differs.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\nwant %s\n got %s", i+1, x, y)
		}
	}
	return ""
}

var sectionShots = flag.String("section-screenshots", "", "write a page with every section type per design, and its screenshots, to this directory")

// TestSectionScreenshots draws a page holding every section type, full, in each design, for a person to
// look at: go test ./themes -run TestSectionScreenshots -section-screenshots=/tmp/sections
func TestSectionScreenshots(t *testing.T) {
	if *sectionShots == "" {
		t.Skip("run with -section-screenshots=DIR")
	}
	set := loadSet(t)
	for _, th := range set.List() {
		dir := filepath.Join(*sectionShots, th.Name)
		writeStaticSite(t, set, th.Name, dir)
		for _, f := range []string{"sections.css", "commerce.css", "forms.css"} {
			data, err := designFiles.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "assets", f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		v := sampleView(set, th.Name, "")
		v.AssetBase = "assets/"
		v.Shop = &ShopView{}
		for i, typ := range sections.Types() {
			sv := fullView(typ, i)
			pic := Picture{Img: `<img src="assets/art-c.svg" width="960" height="720" alt="A picture" loading="lazy">`}
			sv.Images = map[string]Picture{"42": pic}
			for j := range sv.Products {
				sv.Products[j].Picture = &pic
			}
			sv.Posts[0].Cover = &pic
			if typ.Name == "newsletter" {
				sv.Form = ""
			}
			v.Page.Sections = append(v.Page.Sections, sv)
		}
		var b strings.Builder
		if err := set.Render(&b, th.Name, v); err != nil {
			t.Fatal(err)
		}
		page := strings.ReplaceAll(b.String(), "/assets/theme/", "assets/")
		if err := os.WriteFile(filepath.Join(dir, "sections.html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		shots := []string{"sections"}
		// Each starter page as converted to sections, to compare with the page as it was.
		for _, p := range set.StarterPages(th.Name, sampleStarter(th.Name)) {
			sv := sampleView(set, th.Name, p.Slug)
			sv.AssetBase = "assets/"
			sv.Page.Sections, _ = starterSections(set, th.Name, p.Slug)
			var b strings.Builder
			if err := set.Render(&b, th.Name, sv); err != nil {
				t.Fatal(err)
			}
			name := "starter-" + p.Slug
			if p.Slug == "" {
				name = "starter-home"
			}
			if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(strings.ReplaceAll(b.String(), "/assets/theme/", "assets/")), 0o644); err != nil {
				t.Fatal(err)
			}
			shots = append(shots, name)
		}
		if chromium, err := exec.LookPath("chromium"); err == nil {
			for _, shot := range shots {
				vps := []viewport{{"desktop-full", 1280, 3000}}
				if shot == "sections" {
					vps = []viewport{{"phone-full", 390, 16000}, {"desktop-full", 1280, 11000}}
				}
				for _, vp := range vps {
					writePNG(t, filepath.Join(*sectionShots, th.Name+"-"+shot+"-"+vp.label+".png"), screenshot(t, chromium, filepath.Join(dir, shot+".html"), vp))
				}
			}
		}
	}
}

// Every section type's thumbnail is embedded and served with the assets.
func TestSectionThumbnails(t *testing.T) {
	set := loadSet(t)
	for _, typ := range sections.Types() {
		url := SectionThumbnailURL(typ)
		f, err := set.Assets().Open(strings.TrimPrefix(url, "/assets/theme/"))
		if err != nil {
			t.Errorf("%s: thumbnail %s: %v", typ.Name, url, err)
			continue
		}
		f.Close()
	}
}

// A home page of sections has one h1: its first hero's heading, or the site's title, visually hidden.
func TestSectionsHomeHeading(t *testing.T) {
	set := loadSet(t)
	hero, _ := sections.Lookup("hero")
	text, _ := sections.Lookup("richtext")
	tests := []struct {
		name  string
		views []SectionView
		want  string
	}{
		{"hero first", []SectionView{fullView(hero, 0), fullView(text, 1)}, "<h1>Sample heading 0</h1>"},
		{"hero second", []SectionView{fullView(text, 1), fullView(hero, 2)}, "<h1>Sample heading 2</h1>"},
		{"no hero", []SectionView{fullView(text, 1)}, `<h1 class="visually-hidden">Crumb &amp; Co.</h1>`},
	}
	for _, tt := range tests {
		v := sampleView(set, "bakery", "")
		v.Page.Sections = tt.views
		out := render(t, set, "bakery", v)
		if !strings.Contains(out, tt.want) || strings.Count(out, "<h1") != 1 {
			t.Errorf("%s: want one h1, %s", tt.name, tt.want)
		}
	}
}
