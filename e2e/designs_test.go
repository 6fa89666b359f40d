package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/themes"
)

// designsTimeout bounds the whole tour of the designs: every starter page of
// every design, each checked by axe, on a machine shared with other work.
const designsTimeout = 8 * time.Minute

// axeViolation is what the test keeps of one axe-core violation.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

// runAxe is evaluated after axe-core is injected: it checks the whole
// document against WCAG 2.x A and AA and returns the violations, each with
// the first few elements that break the rule.
const runAxe = `axe.run(document, {resultTypes: ["violations"], runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || "").split("\n").slice(0, 3).join(" ")})))`

// TestDesignsAccessible opens every starter page of every design, the shop's
// product grid and the design's 404 page, on a real site made through
// signup, and checks each with axe-core: a serious or critical violation
// fails the test and is printed with the elements that cause it. On the way it keeps a screenshot
// of each design's home page at a laptop's and a phone's width.
func TestDesignsAccessible(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), designsTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	axeSource, err := os.ReadFile("testdata/axe-core/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	// Storefront pages forbid scripts from elsewhere in their CSP; the test's
	// own script must run anyway, as a browser extension's would.
	bypass := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	})
	if err := chromedp.Do(browser, bypass); err != nil {
		t.Fatalf("bypass CSP: %v", err)
	}
	p := startPlatform(t)
	designs := p.app.Themes.List()
	if len(designs) < 8 {
		t.Errorf("%d designs, want at least 8", len(designs))
	}
	for i, d := range designs {
		t.Run(d.Name, func(t *testing.T) {
			name := fmt.Sprintf("design-%d", i)
			res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: name, Title: d.Title + " example", Email: name + "@e2e.example",
				Password: goodPassword, Theme: d.Name, Plan: plans.Trial})
			if err != nil {
				t.Fatalf("create a site with %s: %v", d.Name, err)
			}
			if res.Site.Theme != d.Name {
				t.Fatalf("the site has design %q, want %q", res.Site.Theme, d.Name)
			}
			paths := []string{"/products", "/no-such-page"}
			for _, sp := range p.app.Themes.StarterPages(d.Name, themes.StarterData{}) {
				paths = append(paths, "/"+sp.Slug)
			}
			for _, path := range paths {
				url := p.cfg.SiteURL(name) + path
				if err := chromedp.Do(browser, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
					t.Fatalf("open %s: %v\n%s", url, err, whereAmI(browser))
				}
				checkAxe(t, browser, axeSource, d.Name+path)
			}
			// The screenshots show the design, not the cookie bar over it.
			home := p.cfg.SiteURL(name) + "/"
			err = chromedp.Do(browser, chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS(`main`)),
				chromedp.Click(chromedp.CSS(`.consent button[value=reject]`)), chromedp.WaitNotPresent(chromedp.CSS(`.consent:not([hidden])`)))
			if err != nil {
				t.Fatalf("refuse cookies on %s: %v\n%s", home, err, whereAmI(browser))
			}
			screenshot(t, browser, "design-"+d.Name+"-1280")
			// At a phone's width the header and the grids are laid out anew: axe looks again.
			err = chromedp.Do(browser,
				chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(1)),
				chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS(`main`)))
			if err != nil {
				t.Fatalf("open %s at phone width: %v", home, err)
			}
			checkAxe(t, browser, axeSource, d.Name+"/ at phone width")
			screenshot(t, browser, "design-"+d.Name+"-390")
			// The narrowest phone the designs promise to fit: nothing may stick out sideways.
			for _, path := range paths {
				err := chromedp.Do(browser,
					chromedp.EmulateViewport(360, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(1)),
					chromedp.Navigate(p.cfg.SiteURL(name)+path), chromedp.WaitVisible(chromedp.CSS(`main`)))
				if err != nil {
					t.Fatalf("open %s at 360 px: %v", path, err)
				}
				wide, err := chromedp.Run(browser, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if wide > 360 {
					t.Errorf("%s%s is %d px wide on a 360 px phone", d.Name, path, wide)
				}
			}
			if err := chromedp.Do(browser, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
				t.Fatalf("viewport back to %dx%d: %v", desktopWidth, desktopHeight, err)
			}
		})
	}
}

// checkAxe injects axe-core into the open page, runs it and reports every
// serious or critical violation; minor and moderate ones are logged.
func checkAxe(t *testing.T, browser context.Context, axeSource []byte, page string) {
	t.Helper()
	if _, err := chromedp.Run(browser, chromedp.Evaluate[chromedp.Void](string(axeSource))); err != nil {
		t.Fatalf("%s: inject axe-core: %v", page, err)
	}
	found, err := chromedp.Run(browser, chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", page, err)
	}
	for _, v := range found {
		msg := fmt.Sprintf("%s: %s (%s): %s\n    at %s\n    %s", page, v.ID, v.Impact, v.Help, strings.Join(v.Targets, " | "), v.Summary)
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}
