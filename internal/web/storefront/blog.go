package storefront

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"time"

	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// The <img> sizes of posts' covers, matching the designs' grids.
const (
	postCoverSizes = "(min-width: 48rem) 44rem, 100vw"
	postCardSizes  = "(min-width: 64rem) 22rem, (min-width: 40rem) 50vw, 100vw"
	// blogPageSize is how many posts a page of the blog lists.
	blogPageSize = 12
	// feedSize is how many posts a feed carries.
	feedSize = 20
)

// blogList serves /blog: the posts visitors may see, newest first, a page
// at a time (?after=cursor).
func (s *Storefront) blogList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	key := "/blog?" + canonicalQuery(q, "after")
	return s.cached(w, r, s.cache, key, func(site sites.Site) (response, error) {
		page, err := s.d.Blog.List(r.Context(), site.ID, blog.Query{Filter: blog.Live, Cursor: q.Get("after"), Limit: blogPageSize})
		if err != nil {
			return s.blogFault(r, site, err)
		}
		bv := themes.BlogView{Kind: "list", Heading: "Blog", Crumbs: []themes.Crumb{{Title: "Home", URL: "/"}, {Title: "Blog"}},
			MoreURL: moreURL("/blog", q, page.Next)}
		if q.Get("after") != "" {
			bv.FirstURL = "/blog"
		}
		return s.renderBlog(r.Context(), site, bv, page.Posts, "/blog")
	})
}

// blogTag serves /blog/tags/{tag}: the visible posts with a tag.
func (s *Storefront) blogTag(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("tag")
	q := r.URL.Query()
	key := "/blog/tags/" + slug + "?" + canonicalQuery(q, "after")
	return s.cached(w, r, s.cache, key, func(site sites.Site) (response, error) {
		tag, page, err := s.d.Blog.ByTag(r.Context(), site.ID, slug, q.Get("after"), blogPageSize)
		if err != nil {
			return s.blogFault(r, site, err)
		}
		bv := themes.BlogView{Kind: "tag", Heading: "Posts tagged “" + tag.Name + "”",
			Crumbs:  []themes.Crumb{{Title: "Home", URL: "/"}, {Title: "Blog", URL: "/blog"}, {Title: tag.Name}},
			MoreURL: moreURL(tag.URL(), q, page.Next)}
		if q.Get("after") != "" {
			bv.FirstURL = tag.URL()
		}
		return s.renderBlog(r.Context(), site, bv, page.Posts, "/blog")
	})
}

// blogFault turns a missing post or tag, or an out-of-date page link, into
// the design's 404 page.
func (s *Storefront) blogFault(r *http.Request, site sites.Site, err error) (response, error) {
	if _, invalid := fault.AsInvalid(err); invalid || errors.Is(err, blog.ErrNotFound) {
		return s.notFoundResponse(r, site)
	}
	return response{}, err
}

// renderBlog draws a list of posts.
func (s *Storefront) renderBlog(ctx context.Context, site sites.Site, bv themes.BlogView, posts []blog.Post, current string) (response, error) {
	v, err := s.view(ctx, site, nil, current)
	if err != nil {
		return response{}, err
	}
	cards, err := s.postCards(ctx, site, posts, postCardSizes)
	if err != nil {
		return response{}, err
	}
	bv.Posts = cards
	v.Blog = &bv
	v.Page.Title = bv.Heading
	return s.renderShop(site, v)
}

// postCards are posts as the cards of a list (the blog's pages and the
// "posts" sections of pages), with their covers drawn for sizes.
func (s *Storefront) postCards(ctx context.Context, site sites.Site, posts []blog.Post, sizes string) ([]themes.PostCard, error) {
	loc := siteLocation(site)
	cards := make([]themes.PostCard, 0, len(posts))
	for i, p := range posts {
		c := themes.PostCard{URL: p.URL(), Title: p.Title, Summary: p.Summary(), Art: string(rune('a' + i%4)),
			Date: p.PublishedAt.In(loc).Format("2 January 2006"), DateTime: p.PublishedAt.In(loc).Format("2006-01-02"),
			Tags: tagLinks(p.Tags)}
		pic, _, err := s.cover(ctx, site.ID, p, sizes, false)
		if err != nil {
			return nil, err
		}
		c.Cover = pic
		cards = append(cards, c)
	}
	return cards, nil
}

