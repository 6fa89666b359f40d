package storefront

import (
	"context"
	"errors"
	"strconv"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// PostLister gives a posts section the blog's latest posts. The blog provides it; nil means the site has
// no blog, and posts sections show their example posts or "No posts yet".
type PostLister interface {
	LatestPosts(ctx context.Context, siteID int64, n int) ([]themes.PostCard, error)
}

// The slots section pictures are shown in, as CSS sizes values, so that the browser fetches the smallest
// copy that is sharp there (see media.Media.Responsive).
var sectionSizes = map[string]string{
	"hero":       "(min-width: 52rem) 45vw, 100vw",
	"image-text": "(min-width: 52rem) 40vw, 100vw",
	"contact":    "(min-width: 52rem) 36rem, 100vw",
	"gallery":    "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw",
	"cards":      "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw",
	"posts":      "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw",
}

// ResolvedSections is a page's sections ready to draw.
type ResolvedSections struct {
	Views []themes.SectionView
	// HasForm is set when a form was drawn: the page then carries a captcha of its own, is never cached,
	// and links the forms' stylesheet (PageView.FormStyles).
	HasForm bool
}

// ResolveSections fetches what a page's sections show from elsewhere (pictures of the media library,
// products, forms, blog posts) and returns the views themes draws, for the published page and for the
// editor's preview alike. posts may be nil; back is the page's own address, where a form returns. A
// picture, category or form that no longer exists is left out rather than fail the page.
func (s *Storefront) ResolveSections(ctx context.Context, site sites.Site, secs []sections.Section, posts PostLister, back string) (ResolvedSections, error) {
	var out ResolvedSections
	out.Views = make([]themes.SectionView, len(secs))
	m := newMoney(site.Language)
	pictures := make(map[int64]*media.Media) // one query per picture, however often it is shown
	picture := func(value string) (*media.Media, error) {
		id, err := strconv.ParseInt(value, 10, 64)
		if err != nil || id <= 0 {
			return nil, nil // "" or a design illustration
		}
		if p, ok := pictures[id]; ok {
			return p, nil
		}
		img, err := s.d.Media.Get(ctx, site.ID, id)
		if errors.Is(err, media.ErrNotFound) {
			pictures[id] = nil
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		pictures[id] = &img
		return &img, nil
	}
	for i, sec := range secs {
		v := themes.SectionView{Section: sec}
		eager := i == 0 // the first section is at the top of the page; the rest load as they scroll in
		add := func(value, alt string) error {
			img, err := picture(value)
			if err != nil || img == nil {
				return err
			}
			if v.Images == nil {
				v.Images = make(map[string]themes.Picture)
			}
			c := *img
			key := value
			if alt != "" {
				c.Alt, key = alt, value+"\x00"+alt
			}
			v.Images[key] = themes.Picture{Img: c.Img(sectionSizes[sec.Type], eager)}
			return nil
		}
		if err := add(sec.Get("image"), sec.Get("image_alt")); err != nil {
			return out, err
		}
		for _, b := range sec.Blocks {
			if err := add(b.Get("image"), b.Get("image_alt")); err != nil {
				return out, err
			}
		}
		switch sec.Type {
		case "featured-products", "product-grid":
			if err := s.sectionProducts(ctx, site, &v, m, eager); err != nil {
				return out, err
			}
		case "posts":
			if posts != nil {
				list, err := posts.LatestPosts(ctx, site.ID, max(1, sec.Int("count")))
				if err != nil {
					return out, err
				}
				v.Posts = list
			}
		case "form", "newsletter":
			if slug := sec.Get("form"); slug != "" {
				f, err := s.d.Forms.BySlug(ctx, site.ID, slug)
				switch {
				case errors.Is(err, forms.ErrNotFound):
				case err != nil:
					return out, err
				default:
					h, err := s.drawForm(ctx, f, nil, nil, back)
					if err != nil {
						return out, err
					}
					v.Form, out.HasForm = h, true
				}
			}
			v.Email = site.PublicEmail
		}
		out.Views[i] = v
	}
	return out, nil
}

// sectionProducts fills a product section: a category's products in the owner's order, or the newest.
func (s *Storefront) sectionProducts(ctx context.Context, site sites.Site, v *themes.SectionView, m money, eager bool) error {
	n := max(1, min(v.Int("count"), 48))
	var page catalog.ProductPage
	more := "/products"
	if slug := v.Get("category"); slug != "" {
		c, err := s.d.Catalog.CategoryBySlug(ctx, site.ID, slug)
		if errors.Is(err, catalog.ErrCategoryNotFound) {
			return nil // the category is gone: an empty section, not a broken page
		}
		if err != nil {
			return err
		}
		if page, err = s.d.Catalog.CategoryProducts(ctx, site.ID, c.ID, "", n); err != nil {
			return err
		}
		more = "/categories/" + c.Slug
	} else {
		var err error
		page, err = s.d.Catalog.ListProducts(ctx, site.ID, catalog.ListQuery{Status: catalog.StatusActive, Sort: catalog.SortNewest, Limit: n})
		if err != nil {
			return err
		}
	}
	for i, l := range page.Products {
		var pic *themes.Picture
		if l.ImageMediaID != 0 {
			img, err := s.d.Media.Get(ctx, site.ID, l.ImageMediaID)
			if err != nil && !errors.Is(err, media.ErrNotFound) {
				return err
			}
			if err == nil {
				if img.Alt == "" {
					img.Alt = l.Title
				}
				pic = &themes.Picture{Img: img.Img(cardSizes, eager && i < 4)}
			}
		}
		v.Products = append(v.Products, card(l, m, pic))
	}
	if page.Next != "" || v.Type == "featured-products" && len(page.Products) > 0 {
		v.MoreURL = more
	}
	return nil
}
