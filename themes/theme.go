package themes

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pagecart/pagecart/internal/sections"
)

// designFiles holds every design. The patterns name file kinds rather than designs, so adding a design
// directory needs no change here.
//
//go:embed base.html commerce.html blog.html blog.css commerce.css storefront.js consent.js consent.css forms.css nav.css shop.css fonts/*/*.woff2 fonts/*/OFL.txt sections.html sections.css sections/thumbs/*.svg */theme.json */layout.html */*.css */*.svg */*.png */pages/*.html
var designFiles embed.FS

// Theme describes one premade design.
type Theme struct {
	Name        string // directory name, e.g. "bakery"; [a-z0-9-]
	Title       string // "Bakery"
	Description string // one sentence for the gallery
	Kind        string // "store", "portfolio", "blog" …
	// Defaults are the values of the design CSS variables (the contract of
	// sections-contract.md) in the design's stylesheet, without their
	// "--pc-" prefix: "bg" → "#fbf4ea". Design settings start from them.
	Defaults map[string]string
	// Palettes are colour presets the design offers besides its own.
	Palettes []Palette
	// Hides lists the section types (internal/sections) the design cannot show: the storefront draws
	// nothing for them and the design switch says so.
	Hides []string
}

// Palette is a named set of colours (contract variable names without
// "--pc-" → #rrggbb).
type Palette struct {
	Name    string            `json:"name"`
	Title   string            `json:"title"`
	Colours map[string]string `json:"colours"`
}

// StarterPage is a page every new site with this design starts with.
type StarterPage struct {
	Slug     string        // "" for the home page, else e.g. "about"
	Title    string        // the page's title, shown in the nav and the page heading
	Body     template.HTML // trusted HTML authored by us (sections of the design), written for one site
	InNav    bool          // whether the page is linked from the site's navigation
	Position int           // nav order, starting at 1
}

// Set is the parsed collection of designs, loaded once at start.
type Set struct {
	themes   []Theme // sorted by name
	byName   map[string]*design
	fallback string
	assets   fs.FS
	// assetVersion is the hash of the public files; assetRoot is
	// "/assets/theme/<assetVersion>/".
	assetVersion, assetRoot string
}

// design is one parsed design: its description, its starter pages and its templates.
type design struct {
	theme     Theme
	pages     []starterTemplate
	tmpl      *template.Template
	isDefault bool
}

// manifest is the shape of a design's theme.json.
type manifest struct {
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Kind        string    `json:"kind"`
	Default     bool      `json:"default"`
	Palettes    []Palette `json:"palettes"`
	Hides       []string  `json:"hides"`
	Pages       []struct {
		Slug  string `json:"slug"`
		Title string `json:"title"`
		File  string `json:"file"`
		InNav bool   `json:"inNav"`
	} `json:"pages"`
}

