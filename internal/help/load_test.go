package help

import (
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pagecart/pagecart/themes"
)

func mustLoad(t *testing.T) *Centre {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func TestLoad(t *testing.T) {
	c := mustLoad(t)
	var slugs []string
	for _, cat := range c.Categories() {
		slugs = append(slugs, cat.Slug)
		if cat.Title == "" || cat.Summary == "" {
			t.Errorf("category %s: title %q, summary %q; both are shown on the help home page", cat.Slug, cat.Title, cat.Summary)
		}
		if len(cat.Articles) == 0 {
			t.Errorf("category %s has no articles", cat.Slug)
		}
		for i, a := range cat.Articles {
			if a.CategorySlug != cat.Slug {
				t.Errorf("article %s lists category %q, want %q", a.Slug, a.CategorySlug, cat.Slug)
			}
			if a.Title == "" || a.Summary == "" || a.HTML == "" {
				t.Errorf("article %s/%s lacks a title, summary or body", cat.Slug, a.Slug)
			}
			// The page layout shows the title as the only h1; a second one would confuse readers and
			// screen readers alike.
			if strings.Contains(string(a.HTML), "<h1") {
				t.Errorf("article %s/%s has its own h1; start its headings at ##", cat.Slug, a.Slug)
			}
			if i > 0 && cat.Articles[i-1].Position > a.Position {
				t.Errorf("category %s: articles out of order at %s", cat.Slug, a.Slug)
			}
		}
	}
	want := "getting-started designs trial-and-plans shop own-domains cookies-and-privacy api contact-forms"
	if got := strings.Join(slugs, " "); got != want {
		t.Errorf("categories = %s, want %s", got, want)
	}
}

func TestPlansTableRenders(t *testing.T) {
	a, ok := mustLoad(t).Article("trial-and-plans", "plans-compared")
	if !ok {
		t.Fatal("plans-compared not found")
	}
	for _, want := range []string{"<table>", "<th>Premium</th>", "<td>5,000</td>"} {
		if !strings.Contains(string(a.HTML), want) {
			t.Errorf("plans table lacks %q", want)
		}
	}
}

func TestLookups(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		category, article string
		wantTitle         string // empty when the lookup must miss
	}{
		{"api", "status-codes", "API status codes"},
		{"trial-and-plans", "free-trial", "Your free 15-day trial"},
		{"getting-started", "create-your-site", "Create your site in a minute"},
		{"api", "free-trial", ""},
		{"api", "no-such-article", ""},
		{"no-such-category", "status-codes", ""},
		{"api", "_category", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		a, ok := c.Article(tt.category, tt.article)
		if ok != (tt.wantTitle != "") || a.Title != tt.wantTitle {
			t.Errorf("Article(%q, %q) = %q, %v; want %q", tt.category, tt.article, a.Title, ok, tt.wantTitle)
		}
	}
	if cat, ok := c.Category("api"); !ok || cat.Title != "API" || len(cat.Articles) < 2 {
		t.Errorf("Category(api) = %+v, %v", cat, ok)
	}
	if _, ok := c.Category("nope"); ok {
		t.Error("Category(nope) found something")
	}
}

func TestCategoriesReturnsACopy(t *testing.T) {
	c := mustLoad(t)
	c.Categories()[0].Articles[0].Title = "changed"
	cat, _ := c.Category("getting-started")
	cat.Articles[0].Title = "changed too"
	if got := c.Categories()[0].Articles[0].Title; strings.HasPrefix(got, "changed") {
		t.Errorf("caller changed the centre's article title to %q", got)
	}
}

// TestArticleLinksResolve follows every relative link between articles, as a browser would from an
// article's own address, so that renaming an article cannot silently break a link to it.
func TestArticleLinksResolve(t *testing.T) {
	c := mustLoad(t)
	href := regexp.MustCompile(`href="([^"]*)"`)
	for _, cat := range c.Categories() {
		for _, a := range cat.Articles {
			for _, m := range href.FindAllStringSubmatch(string(a.HTML), -1) {
				link := m[1]
				if strings.Contains(link, ":") || strings.HasPrefix(link, "/") || strings.HasPrefix(link, "#") {
					t.Errorf("%s/%s links to %q; link to other articles with relative paths", cat.Slug, a.Slug, link)
					continue
				}
				link, _, _ = strings.Cut(link, "#")
				target := strings.TrimPrefix(path.Join("/help", cat.Slug, link), "/help/")
				catSlug, slug, _ := strings.Cut(target, "/")
				if _, ok := c.Article(catSlug, slug); !ok {
					t.Errorf("%s/%s links to %q, which is no article", cat.Slug, a.Slug, m[1])
				}
			}
		}
	}
}

func TestLoadOrdersByPositionThenTitle(t *testing.T) {
	fsys := fstest.MapFS{
		"b/_category.md": {Data: []byte("---\ntitle: Second\nposition: 2\n---\n")},
		"b/x.md":         {Data: []byte("---\ntitle: Only\n---\nText")},
		"a/_category.md": {Data: []byte("---\ntitle: First\nposition: 1\n---\n")},
		"a/z.md":         {Data: []byte("---\ntitle: Zebra\nposition: 1\n---\nText")},
		"a/y.md":         {Data: []byte("---\ntitle: Apple\nposition: 1\n---\nText")},
		"a/w.md":         {Data: []byte("---\ntitle: Last\nposition: 9\n---\nText")},
		"a/v.md":         {Data: []byte("---\ntitle: Top\nposition: -1\n---\nText")},
	}
	c, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, cat := range c.Categories() {
		for _, a := range cat.Articles {
			got = append(got, cat.Title+"/"+a.Title)
		}
	}
	want := "First/Top First/Apple First/Zebra First/Last Second/Only"
	if strings.Join(got, " ") != want {
		t.Errorf("order = %s, want %s", strings.Join(got, " "), want)
	}
}

func TestLoadRejects(t *testing.T) {
	category := &fstest.MapFile{Data: []byte("---\ntitle: Category\n---\n")}
	article := &fstest.MapFile{Data: []byte("---\ntitle: Article\n---\nText")}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string
	}{
		{"no categories", fstest.MapFS{}, "no categories"},
		{"file at the top", fstest.MapFS{"README.md": article}, "README.md: only category directories"},
		{"category without _category.md", fstest.MapFS{"c/a.md": article}, "c: open c/_category.md"},
		{"category without articles", fstest.MapFS{"c/_category.md": category}, "c: a category needs at least one article"},
		{"category with a body", fstest.MapFS{
			"c/_category.md": {Data: []byte("---\ntitle: C\n---\nLost text")}, "c/a.md": article,
		}, "c/_category.md: a category file has front matter only"},
		{"category without title", fstest.MapFS{
			"c/_category.md": {Data: []byte("---\nsummary: S\n---\n")}, "c/a.md": article,
		}, "c/_category.md: front matter: title is missing"},
		{"article without title", fstest.MapFS{
			"c/_category.md": category, "c/a.md": {Data: []byte("---\nsummary: S\n---\nText")},
		}, "c/a.md: front matter: title is missing"},
		{"article without front matter", fstest.MapFS{
			"c/_category.md": category, "c/a.md": {Data: []byte("# Title\n")},
		}, `c/a.md: front matter: the file must start with a "---" line`},
		{"article with unknown key", fstest.MapFS{
			"c/_category.md": category, "c/a.md": {Data: []byte("---\ntitle: T\nauthor: me\n---\n")},
		}, `c/a.md: front matter: unknown key "author"`},
		{"file that is not markdown", fstest.MapFS{"c/_category.md": category, "c/a.md": article, "c/logo.png": article},
			"c/logo.png: only .md files"},
		{"bad category slug", fstest.MapFS{"Getting Started/_category.md": category, "Getting Started/a.md": article},
			"Getting Started: a category slug"},
		{"bad article slug", fstest.MapFS{"c/_category.md": category, "c/My_Article.md": article},
			"c/My_Article.md: an article slug"},
		{"nested directory", fstest.MapFS{"c/_category.md": category, "c/a.md": article, "c/sub/b.md": article},
			"c/sub: only .md files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(tt.fsys)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// mapFS builds a file tree from file names and contents, which reads better in a test than MapFile values.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := make(fstest.MapFS, len(files))
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// TestStatusCodesInDecidedOrder keeps the status codes article in step with the API contract: the
// sections must follow the order in which the server decides the status.
func TestStatusCodesInDecidedOrder(t *testing.T) {
	a, ok := mustLoad(t).Article("api", "status-codes")
	if !ok {
		t.Fatal("status-codes not found")
	}
	ids := regexp.MustCompile(`<h[23] id="([0-9]{3})-`).FindAllStringSubmatch(string(a.HTML), -1)
	var got []string
	for _, m := range ids {
		got = append(got, m[1])
	}
	want := "404 301 501 412 401 403 509 429 400 413 404 206 200 500 502 503 504"
	if strings.Join(got, " ") != want {
		t.Errorf("status sections = %s, want %s", strings.Join(got, " "), want)
	}
}

// The article that lists the designs names every one of them, so that a
// new design cannot be added without the help centre knowing it.
func TestChoosingADesignNamesEveryDesign(t *testing.T) {
	c := mustLoad(t)
	a, ok := c.Article("designs", "choosing-a-design")
	if !ok {
		t.Fatal("no article designs/choosing-a-design")
	}
	set, err := themes.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range set.List() {
		if !strings.Contains(string(a.HTML), "<strong>"+d.Title+"</strong>") {
			t.Errorf("the article does not name the %s design", d.Title)
		}
	}
}
