package storefront_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
)

// TestScreenshots draws the shop's pages in each design in headless
// Chromium at a desktop and a phone width, for a person to look at. It
// runs only when PAGECART_STOREFRONT_SCREENSHOTS names the directory to
// write them to.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("PAGECART_STOREFRONT_SCREENSHOTS")
	if dir == "" {
		t.Skip("PAGECART_STOREFRONT_SCREENSHOTS is not set: no screenshots taken")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	h := apptest.New(t)
	ctx := context.Background()
	shots := map[string]shot{}
	for _, th := range h.App.Themes.List() {
		design := th.Name
		s := newShop(t, h, design)
		if err := h.App.Sites.SetTheme(ctx, s.site.ID, design); err != nil {
			t.Fatal(err)
		}
		seedShop(t, s)
		for name, path := range map[string]string{
			"products":  "/products",
			"product":   "/products/linen-apron?variant=",
			"category":  "/categories/kitchen",
			"search":    "/search?q=apron",
			"noresults": "/search?q=pizza",
		} {
			if name == "product" {
				p, _ := h.App.Catalog.ProductBySlug(ctx, s.site.ID, "linen-apron")
				path += fmt.Sprint(p.Variants[1].ID)
			}
			res := s.get(path)
			if res.Status != http.StatusOK {
				t.Fatalf("%s %s: %d", design, path, res.Status)
			}
			shots[design+"-"+name] = shot{s.host, res}
		}
	}

	takeShots(t, h, chromium, dir, shots)
}

// shot is a page to draw: its host and the response that held it.
type shot = struct {
	host string
	res  apptest.Response
}

// takeShots serves each response again and screenshots it at a desktop
// and a phone width.
func takeShots(t *testing.T, h *apptest.Harness, chromium, dir string, shots map[string]shot) {
	mux := http.NewServeMux()
	mux.Handle("/", h.App.Server)
	for name, shot := range shots {
		// Served again without the headers that forbid framing, so that a
		// phone-wide frame can show it.
		mux.HandleFunc("GET /__shot/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(shot.res.Body))
		})
	}
	mux.HandleFunc("GET /__phone/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><body style="margin:0"><iframe src="/__shot/%s" width="%d" height="%d" style="border:0;display:block"></iframe>`,
			r.PathValue("name"), phone.w, phone.h)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, shot := range shots {
		host, _, _ := net.SplitHostPort(shot.host)
		if host == "" {
			host = shot.host
		}
		base := fmt.Sprintf("http://%s:%s", host, port)
		apptest.Screenshot(t, chromium, base+"/__shot/"+name, 1280, 1400, filepath.Join(dir, name+"-1280.png"))
		out := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, phone.w))
		apptest.Screenshot(t, chromium, base+"/__phone/"+name, 600, phone.h, out)
		apptest.CropWidth(t, out, phone.w)
	}
}

// seedShop fills a site with a small shop: two categories, products with
// and without pictures, one with four variants.
func seedShop(t *testing.T, s *shop) {
	ctx := context.Background()
	kitchen := s.category("Kitchen", 0)
	s.category("Aprons", kitchen.ID)
	s.category("Tableware", kitchen.ID)
	colours := []color.RGBA{{0xc8, 0x6b, 0x3c, 255}, {0x3c, 0x6e, 0x8f, 255}, {0x7a, 0x9a, 0x4b, 255}, {0xd9, 0xb4, 0x4a, 255}, {0x8a, 0x4f, 0x7d, 255}}
	var pics []int64
	for i, c := range colours {
		up, err := s.h.App.Media.Upload(ctx, s.site.ID, plans.MustGet(plans.Premium), fmt.Sprintf("photo-%d.png", i), bytes.NewReader(picture(c)))
		if err != nil {
			t.Fatal(err)
		}
		pics = append(pics, up.ID)
	}
	titles := []string{"Stoneware mug", "Oak cutting board", "Enamel pot, 3 litres", "Tea towel set", "Bread knife with a very long name that wraps"}
	for i, title := range titles {
		in := catalog.ProductInput{Title: title, Price: int64(1200 + 850*i), CategoryIDs: []int64{kitchen.ID},
			Description: "<p>Made by hand in small batches. Dishwasher safe.</p>"}
		if i%2 == 0 {
			in.Images = []catalog.ImageInput{{MediaID: pics[i]}}
		}
		if i == 1 {
			in.CompareAtPrice = 2900
		}
		if i == 3 {
			in.Variants = []catalog.VariantInput{{Price: in.Price, TrackStock: true}}
		}
		s.product(in)
	}
	p := fourVariants(s)
	in := catalog.ProductInput{Title: p.Title, SKU: p.SKU, Currency: "EUR", Status: catalog.StatusActive, Options: p.Options,
		CategoryIDs: []int64{kitchen.ID}, Images: []catalog.ImageInput{{MediaID: pics[1], Alt: "A blue linen apron"}, {MediaID: pics[4]}},
		Description: "<p>Heavy washed linen with two deep pockets and adjustable straps. <strong>Pre-shrunk.</strong></p>"}
	for _, v := range p.Variants {
		in.Variants = append(in.Variants, catalog.VariantInput{ID: v.ID, OptionValues: v.OptionValues, SKU: v.SKU, Price: v.Price,
			CompareAtPrice: v.CompareAtPrice, TrackStock: v.TrackStock, AllowBackorder: v.AllowBackorder, LowStockThreshold: v.LowStockThreshold})
	}
	if _, err := s.h.App.Catalog.UpdateProduct(ctx, s.site.ID, p.ID, in); err != nil {
		t.Fatal(err)
	}
}

// picture is a 1200×1200 PNG: a soft diagonal gradient of c.
func picture(c color.RGBA) []byte {
	const n = 1200
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for y := range n {
		for x := range n {
			f := float64(x+y) / (2 * n)
			img.Set(x, y, color.RGBA{uint8(float64(c.R) * (0.75 + f/2)), uint8(float64(c.G) * (0.75 + f/2)), uint8(float64(c.B) * (0.75 + f/2)), 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

var phone = struct{ w, h int }{390, 1800}