var (
	hexColour   = regexp.MustCompile(`^#[0-9a-f]{6}$`)
	contractVar = regexp.MustCompile(`--pc-([a-z-]+):\s*([^;]+);`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Load parses all embedded designs. It fails if any design is malformed, so a broken design stops the
// program at start rather than on a visitor's request.
func Load() (*Set, error) {
	return load(designFiles)
}

// load parses the designs found in fsys; tests call it with broken file systems.
func load(fsys fs.FS) (*Set, error) {
	manifests, err := fs.Glob(fsys, "*/theme.json")
	if err != nil {
		return nil, fmt.Errorf("find designs: %w", err)
	}
	if len(manifests) == 0 {
		return nil, errors.New("load designs: no design found")
	}
	s := &Set{byName: make(map[string]*design), assets: assetFS{fsys}}
	for _, m := range manifests {
		name := path.Dir(m)
		d, err := loadDesign(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load design %q: %w", name, err)
		}
		s.byName[name] = d
		s.themes = append(s.themes, d.theme)
		if d.isDefault {
			if s.fallback != "" {
				return nil, fmt.Errorf("load designs: both %q and %q are marked default", s.fallback, name)
			}
			s.fallback = name
		}
	}
	if s.fallback == "" {
		return nil, errors.New("load designs: no design is marked default")
	}
	slices.SortFunc(s.themes, func(a, b Theme) int { return strings.Compare(a.Name, b.Name) })
	if s.assetVersion, err = assetVersion(fsys); err != nil {
		return nil, fmt.Errorf("hash design files: %w", err)
	}
	s.assetRoot = assetPrefix + s.assetVersion + "/"
	s.bindAssets()
	return s, nil
}

// loadDesign reads and checks one design directory.
func loadDesign(fsys fs.FS, name string) (*design, error) {
	if !namePattern.MatchString(name) {
		return nil, errors.New("directory name must be lower-case letters, digits and single hyphens")
	}
	raw, err := fs.ReadFile(fsys, name+"/theme.json")
	if err != nil {
		return nil, err
	}
	var m manifest
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("theme.json: %w", err)
	}
	if m.Title == "" || m.Description == "" || m.Kind == "" {
		return nil, errors.New("theme.json: title, description and kind are required")
	}
	// Every design ships these: the layout links to the first two and the signup gallery shows the third.
	for _, a := range [...]string{"style.css", "favicon.svg", "thumbnail.png"} {
		if _, err := fs.Stat(fsys, name+"/"+a); err != nil {
			return nil, fmt.Errorf("missing %s: %w", a, err)
		}
	}
	for _, h := range m.Hides {
		if _, ok := sections.Lookup(h); !ok {
			return nil, fmt.Errorf("theme.json: hides %q, which is no section type", h)
		}
	}
	css, err := fs.ReadFile(fsys, name+"/style.css")
	if err != nil {
		return nil, err
	}
	defaults := cssDefaults(string(css))
	for _, p := range m.Palettes {
		if p.Name == "" || p.Title == "" || len(p.Colours) == 0 {
			return nil, errors.New("theme.json: a palette needs a name, a title and colours")
		}
		for k, v := range p.Colours {
			if _, ok := defaults[k]; !ok || !hexColour.MatchString(v) {
				return nil, fmt.Errorf("theme.json: palette %q: colour %q must be a --pc- colour of style.css and #rrggbb", p.Name, k)
			}
		}
	}
	d := &design{
		theme: Theme{Name: name, Title: m.Title, Description: m.Description, Kind: m.Kind,
			Defaults: defaults, Palettes: m.Palettes, Hides: m.Hides},
		isDefault: m.Default,
	}
	if d.pages, err = starterPages(fsys, name, m); err != nil {
		return nil, err
	}
	if d.tmpl, err = parseLayout(fsys, name); err != nil {
		return nil, err
	}
	return d, nil
}

// starterPages reads and parses the page templates a manifest lists and checks that the pages form a
// usable site: one home page and no two pages at the same address.
func starterPages(fsys fs.FS, name string, m manifest) ([]starterTemplate, error) {
	var pages []starterTemplate
	seen := make(map[string]bool)
	for i, p := range m.Pages {
		if p.Slug != "" && !slugPattern.MatchString(p.Slug) {
			return nil, fmt.Errorf("page %d: slug %q must be lower-case letters, digits and single hyphens", i+1, p.Slug)
		}
		if seen[p.Slug] {
			return nil, fmt.Errorf("page %d: slug %q is used twice", i+1, p.Slug)
		}
		seen[p.Slug] = true
		if p.Title == "" {
			return nil, fmt.Errorf("page %d: title is required", i+1)
		}
		body, err := fs.ReadFile(fsys, path.Join(name, p.File))
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		// Authored by us and embedded at build time, never user input.
		tmpl, err := parseStarter(path.Join(name, p.File), string(body))
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		pages = append(pages, starterTemplate{
			page: StarterPage{Slug: p.Slug, Title: p.Title, InNav: p.InNav, Position: i + 1},
			tmpl: tmpl,
		})
	}
	if !seen[""] {
		return nil, errors.New("no home page (a page with an empty slug)")
	}
	return pages, nil
}

// List returns every design, sorted by name so the gallery keeps a stable order.
func (s *Set) List() []Theme {
	return slices.Clone(s.themes)
}

// Get returns the design called name.
func (s *Set) Get(name string) (Theme, bool) {
	d, ok := s.byName[name]
	if !ok {
		return Theme{}, false
	}
	d.theme.Hides = slices.Clone(d.theme.Hides)
	return d.theme, true
}

// Default returns the name of the design used when none was chosen, such as for the demo site.
func (s *Set) Default() string {
	return s.fallback
}

// StarterPages returns the pages a new site with the design starts with, in nav order, written with the
// site's own data (its title, prices in its currency, its public e-mail) and marked placeholders for what
// the site does not know yet; nil if there is no such design. The slice is new, so callers may change it.
func (s *Set) StarterPages(name string, data StarterData) []StarterPage {
	d, ok := s.byName[name]
	if !ok {
		return nil
	}
	pages := make([]StarterPage, len(d.pages))
	for i, st := range d.pages {
		body, err := executeStarter(st.tmpl, data)
		if err != nil {
			// Every template ran with sample data at start and takes no
			// input that can fail, so this is a bug in a design.
			panic(err)
		}
		pages[i] = st.page
		pages[i].Body = body
	}
	return pages
}

// StarterCount is the number of starter pages of a design, 0 if there is no such design.
func (s *Set) StarterCount(name string) int {
	if d, ok := s.byName[name]; ok {
		return len(d.pages)
	}
	return 0
}

// Assets returns the designs' public files, rooted so that "bakery/style.css" resolves. It serves only
// stylesheets and images: templates, manifests and directory listings stay private.
func (s *Set) Assets() fs.FS {
	return s.assets
}

// cssDefaults reads the contract variables' values from the :root blocks of a design's stylesheet
// (the first definition of each wins, as the design writes its defaults first).
func cssDefaults(css string) map[string]string {
	out := map[string]string{}
	for rest := css; ; {
		start := strings.Index(rest, ":root")
		if start < 0 {
			return out
		}
		end := strings.Index(rest[start:], "}")
		if end < 0 {
			return out
		}
		for _, m := range contractVar.FindAllStringSubmatch(rest[start:start+end], -1) {
			if _, seen := out[m[1]]; seen {
				continue
			}
			v := strings.ToLower(strings.TrimSpace(m[2]))
			switch v {
			case "#fff":
				v = "#ffffff"
			case "#000":
				v = "#000000"
			}
			out[m[1]] = v
		}
		rest = rest[start+end:]
	}
}
