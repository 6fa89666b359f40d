package media

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestVariants(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := testStore(t, db)
		site := newSite(t, db, "bakery")
		photo, err := s.Upload(ctx, site, business, "photo.jpg", bytes.NewReader(jpegBytes(t, picture(1000, 500, 1, false))))
		if err != nil {
			t.Fatal(err)
		}
		logo, err := s.Upload(ctx, site, business, "logo.png", bytes.NewReader(pngBytes(t, picture(700, 350, 2, true))))
		if err != nil {
			t.Fatal(err)
		}
		turned, err := s.Upload(ctx, site, business, "portrait.jpg",
			bytes.NewReader(withOrientation(jpegBytes(t, halves(800, 400)), 6)))
		if err != nil {
			t.Fatal(err)
		}
		anim, err := s.Upload(ctx, site, business, "anim.gif", bytes.NewReader(gifBytes(t, 3)))
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name         string
			m            Media
			width        int
			wantType     string
			wantW, wantH int
		}{
			{"JPEG resized as JPEG", photo.Media, 320, JPEG, 320, 160},
			{"PNG resized as PNG", logo.Media, 640, PNG, 640, 320},
			{"never made larger: the original", logo.Media, 960, PNG, 700, 350},
			{"turned photo resized as shown", turned.Media, 320, JPEG, 320, 640},
			{"animated GIF kept whole", anim.Media, 160, GIF, 400, 200},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, c, err := s.Variant(ctx, site, tt.m.ID, tt.width)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				b, _ := io.ReadAll(c)
				cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if c.ContentType != tt.wantType || "image/"+format != tt.wantType || cfg.Width != tt.wantW || cfg.Height != tt.wantH {
					t.Fatalf("%s (%s) %d×%d, want %s %d×%d", c.ContentType, format, cfg.Width, cfg.Height, tt.wantType, tt.wantW, tt.wantH)
				}
				if c.Size != int64(len(b)) {
					t.Fatalf("size %d, read %d", c.Size, len(b))
				}
			})
		}

		// The turned photo's copy is upright: its top half is what was the
		// left side, so a pixel near the top comes from the original's left.
		_, c, _ := s.Variant(ctx, site, turned.ID, 320)
		img, err := jpeg.Decode(c)
		c.Close()
		if err != nil || img.Bounds().Dx() != 320 {
			t.Fatalf("turned copy: %v", err)
		}
		if r, _, b, _ := img.At(160, 50).RGBA(); r < b {
			t.Errorf("top of the turned copy is not the original's left (red) side: r %d b %d", r>>8, b>>8)
		}
		if r, _, b, _ := img.At(160, 590).RGBA(); r > b {
			t.Errorf("bottom of the turned copy is not the original's right (blue) side: r %d b %d", r>>8, b>>8)
		}

		// A second request is served from the disk, not made again.
		_, c1, _ := s.Variant(ctx, site, photo.ID, 320)
		st1, _ := os.Stat(c1.Name())
		c1.Close()
		time.Sleep(20 * time.Millisecond)
		_, c2, _ := s.Variant(ctx, site, photo.ID, 320)
		st2, _ := os.Stat(c2.Name())
		c2.Close()
		if c1.Name() != c2.Name() || !st1.ModTime().Equal(st2.ModTime()) {
			t.Fatalf("copy made again: %s %v, %s %v", c1.Name(), st1.ModTime(), c2.Name(), st2.ModTime())
		}

		for _, w := range []int{0, 333, 4000, -1} {
			if _, _, err := s.Variant(ctx, site, photo.ID, w); !errors.Is(err, ErrNotFound) {
				t.Errorf("width %d: %v, want not found", w, err)
			}
		}
	})
}

// Many requests for the same copy at once all get it whole.
func TestVariantConcurrent(t *testing.T) {
	db := sqldbtest.SQLite(t)
	ctx := context.Background()
	s, _ := testStore(t, db)
	site := newSite(t, db, "bakery")
	up, err := s.Upload(ctx, site, business, "big.png", bytes.NewReader(pngBytes(t, picture(1600, 1200, 4, false))))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([][]byte, 8)
	errs := make([]error, 8)
	for i := range results {
		wg.Go(func() {
			_, c, err := s.Variant(ctx, site, up.ID, 960)
			if err != nil {
				errs[i] = err
				return
			}
			defer c.Close()
			results[i], errs[i] = io.ReadAll(c)
		})
	}
	wg.Wait()
	for i := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(results[i], results[0]) {
			t.Fatalf("request %d got other bytes", i)
		}
	}
	img, err := png.Decode(bytes.NewReader(results[0]))
	if err != nil || img.Bounds().Dx() != 960 || img.Bounds().Dy() != 720 {
		t.Fatalf("copy: %v %v", img.Bounds(), err)
	}
}

// halves is red on the left and blue on the right.
func halves(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestResponsive(t *testing.T) {
	m := func(w, h int, typ string) Media {
		return Media{ID: 42, Filename: "Shop Front.JPG", ContentType: typ, Width: w, Height: h, Alt: `Our "shop"`}
	}
	tests := []struct {
		name       string
		m          Media
		wantSrc    string
		wantSrcset string
	}{
		{"photo wider than every copy", m(3000, 2000, JPEG), "/media/42/960/shop-front.jpg",
			"/media/42/160/shop-front.jpg 160w, /media/42/320/shop-front.jpg 320w, /media/42/640/shop-front.jpg 640w, " +
				"/media/42/960/shop-front.jpg 960w, /media/42/1280/shop-front.jpg 1280w, /media/42/1920/shop-front.jpg 1920w"},
		{"photo between copies", m(1000, 500, JPEG), "/media/42/960/shop-front.jpg",
			"/media/42/160/shop-front.jpg 160w, /media/42/320/shop-front.jpg 320w, /media/42/640/shop-front.jpg 640w, " +
				"/media/42/960/shop-front.jpg 960w, /media/42/shop-front.jpg 1000w"},
		{"small picture", m(300, 200, PNG), "/media/42/shop-front.png", "/media/42/160/shop-front.png 160w, /media/42/shop-front.png 300w"},
		{"icon", m(100, 100, PNG), "/media/42/shop-front.png", ""},
		{"drawing", m(64, 32, SVG), "/media/42/shop-front.svg", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.m.Responsive("")
			if r.Src != tt.wantSrc || r.Srcset != tt.wantSrcset || r.Sizes != "100vw" || r.Alt != `Our "shop"` {
				t.Fatalf("got %+v\nwant src %s srcset %s", r, tt.wantSrc, tt.wantSrcset)
			}
		})
	}
	got := string(m(1000, 500, JPEG).Img("50vw", false))
	want := `<img src="/media/42/960/shop-front.jpg" srcset="/media/42/160/shop-front.jpg 160w, /media/42/320/shop-front.jpg 320w, ` +
		`/media/42/640/shop-front.jpg 640w, /media/42/960/shop-front.jpg 960w, /media/42/shop-front.jpg 1000w" sizes="50vw" ` +
		`width="1000" height="500" alt="Our &#34;shop&#34;" loading="lazy" decoding="async">`
	if got != want {
		t.Fatalf("Img:\n got %s\nwant %s", got, want)
	}
	if u := (Media{ID: 1, Filename: "../../ünïcode?.png", ContentType: PNG}).URL(); u != "/media/1/n-code.png" {
		t.Errorf("URL of an odd name: %s", u)
	}
}
