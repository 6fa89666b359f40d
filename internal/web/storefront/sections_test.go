package storefront_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/web/storefront"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// posts is a blog with one post.
type posts struct{ asked int }

func (p *posts) LatestPosts(_ context.Context, _ int64, n int) ([]themes.PostCard, error) {
	p.asked = n
	return []themes.PostCard{{URL: "/blog/first", Title: "The first post", Date: "1 May 2026", DateTime: "2026-05-01"}}, nil
}

func pngPicture(t *testing.T, w, h int) *bytes.Reader {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b.Bytes())
}

func section(t *testing.T, typ string, settings map[string]any, blocks ...map[string]any) sections.Section {
	t.Helper()
	s, err := sections.New(typ)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range settings {
		s.Settings[k] = v
	}
	s.Blocks = nil
	for _, bs := range blocks {
		b, err := sections.NewBlock(typ)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range bs {
			b.Settings[k] = v
		}
		s.Blocks = append(s.Blocks, b)
	}
	return s
}

// ResolveSections fetches each section's pictures, products, form and posts for the site, and only the
// site's own: a picture of another site referenced by ID is left out.
func TestResolveSections(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	s := newShop(t, h, "resolve")
	other := newShop(t, h, "other")
	app := h.App
	sf, err := storefront.New(storefront.Deps{Config: app.Config, Logger: slog.Default(), Errors: ui.NewErrors(slog.Default(), nil, app.Themes, ""),
		Pages: app.Pages, Media: app.Media, Catalog: app.Catalog, Themes: app.Themes, Orders: app.Orders, Carts: app.Carts,
		Checkout: app.Checkout, Customers: app.Customers, Payments: app.Payments, Sites: app.Sites, Consent: app.Consent,
		Forms: app.Forms, Captcha: app.Captcha, Blog: app.Blog, Design: app.Design, Menus: app.Menus, Redirects: app.Redirects,
		CustomCSS: app.CustomCSS})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := app.Media.Upload(ctx, s.site.ID, plans.MustGet(plans.Premium), "loaf.png", pngPicture(t, 1600, 1200))
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := app.Media.Upload(ctx, other.site.ID, plans.MustGet(plans.Premium), "secret.png", pngPicture(t, 800, 600))
	if err != nil {
		t.Fatal(err)
	}
	bread := s.category("Bread", 0)
	s.product(catalog.ProductInput{Title: "Rye loaf", Price: 750, CategoryIDs: []int64{bread.ID}})
	s.product(catalog.ProductInput{Title: "Bun", Price: 250})
	if _, err := app.Forms.Save(ctx, s.site.ID, forms.Default("Contact")); err != nil {
		t.Fatal(err)
	}
	secs := []sections.Section{
		section(t, "hero", map[string]any{"heading": "Fresh bread", "image": itoa(mine.ID), "image_alt": "Our rye"}),
		section(t, "gallery", nil, map[string]any{"image": itoa(mine.ID), "caption": "Mine"}, map[string]any{"image": itoa(theirs.ID), "caption": "Theirs"}),
		section(t, "featured-products", map[string]any{"category": "bread", "count": 4}),
		section(t, "product-grid", map[string]any{"count": 1}),
		section(t, "featured-products", map[string]any{"category": "no-such-category"}),
		section(t, "form", map[string]any{"form": "contact"}),
		section(t, "newsletter", nil),
		section(t, "posts", map[string]any{"count": 5}),
	}
	if err := sections.Validate(secs); err != nil {
		t.Fatal(err)
	}
	blog := &posts{}
	r, err := sf.ResolveSections(ctx, s.site, secs, blog, "/")
	if err != nil {
		t.Fatal(err)
	}
	if !r.HasForm {
		t.Error("HasForm is not set for a page with a form")
	}
	v := r.Views
	if img := string(v[0].Images[itoa(mine.ID)+"\x00Our rye"].Img); !strings.Contains(img, `alt="Our rye"`) || !strings.Contains(img, "srcset=") || strings.Contains(img, `loading="lazy"`) {
		t.Errorf("hero picture = %s; want the section's description, a srcset and eager loading", img)
	}
	if img := string(v[1].Images[itoa(mine.ID)].Img); !strings.Contains(img, `loading="lazy"`) || !strings.Contains(img, `width="1600" height="1200"`) {
		t.Errorf("gallery picture = %s; want lazy loading with width and height", img)
	}
	if _, ok := v[1].Images[itoa(theirs.ID)]; ok {
		t.Error("a picture of another site is resolved")
	}
	if len(v[2].Products) != 1 || v[2].Products[0].Title != "Rye loaf" || v[2].MoreURL != "/categories/bread" {
		t.Errorf("featured products of Bread = %+v, more %q", v[2].Products, v[2].MoreURL)
	}
	if len(v[3].Products) != 1 || v[3].MoreURL != "/products" {
		t.Errorf("product grid of 1 = %+v, more %q; want one product and a link to the rest", v[3].Products, v[3].MoreURL)
	}
	if len(v[4].Products) != 0 {
		t.Errorf("a missing category shows %+v", v[4].Products)
	}
	if !strings.Contains(string(v[5].Form), `class="contact-form"`) {
		t.Errorf("form section has no form: %q", v[5].Form)
	}
	if v[6].Form != "" || v[6].Email != s.site.PublicEmail {
		t.Errorf("newsletter without a form: form %q, email %q", v[6].Form, v[6].Email)
	}
	if len(v[7].Posts) != 1 || blog.asked != 5 {
		t.Errorf("posts = %+v, asked for %d", v[7].Posts, blog.asked)
	}
	// The views draw in the site's design.
	var out strings.Builder
	if err := app.Themes.Render(&out, s.site.Theme, themes.PageView{Page: themes.PageContent{IsHome: true, Sections: v}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>Fresh bread</h1>", "Rye loaf", `class="contact-form"`, "The first post", "Theirs"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "secret") {
		t.Error("the page shows another site's picture")
	}
	// Without a blog, posts sections ask nothing.
	if _, err := sf.ResolveSections(ctx, s.site, secs[7:], nil, "/"); err != nil {
		t.Fatal(err)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
