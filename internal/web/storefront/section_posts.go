package storefront

import (
	"context"
	"strings"

	"github.com/pagecart/pagecart/themes"
)

// blogPosts gives "posts" sections the site's latest published posts, with
// their covers: the blog is the one source of a site's posts.
type blogPosts struct{ s *Storefront }

// LatestPosts returns the site's n newest visible posts as section cards.
func (b blogPosts) LatestPosts(ctx context.Context, siteID int64, n int) ([]themes.SectionPost, error) {
	posts, err := b.s.d.Blog.Recent(ctx, siteID, n)
	if err != nil {
		return nil, err
	}
	site, err := b.s.d.Sites.ByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	loc := siteLocation(site)
	out := make([]themes.SectionPost, 0, len(posts))
	for _, p := range posts {
		meta := p.PublishedAt.In(loc).Format("2 January 2006")
		if len(p.Tags) > 0 {
			names := make([]string, len(p.Tags))
			for i, t := range p.Tags {
				names[i] = t.Name
			}
			meta += " · " + strings.Join(names, ", ")
		}
		c := themes.SectionPost{URL: p.URL(), Title: p.Title, Meta: meta, Excerpt: p.Summary()}
		pic, _, err := b.s.cover(ctx, siteID, p, sectionSizes["posts"], false)
		if err != nil {
			return nil, err
		}
		c.Picture = pic
		out = append(out, c)
	}
	return out, nil
}
