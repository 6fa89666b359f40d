package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Widths of the screenshots: a laptop and a phone.
const (
	desktopWidth  = 1280
	desktopHeight = 900
	phoneWidth    = 390
	phoneHeight   = 844
)

// chromiumPath finds the browser when PAGECART_TEST_CHROMIUM is unset: Debian's
// chromium package, else a Chromium or Chrome on PATH. It returns "" when
// there is none.
func chromiumPath() string {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// tab context bounded by ctx. The browser stops when the test ends.
func newBrowser(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	path := os.Getenv("PAGECART_TEST_CHROMIUM")
	if path != "" {
		// A path given on purpose that is wrong is a mistake to report,
		// not a reason to skip quietly.
		if _, err := exec.LookPath(path); err != nil {
			t.Fatalf("PAGECART_TEST_CHROMIUM=%s: %v", path, err)
		}
	} else if path = chromiumPath(); path == "" {
		t.Skip("no Chromium found: install Debian's chromium package (/usr/bin/chromium) or set PAGECART_TEST_CHROMIUM to a Chromium or Chrome binary")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(desktopWidth, desktopHeight),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("password-store", "basic"),
		// The platform is on loopback; a proxy from the environment must
		// not get between the browser and it.
		chromedp.Flag("no-proxy-server", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// Start the browser now, so that a broken installation fails here
	// with its own message rather than in the first step of the story.
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return tabCtx
}

// screenshot saves a full-page PNG of the current page as NAME.png: into
// e2e/screenshots/, the gallery kept in git, when PAGECART_UPDATE_SCREENSHOTS
// is set, and into the test's temporary directory otherwise, so that a
// plain test run leaves the work tree clean.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := t.TempDir()
	if os.Getenv("PAGECART_UPDATE_SCREENSHOTS") != "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s (%d KB)", file, len(png)/1024)
}

// phoneScreenshot loads url at a phone's width, saves NAME.png and goes
// back to the laptop width. It loads the page anew rather than resizing,
// so that the page lays itself out as it would on a phone from the start.
func phoneScreenshot(t *testing.T, ctx context.Context, url, waitFor, name string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(1)),
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(waitFor)),
	)
	if err != nil {
		t.Fatalf("open %s at phone width: %v", url, err)
	}
	screenshot(t, ctx, name)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		t.Fatalf("viewport back to %dx%d: %v", desktopWidth, desktopHeight, err)
	}
}

// whereAmI describes the page the browser is on, for a failure message:
// its address and what it says, read with a short deadline of its own.
func whereAmI(browser context.Context) string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(browser), 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(the browser did not answer: " + err.Error() + ")"
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1500) : ""`))
	if err != nil {
		text = "(no text: " + err.Error() + ")"
	}
	return "the browser is at " + loc + " and shows:\n" + text
}
