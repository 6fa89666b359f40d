package themes

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// The thumbnails are real screenshots of each design's home page. They change only when a design does,
// so they are committed files that these flags regenerate on demand:
//
//	go test ./themes -run TestWriteThumbnails -update-thumbnails
//	go test ./themes -run TestWriteThumbnails -screenshots=/tmp/shots
//
// The second writes phone (375 px) and desktop (1280 px) screenshots of every starter page and of the 404
// page for a person to look at.
var (
	updateThumbnails = flag.Bool("update-thumbnails", false, "rewrite each design's thumbnail.png with headless Chromium")
	screenshotDir    = flag.String("screenshots", "", "write phone and desktop screenshots of every starter page to this directory")
)

// viewport is one browser window size a screenshot is taken at.
type viewport struct {
	label         string
	width, height int
}

func TestWriteThumbnails(t *testing.T) {
	if !*updateThumbnails && *screenshotDir == "" {
		t.Skip("run with -update-thumbnails or -screenshots=DIR to take screenshots")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("headless Chromium is needed for screenshots: %v", err)
	}
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range set.List() {
		t.Run(th.Name, func(t *testing.T) {
			site := t.TempDir()
			if *screenshotDir != "" {
				// Keep the rendered pages beside their screenshots, so a person can open them too.
				site = filepath.Join(*screenshotDir, th.Name+"-site")
			}
			writeStaticSite(t, set, th.Name, site)
			if *updateThumbnails {
				shot := screenshot(t, chromium, filepath.Join(site, "index.html"), viewport{"thumb", 1200, 900})
				writePNG(t, filepath.Join(th.Name, "thumbnail.png"), halve(shot))
			}
			if *screenshotDir == "" {
				return
			}
			pages := []string{"index", "missing"}
			for _, p := range set.StarterPages(th.Name, sampleStarter(th.Name)) {
				if p.Slug != "" {
					pages = append(pages, p.Slug)
				}
			}
			for _, p := range pages {
				for _, vp := range []viewport{{"phone", 375, 800}, {"desktop", 1280, 900}, {"phone-full", 375, 3200}, {"desktop-full", 1280, 2800}} {
					shot := screenshot(t, chromium, filepath.Join(site, p+".html"), vp)
					writePNG(t, filepath.Join(*screenshotDir, fmt.Sprintf("%s-%s-%s.png", th.Name, p, vp.label)), shot)
				}
			}
		})
	}
}

// writeStaticSite renders every starter page of a design, and its 404 page, into dir with the design's
// assets beside them, so Chromium can open the pages as files without a server.
func writeStaticSite(t *testing.T, set *Set, name, dir string) {
	t.Helper()
	assets, err := fs.Sub(set.Assets(), name)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(designFiles, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(assets, e.Name())
		if err != nil {
			continue // Not public: a template, the manifest or a directory.
		}
		if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "assets", e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range set.StarterPages(name, sampleStarter(name)) {
		v := sampleView(set, name, p.Slug)
		v.AssetBase = "assets/"
		file := "index"
		if p.Slug != "" {
			file = p.Slug
		}
		writeRendered(t, filepath.Join(dir, file+".html"), func(f *os.File) error { return set.Render(f, name, v) })
	}
	v := sampleView(set, name, "missing")
	v.AssetBase = "assets/"
	v.Page = PageContent{}
	writeRendered(t, filepath.Join(dir, "missing.html"), func(f *os.File) error { return set.RenderNotFound(f, name, v) })
	// The shared menu and shop stylesheets are linked from the site's root; the files link them beside them.
	for _, shared := range []string{"nav.css", "shop.css"} {
		data, err := fs.ReadFile(designFiles, shared)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, shared), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// At its content-hashed address on a site (see Set.bindAssets).
		b = hashedShared.ReplaceAll(b, []byte(`href="$1"`))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var hashedShared = regexp.MustCompile(`href="/assets/theme/(?:[0-9a-f]+/)?((?:nav|shop).css)"`)

func writeRendered(t *testing.T, path string, render func(*os.File) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := render(f); err != nil {
		t.Fatal(err)
	}
}

// screenshot opens a file in headless Chromium and returns what it drew.
func screenshot(t *testing.T, chromium, page string, vp viewport) image.Image {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out := filepath.Join(t.TempDir(), "shot.png")
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--hide-scrollbars",
		fmt.Sprintf("--window-size=%d,%d", vp.width, vp.height), "--screenshot="+out, "file://"+page)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, msg)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// halve scales an image to half its size by averaging each 2×2 block: a box filter is plenty for an
// exact factor of two and keeps the helper free of an imaging dependency.
func halve(src image.Image) image.Image {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
	for y := 0; y < b.Dy()/2; y++ {
		for x := 0; x < b.Dx()/2; x++ {
			var r, g, bl uint32
			for dy := range 2 {
				for dx := range 2 {
					cr, cg, cb, _ := src.At(b.Min.X+2*x+dx, b.Min.Y+2*y+dy).RGBA()
					r, g, bl = r+cr, g+cg, bl+cb
				}
			}
			dst.Set(x, y, color.RGBA{uint8(r / 4 >> 8), uint8(g / 4 >> 8), uint8(bl / 4 >> 8), 255})
		}
	}
	return dst
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
