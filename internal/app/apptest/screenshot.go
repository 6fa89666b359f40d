package apptest

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"testing"
)

// Screenshot saves url as a PNG of w×h pixels taken by headless Chromium
// (the binary at chromium), with a fresh profile so that no cookie or cache
// of another run is used. The screenshot tests of every area call it.
func Screenshot(t testing.TB, chromium, url string, w, h int, out string) {
	t.Helper()
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--hide-scrollbars",
		fmt.Sprintf("--window-size=%d,%d", w, h), "--screenshot="+out, url)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", url, err, msg)
	}
}

// CropWidth keeps the left w pixels of a PNG. Headless Chromium will not
// make a window narrower than about 500 pixels, so a phone-width page is
// laid out in a narrow frame inside a wider window and cut out afterwards.
func CropWidth(t testing.TB, path string, w int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	sub := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(b.Min.X, b.Min.Y, b.Min.X+w, b.Max.Y))
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, sub); err != nil {
		t.Fatal(err)
	}
}
