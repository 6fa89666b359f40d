package blog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Filter narrows a list by status.
type Filter string

// The filters of the admin's list; Live is what visitors see.
const (
	AllPosts  Filter = ""
	Drafts    Filter = "draft"
	Live      Filter = "published"
	Scheduled Filter = "scheduled"
)

// Query asks for one page of posts, newest first.
type Query struct {
	Filter Filter
	Tag    string // a tag's slug; "" for every post
	Search string // words that must all appear (admin)
	Cursor string // Next of the previous page; "" for the first
	Limit  int    // 1–100; 0 is 20
}

// Page is one page of a list. Next is the cursor of the following page,
// "" on the last one.
type Page struct {
	Posts []Post
	Next  string
}

// maxLimit bounds a page of posts.
const maxLimit = 100

// List returns one page of the site's posts, newest first (by publish
// date, or creation for a draft without one), in keyset order so that a
// post written meanwhile never shifts a page.
func (s *Store) List(ctx context.Context, siteID int64, q Query) (Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, maxLimit)
	now := sqldb.Millis(s.now())
	where := []string{"site_id = ?"}
	args := []any{siteID}
	switch q.Filter {
	case AllPosts:
	case Drafts:
		where = append(where, "status = 'draft'")
	case Live:
		where = append(where, "status = 'published' AND published_at <= ?")
		args = append(args, now)
	case Scheduled:
		where = append(where, "status = 'published' AND published_at > ?")
		args = append(args, now)
	default:
		return Page{}, fault.Invalidf("status", "Choose a status to show.")
	}
	if q.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM blog_post_tags t WHERE t.site_id = blog_posts.site_id AND t.post_id = blog_posts.id AND t.tag_slug = ?)")
		args = append(args, q.Tag)
	}
	for _, w := range strings.Fields(strings.ToLower(q.Search)) {
		if len(where) > 12 {
			break // a dozen words narrow enough
		}
		where = append(where, `search LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(w)+"%")
	}
	if q.Cursor != "" {
		at, id, err := parseCursor(q.Cursor)
		if err != nil {
			return Page{}, err
		}
		where = append(where, "(sort_at < ? OR (sort_at = ? AND id < ?))")
		args = append(args, at, at, id)
	}
	args = append(args, limit+1)
	rows, err := s.db.Query(ctx, `SELECT `+cols+`, sort_at FROM blog_posts WHERE `+strings.Join(where, " AND ")+`
		ORDER BY sort_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return Page{}, fmt.Errorf("list posts: %w", err)
	}
	defer rows.Close()
	var out Page
	var sorts []int64
	for rows.Next() {
		var at int64
		p, err := scan(scanWith{rows, &at})
		if err != nil {
			return Page{}, err
		}
		out.Posts = append(out.Posts, p)
		sorts = append(sorts, at)
	}
	if err := rows.Err(); err != nil {
		return Page{}, err
	}
	if len(out.Posts) > limit {
		out.Posts = out.Posts[:limit]
		last := out.Posts[limit-1]
		out.Next = strconv.FormatInt(sorts[limit-1], 10) + "-" + strconv.FormatInt(last.ID, 10)
	}
	ptrs := make([]*Post, len(out.Posts))
	for i := range out.Posts {
		ptrs[i] = &out.Posts[i]
	}
	return out, s.withTags(ctx, siteID, ptrs)
}

// scanWith scans a row of cols followed by one more column.
type scanWith struct {
	row   interface{ Scan(...any) error }
	extra any
}

func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

func parseCursor(c string) (at, id int64, err error) {
	a, b, ok := strings.Cut(c, "-")
	at, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fault.Invalidf("cursor", "This page link is out of date: start again from the first page.")
	}
	return at, id, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Recent returns the site's n newest posts visitors may see: the "posts"
// section of a page.
func (s *Store) Recent(ctx context.Context, siteID int64, n int) ([]Post, error) {
	page, err := s.List(ctx, siteID, Query{Filter: Live, Limit: n})
	return page.Posts, err
}

// ByTag returns one page of the visible posts with the tag whose slug is
// tag, and the tag itself (ErrNotFound when no visible post has it).
func (s *Store) ByTag(ctx context.Context, siteID int64, tag, cursor string, n int) (Tag, Page, error) {
	page, err := s.List(ctx, siteID, Query{Filter: Live, Tag: tag, Cursor: cursor, Limit: n})
	if err != nil {
		return Tag{}, Page{}, err
	}
	for _, p := range page.Posts {
		for _, t := range p.Tags {
			if t.Slug == tag {
				return t, page, nil
			}
		}
	}
	return Tag{}, Page{}, ErrNotFound
}

// Tags lists the tags the site's posts use, by name: the admin's filter.
func (s *Store) Tags(ctx context.Context, siteID int64) ([]Tag, error) {
	rows, err := s.db.Query(ctx, `SELECT tag_slug, MIN(tag) FROM blog_post_tags WHERE site_id = ? GROUP BY tag_slug ORDER BY tag_slug`, siteID)
	if err != nil {
		return nil, fmt.Errorf("tags of site %d: %w", siteID, err)
	}
	defer rows.Close()
	var out []Tag
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.Slug, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
