// Package help is the platform's help centre: articles for site owners, their staff and integrators,
// written in Markdown, embedded in the binary and turned into HTML once at start.
//
// Articles live in articles/<category-slug>/<article-slug>.md, and each category directory has a
// _category.md describing it. Every file starts with a front-matter block (title, summary, position).
// Links between articles are relative ("rates-and-quotas", "../designs/choosing-a-design"), so they keep
// working whatever path prefix the web layer mounts the help centre under, as long as an article's URL
// is <prefix>/<category-slug>/<article-slug> without a trailing slash.
package help

import (
	"html/template"
	"slices"
)

// Category groups related articles, such as everything about plans or about the API.
type Category struct {
	Slug     string
	Title    string
	Summary  string
	Position int
	// Articles are ordered for display: by Position, then by Title.
	Articles []Article
}

// Article is one help page, already rendered to HTML.
type Article struct {
	Slug         string
	Title        string
	Summary      string
	CategorySlug string
	Position     int
	// HTML is the article body without its title, which the page layout shows as the heading. It is
	// rendered from our own Markdown with raw HTML disabled, so it is safe to insert as is.
	HTML template.HTML
}

// articleKey identifies an article within the centre.
type articleKey struct{ category, slug string }

// indexed is an article with the lower-cased text that search matches against, prepared once at load.
type indexed struct {
	article Article
	title   string
	summary string
	text    string
}

// Centre holds every category and article. It is built once by Load and never changes afterwards, so one
// Centre can be shared by all requests without locking.
type Centre struct {
	categories []Category
	bySlug     map[string]int
	articles   map[articleKey]Article
	// index lists the articles in display order, which is also how search breaks ties.
	index []indexed
}

// Categories returns all categories with their articles, in display order. The result is a copy; changing
// it does not affect the centre.
func (c *Centre) Categories() []Category {
	out := make([]Category, len(c.categories))
	for i, cat := range c.categories {
		out[i] = cloneCategory(cat)
	}
	return out
}

// Category returns the category with the given slug, and whether it exists.
func (c *Centre) Category(slug string) (Category, bool) {
	i, ok := c.bySlug[slug]
	if !ok {
		return Category{}, false
	}
	return cloneCategory(c.categories[i]), true
}

// Article returns one article by its category's slug and its own slug, and whether it exists.
func (c *Centre) Article(categorySlug, slug string) (Article, bool) {
	a, ok := c.articles[articleKey{categorySlug, slug}]
	return a, ok
}

// cloneCategory copies the article slice so that callers cannot reorder or overwrite the centre's own.
func cloneCategory(cat Category) Category {
	cat.Articles = slices.Clone(cat.Articles)
	return cat
}
