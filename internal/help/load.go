package help

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
)

// embedded holds the Markdown sources. The "all:" prefix keeps _category.md, which embed would otherwise
// skip because of its leading underscore.
//
//go:embed all:articles
var embedded embed.FS

// categoryFile is the name of the file that describes a category inside its directory.
const categoryFile = "_category.md"

// Load parses and renders every embedded article. It fails if any file is malformed, lacks a title, or
// sits where no file should be, so that a broken help page stops the build's tests rather than a visitor.
func Load() (*Centre, error) {
	sub, err := fs.Sub(embedded, "articles")
	if err != nil {
		return nil, fmt.Errorf("help: %w", err)
	}
	return load(sub)
}

// load builds a centre from a tree laid out as <category>/<article>.md; tests pass their own trees.
func load(fsys fs.FS) (*Centre, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("help: %w", err)
	}
	md := newMarkdown()
	c := &Centre{bySlug: make(map[string]int), articles: make(map[articleKey]Article)}
	for _, e := range entries {
		if !e.IsDir() {
			return nil, fmt.Errorf("help: %s: only category directories belong at the top level", e.Name())
		}
		cat, docs, err := loadCategory(fsys, md, e.Name())
		if err != nil {
			return nil, fmt.Errorf("help: %w", err)
		}
		c.categories = append(c.categories, cat)
		c.index = append(c.index, docs...)
	}
	if len(c.categories) == 0 {
		return nil, errors.New("help: no categories")
	}
	slices.SortFunc(c.categories, func(a, b Category) int {
		return byPosition(a.Position, b.Position, a.Title, b.Title, a.Slug, b.Slug)
	})
	for i, cat := range c.categories {
		c.bySlug[cat.Slug] = i
		for _, a := range cat.Articles {
			c.articles[articleKey{a.CategorySlug, a.Slug}] = a
		}
	}
	// Search breaks ties by display order, so the index must follow the sorted categories too.
	slices.SortStableFunc(c.index, func(a, b indexed) int {
		return cmp.Compare(c.bySlug[a.article.CategorySlug], c.bySlug[b.article.CategorySlug])
	})
	return c, nil
}

// loadCategory reads one category directory: its _category.md and every article beside it. It returns the
// articles a second time with their search text, in the same order.
func loadCategory(fsys fs.FS, md goldmark.Markdown, slug string) (Category, []indexed, error) {
	if !validSlug(slug) {
		return Category{}, nil, fmt.Errorf("%s: a category slug is lower-case letters, digits and hyphens", slug)
	}
	src, err := fs.ReadFile(fsys, path.Join(slug, categoryFile))
	if err != nil {
		return Category{}, nil, fmt.Errorf("%s: %w", slug, err)
	}
	fields, body, err := parseFrontMatter(src)
	if err != nil {
		return Category{}, nil, fmt.Errorf("%s/%s: %w", slug, categoryFile, err)
	}
	m, err := metaFrom(fields)
	if err != nil {
		return Category{}, nil, fmt.Errorf("%s/%s: %w", slug, categoryFile, err)
	}
	// A category page shows only its title, summary and article list, so text here would be lost.
	if strings.TrimSpace(string(body)) != "" {
		return Category{}, nil, fmt.Errorf("%s/%s: a category file has front matter only", slug, categoryFile)
	}
	cat := Category{Slug: slug, Title: m.title, Summary: m.summary, Position: m.position}

	entries, err := fs.ReadDir(fsys, slug)
	if err != nil {
		return Category{}, nil, fmt.Errorf("%s: %w", slug, err)
	}
	var docs []indexed
	for _, e := range entries {
		name := e.Name()
		if name == categoryFile {
			continue
		}
		doc, err := loadArticle(fsys, md, slug, e)
		if err != nil {
			return Category{}, nil, fmt.Errorf("%s/%s: %w", slug, name, err)
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return Category{}, nil, fmt.Errorf("%s: a category needs at least one article", slug)
	}
	slices.SortFunc(docs, func(a, b indexed) int {
		x, y := a.article, b.article
		return byPosition(x.Position, y.Position, x.Title, y.Title, x.Slug, y.Slug)
	})
	for _, doc := range docs {
		cat.Articles = append(cat.Articles, doc.article)
	}
	return cat, docs, nil
}

// loadArticle reads and renders one article file, and prepares its text for search.
func loadArticle(fsys fs.FS, md goldmark.Markdown, category string, e fs.DirEntry) (indexed, error) {
	slug, ok := strings.CutSuffix(e.Name(), ".md")
	if e.IsDir() || !ok {
		return indexed{}, errors.New("only .md files belong in a category directory")
	}
	if !validSlug(slug) {
		return indexed{}, errors.New("an article slug is lower-case letters, digits and hyphens")
	}
	src, err := fs.ReadFile(fsys, path.Join(category, e.Name()))
	if err != nil {
		return indexed{}, err
	}
	fields, body, err := parseFrontMatter(src)
	if err != nil {
		return indexed{}, err
	}
	m, err := metaFrom(fields)
	if err != nil {
		return indexed{}, err
	}
	html, text, err := render(md, body)
	if err != nil {
		return indexed{}, err
	}
	a := Article{
		Slug:         slug,
		Title:        m.title,
		Summary:      m.summary,
		CategorySlug: category,
		Position:     m.position,
		HTML:         html,
	}
	return newIndexed(a, text), nil
}

// byPosition orders by position, then title, then slug, so that the order never depends on the file system.
func byPosition(posA, posB int, titleA, titleB, slugA, slugB string) int {
	return cmp.Or(cmp.Compare(posA, posB), strings.Compare(titleA, titleB), strings.Compare(slugA, slugB))
}

// validSlug reports whether s can appear in a URL path segment as is: lower-case ASCII letters, digits
// and inner hyphens.
func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
