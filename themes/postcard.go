package themes

// PostCard and TagLink are declared exactly as the blog branch declares them in themes/blog.go, so that a
// posts section draws the blog's own cards. When the blog branch is merged, delete this file: the blog's
// declarations replace it unchanged.

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
