package themes

import "html/template"

// The blog's views: what the storefront hands a design to draw the list of
// posts, a tag's posts and one post. Dates arrive formatted for the site's
// time zone; the markup is shared (blog.html) and uses the vocabulary of
// doc.go (.posts > article.post), with blog.css for the little the designs
// do not style.

// BlogView, when set on a PageView, makes the page a blog page.
type BlogView struct {
	Kind    string // "list", "tag" or "post"
	Heading string
	Intro   string
	Crumbs  []Crumb
	Posts   []PostCard
	MoreURL string // the next (older) page, "" on the last one
	// FirstURL leads back to the newest posts from a later page.
	FirstURL string
	Post     *PostView
	// Description is the page's meta description, when it has its own.
	Description string
	// JSONLD is the schema.org BlogPosting of a post, marshalled by
	// encoding/json.
	JSONLD template.JS
	// Preview marks a draft shown to its author in the admin.
	Preview bool
}

// TagLink is a tag as a link to its page.
type TagLink struct {
	Name, URL string
}

// PostCard is a post in a list.
type PostCard struct {
	URL, Title, Summary string
	Date, DateTime      string // "3 May 2026" and "2026-05-03"
	Cover               *Picture
	Art                 string // "a"…"d": the design's drawing for a post without a cover
	Tags                []TagLink
}

// PostView is one post.
type PostView struct {
	Title, Excerpt, Author string
	Date, DateTime         string
	Status                 string // for a preview: "Draft", "Scheduled for 3 May 2026"; else ""
	Cover                  *Picture
	Body                   template.HTML // sanitised when saved
	Tags                   []TagLink
}
