package storefront

import (
	"context"

	"github.com/pagecart/pagecart/themes"
)

// blogPosts gives "posts" sections the site's latest published posts, as
// the same cards the blog's own pages show: the blog is the one source of
// a site's posts.
type blogPosts struct{ s *Storefront }

// LatestPosts returns the site's n newest visible posts.
func (b blogPosts) LatestPosts(ctx context.Context, siteID int64, n int) ([]themes.PostCard, error) {
	posts, err := b.s.d.Blog.Recent(ctx, siteID, n)
	if err != nil {
		return nil, err
	}
	site, err := b.s.d.Sites.ByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	return b.s.postCards(ctx, site, posts, sectionSizes["posts"])
}
