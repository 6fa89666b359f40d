package storefront_test

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
)

var imgTag = regexp.MustCompile(`<img [^>]*>`)

// TestShopPicturesAreResponsiveAndLazy: every product picture has srcset,
// sizes, width and height (no jump while it loads); the first row of the
// grid and a product's first picture load at once, the rest lazily, and
// the pictures come from the site's own host, kept for a year.
func TestShopPicturesAreResponsiveAndLazy(t *testing.T) {
	h := apptest.New(t)
	s := newShop(t, h, "pictures")
	ctx := context.Background()
	var pics []int64
	for _, c := range []color.RGBA{{0xc8, 0x6b, 0x3c, 255}, {0x3c, 0x6e, 0x8f, 255}} {
		up, err := h.App.Media.Upload(ctx, s.site.ID, plans.MustGet(plans.Premium), "photo.png", bytes.NewReader(picture(c)))
		if err != nil {
			t.Fatal(err)
		}
		pics = append(pics, up.ID)
	}
	for i := range 6 {
		in := catalog.ProductInput{Title: fmt.Sprintf("Mug %d", i), Price: 1200, Images: []catalog.ImageInput{{MediaID: pics[0], Alt: "A mug"}}}
		if i == 0 {
			in.Images = append(in.Images, catalog.ImageInput{MediaID: pics[1], Alt: "The mug from above"})
		}
		s.product(in)
	}
	check := func(page string, eager int) {
		t.Helper()
		tags := imgTag.FindAllString(page, -1)
		if len(tags) == 0 {
			t.Fatalf("no pictures:\n%s", apptest.Excerpt(page))
		}
		for i, tag := range tags {
			for _, want := range []string{` srcset="/media/`, ` sizes="`, ` width="1200"`, ` height="1200"`, ` alt="`} {
				if !strings.Contains(tag, want) {
					t.Errorf("picture %d lacks %s: %s", i, want, tag)
				}
			}
			lazy := strings.Contains(tag, `loading="lazy"`)
			if (i < eager) == lazy {
				t.Errorf("picture %d: lazy %v, want the first %d eager and the rest lazy: %s", i, lazy, eager, tag)
			}
		}
	}
	grid := s.b.Get(s.host, "/products")
	apptest.Expect(t, grid, http.StatusOK)
	check(grid.Body, 4)
	product := s.b.Get(s.host, "/products/mug-0")
	apptest.Expect(t, product, http.StatusOK)
	check(product.Body, 1)

	src := regexp.MustCompile(`srcset="(/media/[^ ]+) `).FindStringSubmatch(product.Body)
	res := s.b.Get(s.host, src[1])
	apptest.Expect(t, res, http.StatusOK)
	if res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("%s: %v", src[1], res.Header)
	}
}
