package themes

import (
	"image/png"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func loadSet(t *testing.T) *Set {
	t.Helper()
	set, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return set
}

func TestLoadListsEveryDesign(t *testing.T) {
	set := loadSet(t)
	list := set.List()
	if len(list) < 3 {
		t.Fatalf("got %d designs, want at least 3", len(list))
	}
	for i, th := range list {
		if i > 0 && list[i-1].Name >= th.Name {
			t.Errorf("List is not sorted: %q before %q", list[i-1].Name, th.Name)
		}
		if th.Title == "" || th.Description == "" || th.Kind == "" {
			t.Errorf("%s: empty title, description or kind: %+v", th.Name, th)
		}
		if got, ok := set.Get(th.Name); !ok || got.Name != th.Name || got.Title != th.Title {
			t.Errorf("Get(%q) = %+v, %v", th.Name, got, ok)
		}
	}
	if _, ok := set.Get(set.Default()); !ok {
		t.Errorf("Default() = %q, which is not a design", set.Default())
	}
	if _, ok := set.Get("no-such-design"); ok {
		t.Error("Get found a design that does not exist")
	}
	if set.StarterPages("no-such-design", StarterData{}) != nil {
		t.Error("StarterPages returned pages for a design that does not exist")
	}
}

func TestEveryDesignIsComplete(t *testing.T) {
	set := loadSet(t)
	for _, th := range set.List() {
		t.Run(th.Name, func(t *testing.T) {
			pages := set.StarterPages(th.Name, StarterData{})
			if len(pages) < 3 {
				t.Errorf("got %d starter pages, want at least 3", len(pages))
			}
			home := false
			for i, p := range pages {
				home = home || p.Slug == ""
				if p.Position != i+1 {
					t.Errorf("page %q has position %d, want %d", p.Slug, p.Position, i+1)
				}
				// The storefront's CSP allows neither inline scripts nor inline styles.
				for _, banned := range []string{"<script", "style=", "javascript:", "http://", "https://"} {
					if strings.Contains(strings.ToLower(string(p.Body)), banned) {
						t.Errorf("page %q contains %q", p.Slug, banned)
					}
				}
			}
			if !home {
				t.Error("no home page")
			}

			assets := set.Assets()
			css, err := fs.ReadFile(assets, th.Name+"/style.css")
			if err != nil || len(css) == 0 {
				t.Errorf("style.css: %v", err)
			}
			if strings.Contains(string(css), "http") || strings.Contains(string(css), "@import") {
				t.Error("style.css loads something from the internet; the sites must work offline")
			}
			thumb, err := assets.Open(th.Name + "/thumbnail.png")
			if err != nil {
				t.Fatalf("thumbnail.png: %v", err)
			}
			defer thumb.Close()
			img, err := png.Decode(thumb)
			if err != nil {
				t.Fatalf("thumbnail.png does not decode: %v", err)
			}
			if b := img.Bounds(); b.Dx() < 300 || b.Dy() < 200 {
				t.Errorf("thumbnail.png is %v, too small for the gallery", b)
			}
		})
	}
}

func TestAssetsServeOnlyPublicFiles(t *testing.T) {
	assets := loadSet(t).Assets()
	tests := []struct {
		name string
		ok   bool
	}{
		{"bakery/style.css", true},
		{"bakery/thumbnail.png", true},
		{"bakery/favicon.svg", true},
		{"storefront.js", true},
		{"bakery/layout.html", false},
		{"bakery/theme.json", false},
		{"bakery/pages/home.html", false},
		{"base.html", false},
		{"bakery", false},
		{".", false},
		{"../go.mod", false},
		{"bakery/missing.css", false},
	}
	for _, tt := range tests {
		f, err := assets.Open(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("Open(%q): err = %v, want ok = %v", tt.name, err, tt.ok)
		}
		if err == nil {
			f.Close()
		}
	}
}

func TestLoadRejectsMalformedDesigns(t *testing.T) {
	base := func() fstest.MapFS {
		good, err := fs.Sub(designFiles, ".")
		if err != nil {
			t.Fatal(err)
		}
		m := fstest.MapFS{}
		for _, name := range []string{"base.html", "commerce.html", "sections.html", "blog.html", "bakery/theme.json", "bakery/layout.html", "bakery/style.css",
			"bakery/favicon.svg", "bakery/thumbnail.png", "bakery/pages/home.html", "bakery/pages/menu.html",
			"bakery/pages/about.html", "bakery/pages/contact.html"} {
			data, err := fs.ReadFile(good, name)
			if err != nil {
				t.Fatal(err)
			}
			m[name] = &fstest.MapFile{Data: data}
		}
		return m
	}
	manifest := func(json string) func(fstest.MapFS) {
		return func(m fstest.MapFS) { m["bakery/theme.json"] = &fstest.MapFile{Data: []byte(json)} }
	}
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"valid", func(fstest.MapFS) {}, ""},
		{"no stylesheet", func(m fstest.MapFS) { delete(m, "bakery/style.css") }, "missing style.css"},
		{"no thumbnail", func(m fstest.MapFS) { delete(m, "bakery/thumbnail.png") }, "missing thumbnail.png"},
		{"bad json", manifest(`{`), "theme.json"},
		{"unknown field", manifest(`{"title":"B","description":"d","kind":"store","default":true,"colour":"red"}`), "unknown field"},
		{"no title", manifest(`{"description":"d","kind":"store","default":true}`), "title, description and kind are required"},
		{"no home", manifest(`{"title":"B","description":"d","kind":"store","default":true,
			"pages":[{"slug":"menu","title":"Menu","file":"pages/menu.html"}]}`), "no home page"},
		{"same slug twice", manifest(`{"title":"B","description":"d","kind":"store","default":true,
			"pages":[{"slug":"","title":"Home","file":"pages/home.html"},{"slug":"","title":"Again","file":"pages/home.html"}]}`), "used twice"},
		{"bad slug", manifest(`{"title":"B","description":"d","kind":"store","default":true,
			"pages":[{"slug":"","title":"Home","file":"pages/home.html"},{"slug":"About Us","title":"About","file":"pages/about.html"}]}`), "slug"},
		{"missing body", manifest(`{"title":"B","description":"d","kind":"store","default":true,
			"pages":[{"slug":"","title":"Home","file":"pages/nowhere.html"}]}`), "nowhere.html"},
		{"no default", manifest(`{"title":"B","description":"d","kind":"store",
			"pages":[{"slug":"","title":"Home","file":"pages/home.html"}]}`), "no design is marked default"},
		{"broken layout", func(m fstest.MapFS) {
			m["bakery/layout.html"] = &fstest.MapFile{Data: []byte(`{{define "page"}}{{.Nope`)}
		}, "parse layout"},
		{"no 404 template", func(m fstest.MapFS) {
			m["bakery/layout.html"] = &fstest.MapFile{Data: []byte(`{{define "page"}}x{{end}}`)}
		}, `no "notfound" template`},
		{"hides an unknown section type", manifest(`{"title":"B","description":"d","kind":"store","default":true,"hides":["carousel"],
			"pages":[{"slug":"","title":"Home","file":"pages/home.html"}]}`), "no section type"},
		{"bad directory name", func(m fstest.MapFS) {
			m["Bad_Name/theme.json"] = m["bakery/theme.json"]
		}, "directory name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base()
			tt.change(m)
			_, err := load(m)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("load: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("load succeeded, want an error containing %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("load: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestStarterPagesAreCopies(t *testing.T) {
	set := loadSet(t)
	name := set.Default()
	pages := set.StarterPages(name, StarterData{})
	pages[0].Title = "changed"
	if set.StarterPages(name, StarterData{})[0].Title == "changed" {
		t.Error("changing the returned pages changed the set")
	}
}

// Every design defines the design CSS variables of the contract in its stylesheet's :root, the
// colours as #rrggbb, so that design settings can override them and check their contrast.
func TestContractVariables(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	colours := []string{"bg", "surface", "text", "muted", "accent", "accent-text", "line"}
	for _, th := range set.List() {
		for _, c := range colours {
			if !hexColour.MatchString(th.Defaults[c]) {
				t.Errorf("%s: --pc-%s = %q, want #rrggbb", th.Name, c, th.Defaults[c])
			}
		}
		for _, v := range []string{"font-heading", "font-body", "radius"} {
			if th.Defaults[v] == "" {
				t.Errorf("%s: --pc-%s is not defined in :root", th.Name, v)
			}
		}
	}
}
