package graph

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/web/api/graph/model"
)

// The site's content through the API is the admin's: blog posts
// (blog.Store: List, Get, BySlug, Create, Update, Delete), the media
// library (media.Store: List, Get; read only), menus (menus.Store.Items with
// menus.Defaults and menus.Resolve, as the storefront draws them) and
// pages' sections (package sections' JSON as pages.Store keeps it).

func pageOut(p pages.Page) *model.Page {
	return &model.Page{ID: id(p.ID), Handle: p.Slug, Title: p.Title, BodyHTML: string(p.HTML()), InMenu: p.InNav,
		Position: p.Position, UpdatedAt: stamp(p.UpdatedAt), SectionsJSON: p.Sections, DraftJSON: p.Draft}
}

// sectionsOut decodes a page's sections; each section's and block's
// settings are given back as the JSON object they are stored as.
func sectionsOut(data []byte) ([]*model.Section, error) {
	secs, err := sections.Decode(data)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Section, len(secs))
	for i, s := range secs {
		settings, err := settingsJSON(s.Settings)
		if err != nil {
			return nil, err
		}
		out[i] = &model.Section{ID: s.ID, Type: s.Type, SettingsJSON: settings, Blocks: make([]*model.SectionBlock, len(s.Blocks))}
		for j, b := range s.Blocks {
			if settings, err = settingsJSON(b.Settings); err != nil {
				return nil, err
			}
			out[i].Blocks[j] = &model.SectionBlock{ID: b.ID, SettingsJSON: settings}
		}
	}
	return out, nil
}

func settingsJSON(m map[string]any) (string, error) {
	if m == nil {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// postStatus is what a post is now: a published post dated ahead is
// scheduled.
func postStatus(p blog.Post, now time.Time) model.PostStatus {
	switch {
	case p.Status == blog.Draft:
		return model.PostStatusDraft
	case p.Scheduled(now):
		return model.PostStatusScheduled
	}
	return model.PostStatusPublished
}

func (r *Resolver) postOut(ctx context.Context, p blog.Post) *model.Post {
	out := &model.Post{ID: id(p.ID), Handle: p.Slug, Title: p.Title, Excerpt: p.Excerpt, BodyHTML: string(p.Body),
		Status: postStatus(p, time.Now()), URL: r.SiteURL(caller(ctx).Site.Name) + p.URL(), Tags: make([]*model.PostTag, len(p.Tags)),
		AuthorName: p.AuthorName, SeoTitle: p.SEOTitle, SeoDescription: p.SEODescription,
		CreatedAt: stamp(p.CreatedAt), UpdatedAt: stamp(p.UpdatedAt)}
	if !p.PublishedAt.IsZero() {
		at := stamp(p.PublishedAt)
		out.PublishedAt = &at
	}
	if p.CoverID != 0 {
		c := id(p.CoverID)
		out.CoverMediaID = &c
	}
	for i, t := range p.Tags {
		out.Tags[i] = &model.PostTag{Name: t.Name, Handle: t.Slug}
	}
	return out
}

var postFilters = map[model.PostStatus]blog.Filter{model.PostStatusDraft: blog.Drafts,
	model.PostStatusPublished: blog.Live, model.PostStatusScheduled: blog.Scheduled}

func (r *Resolver) postList(ctx context.Context, first *int, after *string, status *model.PostStatus, tag, query *string) (*model.PostConnection, error) {
	n, err := pageSize(first, 20)
	if err != nil {
		return nil, err
	}
	q := blog.Query{Limit: n}
	if after != nil {
		q.Cursor = *after
	}
	if status != nil {
		q.Filter = postFilters[*status]
	}
	if tag != nil {
		q.Tag = *tag
	}
	if query != nil {
		q.Search = *query
	}
	page, err := r.Blog.List(ctx, caller(ctx).Site.ID, q)
	if fields, ok := fault.AsInvalid(err); ok {
		if _, ok := fields["cursor"]; ok {
			return nil, badArgument("after", "This cursor is not one this list gave out.")
		}
		return nil, badArgument("status", "Choose a status to show.")
	}
	if err != nil {
		return nil, err
	}
	conn := &model.PostConnection{Edges: make([]*model.PostEdge, len(page.Posts)), PageInfo: &model.PageInfo{}}
	for i, p := range page.Posts {
		conn.Edges[i] = &model.PostEdge{Node: r.postOut(ctx, p)}
	}
	if page.Next != "" {
		conn.PageInfo.HasNextPage, conn.PageInfo.EndCursor = true, &page.Next
	}
	return conn, nil
}

func (r *Resolver) postGet(ctx context.Context, postID, handle *string) (*model.Post, error) {
	siteID := caller(ctx).Site.ID
	var p blog.Post
	var err error
	switch {
	case postID != nil:
		n, ok := parseID(*postID)
		if !ok {
			return nil, notFound("post")
		}
		p, err = r.Blog.Get(ctx, siteID, n)
	case handle != nil:
		p, err = r.Blog.BySlug(ctx, siteID, *handle)
	default:
		return nil, badArgument("id", "Give the post's id or its handle.")
	}
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("post")
	}
	if err != nil {
		return nil, err
	}
	return r.postOut(ctx, p), nil
}

// postFields maps the blog's field names to the input's.
var postFields = map[string]string{"slug": "handle", "body": "bodyHtml", "cover": "coverMediaId",
	"publishAt": "publishedAt"}

// postInput applies the fields given to in (the post as it is, or an
// empty one for a create).
func postInput(in blog.Input, p model.PostInput) (blog.Input, error) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Title, p.Title)
	set(&in.Slug, p.Handle)
	set(&in.Excerpt, p.Excerpt)
	set(&in.Body, p.BodyHTML)
	set(&in.AuthorName, p.AuthorName)
	set(&in.SEOTitle, p.SeoTitle)
	set(&in.SEODescription, p.SeoDescription)
	if p.Tags != nil {
		in.Tags = strings.Join(p.Tags, ", ")
	}
	var v fault.Invalid
	if p.Status != nil {
		in.Status = blog.Published
		if *p.Status == model.PostStatusDraft {
			in.Status = blog.Draft
		}
	}
	if p.PublishedAt != nil {
		if *p.PublishedAt == "" {
			in.PublishedAt = time.Time{}
		} else if t, err := time.Parse(time.RFC3339, *p.PublishedAt); err != nil {
			v.Add("publishedAt", "Write the date as RFC 3339, like 2026-05-03T09:30:00Z.")
		} else {
			in.PublishedAt = t.UTC()
		}
	}
	if p.CoverMediaID != nil {
		if *p.CoverMediaID == "0" || *p.CoverMediaID == "" {
			in.CoverID = 0
		} else if n, ok := parseID(*p.CoverMediaID); ok {
			in.CoverID = n
		} else {
			v.Add("coverMediaId", "This image is not in the media library.")
		}
	}
	return in, v.Err()
}

