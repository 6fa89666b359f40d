// Package blog owns a site's blog: posts with a cover image, excerpt,
// tags, author, publish date and status, their former addresses (for
// 301s), the lists the storefront shows and the RSS and Atom feeds.
//
// A published post whose date is in the future is scheduled: every read
// for visitors filters by published_at <= now, so no job publishes it.
// Rendered pages are cached by content version, which a date passing does
// not move; NextScheduled tells the storefront when its cached pages of a
// site must be made again.
package blog

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/microcosm-cc/bluemonday"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for a post that does not exist on the site, or
// that visitors may not see yet.
var ErrNotFound = fmt.Errorf("post: %w", fault.ErrNotFound)

// Status is where a post stands.
type Status string

// The statuses of a post.
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// mediaOwner is the owner kind of a post's cover in the media library's
// record of uses.
const mediaOwner = "post"

// Tag is one tag of a post: the name as written and its address part.
type Tag struct {
	Name, Slug string
}

// URL is the tag's page on the storefront.
func (t Tag) URL() string { return "/blog/tags/" + t.Slug }

// Post is one blog post of a site.
type Post struct {
	ID, SiteID     int64
	Slug           string
	Title          string
	Excerpt        string
	Body           template.HTML // sanitised on the way in
	CoverID        int64         // an image of the media library, 0 for none
	AuthorID       int64         // a staff account, 0 for none
	AuthorName     string        // the byline visitors see
	Status         Status
	PublishedAt    time.Time // zero for a draft without a date
	Tags           []Tag
	SEOTitle       string
	SEODescription string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// URL is the post's address on the storefront.
func (p Post) URL() string { return "/blog/" + p.Slug }

// Visible reports whether visitors may see the post at now.
func (p Post) Visible(now time.Time) bool {
	return p.Status == Published && !p.PublishedAt.IsZero() && !p.PublishedAt.After(now)
}

// Scheduled reports whether the post is published with a date still to come.
func (p Post) Scheduled(now time.Time) bool {
	return p.Status == Published && p.PublishedAt.After(now)
}

// Summary is the excerpt, or the start of the body's text when the owner
// wrote none: what a card, a feed and a meta description show.
func (p Post) Summary() string {
	if p.Excerpt != "" {
		return p.Excerpt
	}
	return clip(PlainText(string(p.Body)), 240)
}

// Store reads and writes posts.
type Store struct {
	db     *sqldb.DB
	media  *media.Store
	policy *bluemonday.Policy
	now    func() time.Time
}

// NewStore returns a Store on db; covers' uses are recorded in m.
func NewStore(db *sqldb.DB, m *media.Store) *Store {
	// The same policy as pages (pages.NewStore): formatting, links and
	// images, and the class attribute, never script or style.
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Globally()
	p.AllowElements("section", "header", "footer", "figure", "figcaption", "address")
	return &Store{db: db, media: m, policy: p, now: time.Now}
}

// Sanitize cleans owner-written HTML.
func (s *Store) Sanitize(h string) template.HTML {
	return template.HTML(s.policy.Sanitize(h)) //nolint:gosec // sanitised just now
}

// Input is what the owner edits.
type Input struct {
	Title   string
	Slug    string // "" makes one from the title
	Excerpt string
	Body    string
	CoverID int64
	// Tags as typed, separated by commas.
	Tags           string
	AuthorID       int64
	AuthorName     string
	Status         Status
	PublishedAt    time.Time // zero: now, when the post is published
	SEOTitle       string
	SEODescription string
}

// Limits of a post's fields.
const (
	maxTitle   = 200
	maxSlug    = 100
	maxExcerpt = 500
	maxBody    = 512 * 1024
	maxTags    = 20
	maxTag     = 50
	maxSEOText = 300
	maxAuthor  = 100
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validate checks and tidies in, returning the parsed tags.
func (in *Input) validate() ([]Tag, error) {
	var v fault.Invalid
	for _, f := range []struct {
		name string
		text *string
		max  int
	}{{"title", &in.Title, maxTitle}, {"excerpt", &in.Excerpt, maxExcerpt}, {"seoTitle", &in.SEOTitle, maxSEOText},
		{"seoDescription", &in.SEODescription, maxSEOText}, {"authorName", &in.AuthorName, maxAuthor}, {"tags", &in.Tags, 2000}} {
		if !v.CheckText(f.name, *f.text) {
			continue
		}
		*f.text = strings.TrimSpace(*f.text)
		if n := len([]rune(*f.text)); n > f.max {
			v.Add(f.name, fmt.Sprintf("Use at most %d characters (this has %d).", f.max, n))
		}
	}
	if v.Fields["title"] == "" && in.Title == "" {
		v.Add("title", "Give the post a title.")
	}
	if v.CheckText("slug", in.Slug) {
		in.Slug = strings.Trim(strings.ToLower(strings.TrimSpace(in.Slug)), "/")
		if in.Slug == "" {
			in.Slug = Slugify(in.Title)
		}
		switch {
		case len(in.Slug) > maxSlug:
			v.Add("slug", fmt.Sprintf("Use at most %d characters.", maxSlug))
		case in.Slug == "" && in.Title != "":
			v.Add("slug", "Give the post an address, like my-first-post.")
		case in.Slug != "" && !slugPattern.MatchString(in.Slug):
			v.Add("slug", "Use only letters a–z, digits and single hyphens, like my-first-post.")
		case in.Slug == "tags" || in.Slug == "feed.rss" || in.Slug == "feed.atom":
			v.Add("slug", "The address /blog/"+in.Slug+" is used by the blog itself. Choose another.")
		}
	}
	if v.CheckText("body", in.Body) && len(in.Body) > maxBody {
		v.Add("body", "The post is too long: keep it under 512 KB.")
	}
	switch in.Status {
	case Draft, Published:
	case "":
		in.Status = Draft
	default:
		v.Add("status", "Choose draft or published.")
	}
	var tags []Tag
	if v.Fields["tags"] == "" {
		seen := map[string]bool{}
		for _, name := range strings.Split(in.Tags, ",") {
			name = strings.Join(strings.Fields(name), " ")
			if name == "" {
				continue
			}
			slug := Slugify(name)
			switch {
			case len([]rune(name)) > maxTag:
				v.Add("tags", fmt.Sprintf("Keep each tag under %d characters.", maxTag))
			case slug == "":
				v.Add("tags", "The tag “"+name+"” needs a letter or digit.")
			}
			if seen[slug] {
				continue
			}
			seen[slug] = true
			tags = append(tags, Tag{Name: name, Slug: slug})
		}
		if len(tags) > maxTags {
			v.Add("tags", fmt.Sprintf("Use at most %d tags.", maxTags))
		}
	}
	return tags, v.Err()
}

// Slugify makes an address from a title: "Our Story!" → "our-story";
// accented letters keep their base letter ("Café" → "cafe").
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		c = fold(c)
		switch {
		case c == '\'' || c == '’':
			// "Anna's" → "annas", not "anna-s".
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0 && (unicode.IsSpace(c) || unicode.IsPunct(c) || unicode.IsSymbol(c)):
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 80 {
		s = strings.TrimSuffix(s[:80], "-")
	}
	return s
}

// fold turns the common Latin letters with marks into their base letter.
func fold(c rune) rune {
	const from, to = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿčďěňřšťůžłśźżćąę", "aaaaaaceeeeiiiinoooooouuuuyycdenrstuzlszzcae"
	if i := strings.IndexRune(from, c); i >= 0 {
		return []rune(to)[len([]rune(from[:i]))]
	}
	return c
}

var tagPattern = regexp.MustCompile(`(?s)<[^>]*>`)

// PlainText is the text of HTML, tags removed, entities decoded and
// spaces collapsed: for summaries and search.
func PlainText(h string) string {
	// Block ends become spaces so that words of two paragraphs stay apart.
	return strings.Join(strings.Fields(html.UnescapeString(tagPattern.ReplaceAllString(h, " "))), " ")
}

// clip shortens s to at most n runes at a word boundary, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
