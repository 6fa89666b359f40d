package e2e

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestSwitchDesignAndRenameAPage is an owner who changes the look and an
// address in the browser: after switching from Bakery to Journal every page
// of the site is still there, in the new design; after changing a page's
// address in its settings, the old address answers 301 to the new one.
func TestSwitchDesignAndRenameAPage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "crust", Title: "Crust", Email: "owner@crust.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "bakery", NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	site := res.Site
	base := p.cfg.SiteURL("crust")
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	all, err := p.app.Pages.List(ctx, site.ID, site.Entitlements())
	if err != nil || len(all) < 3 {
		t.Fatalf("starter pages: %d, %v", len(all), err)
	}

	err = chromedp.Do(browser,
		chromedp.Navigate(base+"/admin/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(base+"/admin/design/switch/journal"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/design"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#flash`)),
	)
	if err != nil {
		t.Fatalf("switch to Journal: %v\n%s", err, whereAmI(browser))
	}
	for _, pg := range all {
		if err := chromedp.Do(browser, chromedp.Navigate(base+"/"+pg.Slug), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("open /%s: %v", pg.Slug, err)
		}
		html, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(html, "/journal/style.css") || !strings.Contains(html, template.HTMLEscapeString(pg.Title)) {
			t.Errorf("/%s after the switch: not in Journal, or no %q", pg.Slug, pg.Title)
		}
	}
	screenshot(t, browser, "switched-to-journal")

	// A new address for the About page, typed in its settings.
	var about int64
	for _, pg := range all {
		if pg.Slug == "about" {
			about = pg.ID
		}
	}
	if about == 0 {
		t.Fatal("no about page")
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(base+"/admin/pages/"+strconv.FormatInt(about, 10)+"/settings"),
		chromedp.WaitVisible(chromedp.CSS(`#slug`)),
		chromedp.SetValue(chromedp.CSS(`#slug`), "our-story"),
		chromedp.Click(chromedp.CSS(`form[action$="/settings"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#flash`)),
	)
	if err != nil {
		t.Fatalf("rename the page: %v\n%s", err, whereAmI(browser))
	}
	// The old address, asked without following redirects, as a search
	// engine would.
	r := p.get(t, "crust."+p.cfg.BaseDomain, "/about")
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/our-story" {
		t.Fatalf("/about after the rename: %d → %q", r.StatusCode, r.Header.Get("Location"))
	}
	if err := chromedp.Do(browser, chromedp.Navigate(base+"/about"), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	if path, err := chromedp.Run(browser, chromedp.Evaluate[string](`location.pathname`)); err != nil || path != "/our-story" {
		t.Fatalf("the browser at /about ends on %q, %v", path, err)
	}
}