// inputOf is the input that would save p unchanged.
func inputOf(p blog.Post) blog.Input {
	names := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		names[i] = t.Name
	}
	return blog.Input{Title: p.Title, Slug: p.Slug, Excerpt: p.Excerpt, Body: string(p.Body), CoverID: p.CoverID,
		Tags: strings.Join(names, ", "), AuthorID: p.AuthorID, AuthorName: p.AuthorName, Status: p.Status,
		PublishedAt: p.PublishedAt, SEOTitle: p.SEOTitle, SEODescription: p.SEODescription}
}

func (r *Resolver) postPayload(ctx context.Context, p blog.Post, err error) (*model.PostPayload, error) {
	if err == nil {
		return &model.PostPayload{Post: r.postOut(ctx, p), UserErrors: []*model.UserError{}}, nil
	}
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("post")
	}
	ue, err := userErrors(err, postFields)
	return &model.PostPayload{UserErrors: ue}, ctxErr(ctx, err)
}

func (r *Resolver) postCreate(ctx context.Context, input model.PostInput) (*model.PostPayload, error) {
	in, err := postInput(blog.Input{Status: blog.Draft}, input)
	if err != nil {
		return r.postPayload(ctx, blog.Post{}, err)
	}
	p, err := r.Blog.Create(ctx, caller(ctx).Site.ID, in)
	return r.postPayload(ctx, p, err)
}

func (r *Resolver) postUpdate(ctx context.Context, postID string, input model.PostInput) (*model.PostPayload, error) {
	siteID := caller(ctx).Site.ID
	n, ok := parseID(postID)
	if !ok {
		return nil, notFound("post")
	}
	old, err := r.Blog.Get(ctx, siteID, n)
	if err != nil {
		return r.postPayload(ctx, blog.Post{}, err)
	}
	in, err := postInput(inputOf(old), input)
	if err != nil {
		return r.postPayload(ctx, blog.Post{}, err)
	}
	p, err := r.Blog.Update(ctx, siteID, n, in)
	return r.postPayload(ctx, p, err)
}

func (r *Resolver) postDelete(ctx context.Context, postID string) (*model.DeletePayload, error) {
	n, ok := parseID(postID)
	if !ok {
		return nil, notFound("post")
	}
	if err := r.Blog.Delete(ctx, caller(ctx).Site.ID, n); err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, notFound("post")
		}
		return nil, err
	}
	return &model.DeletePayload{DeletedID: &postID, UserErrors: []*model.UserError{}}, nil
}

func (r *Resolver) mediaOut(ctx context.Context, m media.Media) *model.MediaItem {
	return &model.MediaItem{ID: id(m.ID), Filename: m.Filename, URL: r.SiteURL(caller(ctx).Site.Name) + m.URL(), Alt: m.Alt,
		Width: m.Width, Height: m.Height, ContentType: m.ContentType, Size: int(m.Bytes), UsageCount: m.Uses, CreatedAt: stamp(m.CreatedAt)}
}