// cover is a post's cover as an <img>, and the image's address; nil when
// the post has none or its image was deleted from the library.
func (s *Storefront) cover(ctx context.Context, siteID int64, p blog.Post, sizes string, eager bool) (*themes.Picture, string, error) {
	if p.CoverID == 0 {
		return nil, "", nil
	}
	img, err := s.d.Media.Get(ctx, siteID, p.CoverID)
	if errors.Is(err, media.ErrNotFound) {
		return nil, "", nil
	} else if err != nil {
		return nil, "", err
	}
	if img.Alt == "" {
		img.Alt = p.Title
	}
	return &themes.Picture{Img: img.Img(sizes, eager)}, img.URL(), nil
}

func tagLinks(tags []blog.Tag) []themes.TagLink {
	var out []themes.TagLink
	for _, t := range tags {
		out = append(out, themes.TagLink{Name: t.Name, URL: t.URL()})
	}
	return out
}

// blogPost serves /blog/{slug}: a post visitors may see, a 301 from a
// former address, or the 404 page (drafts and scheduled posts too).
func (s *Storefront) blogPost(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	return s.cached(w, r, s.cache, "/blog/"+slug, func(site sites.Site) (response, error) {
		ctx := r.Context()
		p, err := s.d.Blog.Published(ctx, site.ID, slug)
		if errors.Is(err, blog.ErrNotFound) {
			to, rerr := s.d.Blog.Redirect(ctx, site.ID, slug)
			if rerr == nil {
				return response{location: "/blog/" + to}, nil
			}
			if !errors.Is(rerr, blog.ErrNotFound) {
				return response{}, rerr
			}
			return s.notFoundResponse(r, site)
		}
		if err != nil {
			return response{}, err
		}
		body, err := s.RenderPost(r, site, p, false)
		if err != nil {
			return response{}, err
		}
		return response{body: body, status: http.StatusOK}, nil
	})
}

// RenderPost draws one post in the site's design. preview is for the
// admin's preview of a draft or scheduled post: it says so on the page and
// asks search engines to skip it.
func (s *Storefront) RenderPost(r *http.Request, site sites.Site, p blog.Post, preview bool) ([]byte, error) {
	ctx := r.Context()
	v, err := s.view(ctx, site, nil, "/blog")
	if err != nil {
		return nil, err
	}
	loc := siteLocation(site)
	pv := themes.PostView{Title: p.Title, Excerpt: p.Excerpt, Author: p.AuthorName, Body: p.Body, Tags: tagLinks(p.Tags)}
	date := p.PublishedAt
	if date.IsZero() {
		date = p.UpdatedAt
	}
	pv.Date, pv.DateTime = date.In(loc).Format("2 January 2006"), date.In(loc).Format("2006-01-02")
	now := time.Now()
	switch {
	case !preview:
	case p.Status == blog.Draft:
		pv.Status = "Draft"
	case p.Scheduled(now):
		pv.Status = "Scheduled for " + p.PublishedAt.In(loc).Format("2 January 2006, 15:04")
	}
	pic, imgURL, err := s.cover(ctx, site.ID, p, postCoverSizes, true)
	if err != nil {
		return nil, err
	}
	pv.Cover = pic
	siteURL := s.d.Config.SiteURL(site.Name)
	description := p.SEODescription
	if description == "" {
		description = p.Summary()
	}
	bv := themes.BlogView{Kind: "post", Post: &pv, Description: description, Preview: preview,
		Crumbs: []themes.Crumb{{Title: "Home", URL: "/"}, {Title: "Blog", URL: "/blog"}, {Title: p.Title}}}
	if imgURL != "" {
		imgURL = siteURL + imgURL
	}
	bv.JSONLD = postLD(p, siteURL, description, imgURL, date)
	v.Blog = &bv
	v.Page.Title = p.Title
	if p.SEOTitle != "" {
		v.Page.Title = p.SEOTitle
	}
	res, err := s.renderShop(site, v)
	return res.body, err
}

type personLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type blogPostingLD struct {
	Context       string    `json:"@context"`
	Type          string    `json:"@type"`
	Headline      string    `json:"headline"`
	Description   string    `json:"description,omitempty"`
	URL           string    `json:"url"`
	Image         string    `json:"image,omitempty"`
	DatePublished string    `json:"datePublished"`
	DateModified  string    `json:"dateModified"`
	Author        *personLD `json:"author,omitempty"`
	Keywords      []string  `json:"keywords,omitempty"`
}

// postLD is the schema.org BlogPosting of a post.
func postLD(p blog.Post, siteURL, description, image string, published time.Time) template.JS {
	ld := blogPostingLD{Context: "https://schema.org", Type: "BlogPosting", Headline: p.Title, Description: description,
		URL: siteURL + p.URL(), Image: image, DatePublished: published.UTC().Format(time.RFC3339),
		DateModified: p.UpdatedAt.UTC().Format(time.RFC3339)}
	if p.AuthorName != "" {
		ld.Author = &personLD{Type: "Person", Name: p.AuthorName}
	}
	for _, t := range p.Tags {
		ld.Keywords = append(ld.Keywords, t.Name)
	}
	b, err := json.Marshal(ld)
	if err != nil {
		return ""
	}
	return template.JS(b) //nolint:gosec // json.Marshal escaped <, > and &
}

// blogFeed serves /blog/feed.rss and /blog/feed.atom: the newest visible
// posts with their whole text.
func (s *Storefront) blogFeed(kind string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.cached(w, r, s.cache, "/blog/feed."+kind, func(site sites.Site) (response, error) {
			posts, err := s.d.Blog.Recent(r.Context(), site.ID, feedSize)
			if err != nil {
				return response{}, err
			}
			title := site.Title
			if title == "" {
				title = site.Name
			}
			c := blog.Channel{Title: title, Language: site.Language, BaseURL: s.d.Config.SiteURL(site.Name)}
			write := blog.RSS
			if kind == "atom" {
				write = blog.Atom
			}
			body, err := write(c, posts)
			if err != nil {
				return response{}, err
			}
			return response{body: body, status: http.StatusOK}, nil
		})
	}
}

// hasPosts reports whether the site has a post visitors may see: the
// navigation then links the blog.
func (s *Storefront) hasPosts(ctx context.Context, siteID int64) (bool, error) {
	posts, err := s.d.Blog.Recent(ctx, siteID, 1)
	return len(posts) > 0, err
}

// blogURLs are the sitemap's addresses of the blog: the list, its tags and
// every visible post.
func (s *Storefront) blogURLs(ctx context.Context, site sites.Site, base string, limit int) ([]sitemapURL, error) {
	var urls []sitemapURL
	tags := map[string]bool{}
	q := blog.Query{Filter: blog.Live, Limit: 100}
	for len(urls) < limit {
		page, err := s.d.Blog.List(ctx, site.ID, q)
		if err != nil {
			return nil, err
		}
		if q.Cursor == "" && len(page.Posts) > 0 {
			urls = append(urls, sitemapURL{Loc: base + "/blog", LastMod: lastmod(page.Posts[0].UpdatedAt)})
		}
		for _, p := range page.Posts {
			urls = append(urls, sitemapURL{Loc: base + p.URL(), LastMod: lastmod(p.UpdatedAt)})
			for _, t := range p.Tags {
				if !tags[t.Slug] {
					tags[t.Slug] = true
					urls = append(urls, sitemapURL{Loc: base + t.URL()})
				}
			}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	return urls, nil
}
