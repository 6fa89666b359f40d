package themes

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestGroupsHoldEveryDesignOnce(t *testing.T) {
	set := loadSet(t)
	seen := make(map[string]int)
	for _, g := range set.Groups() {
		for _, d := range g.Designs {
			if d.KindLabel() == "" {
				t.Errorf("%s has no kind label", d.Name)
			}
		}
		if g.Title == "" || len(g.Designs) == 0 {
			t.Errorf("group %q: title %q, %d designs", g.Kind, g.Title, len(g.Designs))
		}
		for _, d := range g.Designs {
			if d.Kind != g.Kind {
				t.Errorf("%s (kind %q) is in the group %q", d.Name, d.Kind, g.Kind)
			}
			seen[d.Name]++
		}
	}
	for _, d := range set.List() {
		if seen[d.Name] != 1 {
			t.Errorf("%s is in %d groups, want 1", d.Name, seen[d.Name])
		}
	}
}

func TestGroupsOrder(t *testing.T) {
	good, err := fs.Sub(designFiles, ".")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	copyDesign := func(to, kind string, isDefault bool) {
		for _, name := range []string{"theme.json", "layout.html", "style.css", "favicon.svg", "thumbnail.png", "pages/home.html"} {
			data, err := fs.ReadFile(good, "bakery/"+name)
			if err != nil {
				t.Fatal(err)
			}
			if name == "theme.json" {
				def := "false"
				if isDefault {
					def = "true"
				}
				data = []byte(`{"title":"` + to + `","description":"d","kind":"` + kind + `","default":` + def +
					`,"pages":[{"slug":"","title":"Home","file":"pages/home.html"}]}`)
			}
			m[to+"/"+name] = &fstest.MapFile{Data: data}
		}
	}
	for _, base := range []string{"base.html", "commerce.html", "sections.html", "blog.html"} {
		data, err := fs.ReadFile(good, base)
		if err != nil {
			t.Fatal(err)
		}
		m[base] = &fstest.MapFile{Data: data}
	}
	copyDesign("a-blog", "blog", true)
	copyDesign("b-wiki", "wiki", false)
	copyDesign("c-shop", "store", false)
	copyDesign("d-shop", "store", false)
	copyDesign("e-cv", "site", false)
	set, err := load(m)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range set.Groups() {
		got = append(got, g.Kind+":"+g.Title)
		for _, d := range g.Designs {
			got = append(got, d.Name)
		}
	}
	want := []string{"store:Online stores", "c-shop", "d-shop", "site:Websites for a business or a person", "e-cv",
		"blog:Blogs and magazines", "a-blog", "wiki:Wiki", "b-wiki"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}