// mediaList pages through the library with offset cursors: the library
// reads by page number, so the items from offset on are in at most two of
// its pages of size first.
func (r *Resolver) mediaList(ctx context.Context, first *int, after *string) (*model.MediaItemConnection, error) {
	siteID := caller(ctx).Site.ID
	n, err := pageSize(first, 20)
	if err != nil {
		return nil, err
	}
	from, err := parseOffset(after)
	if err != nil {
		return nil, err
	}
	page := from/n + 1
	l, err := r.Media.List(ctx, siteID, media.ListOptions{Page: page, PerPage: n})
	if err != nil {
		return nil, err
	}
	items := l.Items
	if l.Page != page {
		items = nil // beyond the last page: the library answered its last
	}
	skip := from % n
	if skip > 0 && page < l.Pages {
		more, err := r.Media.List(ctx, siteID, media.ListOptions{Page: page + 1, PerPage: n})
		if err != nil {
			return nil, err
		}
		items = append(items, more.Items...)
	}
	items = items[min(skip, len(items)):]
	items = items[:min(n, len(items))]
	conn := &model.MediaItemConnection{Edges: make([]*model.MediaItemEdge, len(items)), PageInfo: &model.PageInfo{}, TotalCount: l.Total}
	for i, m := range items {
		conn.Edges[i] = &model.MediaItemEdge{Node: r.mediaOut(ctx, m)}
	}
	if from+n < l.Total {
		cur := offsetCursor(from + n)
		conn.PageInfo.HasNextPage, conn.PageInfo.EndCursor = true, &cur
	}
	return conn, nil
}

func (r *Resolver) mediaByID(ctx context.Context, mediaID string) (*model.MediaItem, error) {
	n, ok := parseID(mediaID)
	if !ok {
		return nil, notFound("media item")
	}
	m, err := r.Media.Get(ctx, caller(ctx).Site.ID, n)
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("media item")
	}
	if err != nil {
		return nil, err
	}
	return r.mediaOut(ctx, m), nil
}

// menu resolves a menu as the storefront draws it (storefront.designView):
// the stored items or the defaults, each target's address looked up, the
// hidden and deleted ones left out.
func (r *Resolver) menu(ctx context.Context, name model.MenuName) (*model.Menu, error) {
	site := caller(ctx).Site
	which := map[model.MenuName]string{model.MenuNameHeader: menus.Header, model.MenuNameFooter: menus.Footer}[name]
	items, edited, err := r.Menus.Items(ctx, site.ID, which)
	if err != nil {
		return nil, err
	}
	all, err := r.Content.List(ctx, site.ID, site.Entitlements())
	if err != nil {
		return nil, err
	}
	if !edited {
		posts, err := r.Blog.Recent(ctx, site.ID, 1)
		if err != nil {
			return nil, err
		}
		shop, err := r.Catalog.ListProducts(ctx, site.ID, catalog.ListQuery{Status: catalog.StatusActive, Limit: 1})
		if err != nil {
			return nil, err
		}
		items = menus.Defaults(all, len(posts) > 0, len(shop.Products) > 0)
	}
	return &model.Menu{Name: name, Edited: edited, Links: linksOut(menus.Resolve(items, r.menuLookup(ctx, site.ID, all), ""))}, nil
}

func linksOut(links []menus.Link) []*model.MenuLink {
	out := make([]*model.MenuLink, len(links))
	for i, l := range links {
		out[i] = &model.MenuLink{Label: l.Label, URL: l.URL, Children: linksOut(l.Children)}
	}
	return out
}

// menuLookup finds the address of what a menu item links to, as the
// storefront's does: a page of all, a category, an active product, a
// visible post.
func (r *Resolver) menuLookup(ctx context.Context, siteID int64, all []pages.Page) menus.Lookup {
	var cats map[int64]string
	return func(kind menus.Kind, target int64) (string, bool) {
		switch kind {
		case menus.KindPage:
			for _, p := range all {
				if p.ID == target {
					return "/" + p.Slug, true
				}
			}
		case menus.KindCategory:
			if cats == nil {
				cats = map[int64]string{}
				if tree, err := r.Catalog.CategoryTree(ctx, siteID); err == nil {
					for _, c := range tree {
						cats[c.ID] = "/categories/" + c.Slug
					}
				}
			}
			u, ok := cats[target]
			return u, ok
		case menus.KindProduct:
			if p, err := r.Catalog.Product(ctx, siteID, target); err == nil && p.Status == catalog.StatusActive {
				return "/products/" + p.Slug, true
			}
		case menus.KindPost:
			if p, err := r.Blog.Get(ctx, siteID, target); err == nil && p.Visible(time.Now()) {
				return p.URL(), true
			}
		}
		return "", false
	}
}
