package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestDesignSettingsAndMenusInBrowser is an owner making the site theirs:
// a new accent colour shows in the preview but not on the live site until
// Publish; moving a menu link changes the header's order; and on a phone
// the header is one row with a Menu button that opens the links.
func TestDesignSettingsAndMenusInBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "loaf", Title: "Loaf & Crumb", Email: "owner@loaf.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "bakery", NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	site := res.Site
	base := p.cfg.SiteURL("loaf")
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	accent := func(page string) string {
		t.Helper()
		err := chromedp.Do(browser, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS(`body`)))
		if err != nil {
			t.Fatalf("open %s: %v\n%s", page, err, whereAmI(browser))
		}
		v, err := chromedp.Run(browser, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.button') || document.body).backgroundColor`))
		if err != nil {
			t.Fatalf("colour on %s: %v", page, err)
		}
		return v
	}
	const before, after = "rgb(173, 81, 40)", "rgb(31, 111, 139)" // #ad5128 (Bakery's accent), #1f6f8b
	err = chromedp.Do(browser,
		chromedp.Navigate(base+"/admin/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(base+"/admin/design"),
		chromedp.WaitVisible(chromedp.CSS(`#colour-accent`)),
		chromedp.SetValue(chromedp.CSS(`#colour-accent`), "#1f6f8b"),
		chromedp.SetValue(chromedp.CSS(`#footerText`), "Fresh bread every morning from 7"),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(`#flash`)),
	)
	if err != nil {
		t.Fatalf("save the draft: %v\n%s", err, whereAmI(browser))
	}
	// Anew, without the #settings the redirect scrolled to.
	if err := chromedp.Do(browser, chromedp.Navigate(base+"/admin/design"), chromedp.WaitVisible(chromedp.CSS(`#colour-accent`))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, browser, "admin-design-settings")
	if got := accent(base + "/admin/design/preview"); got != after {
		t.Fatalf("preview button colour %s, want %s", got, after)
	}
	screenshot(t, browser, "design-preview")
	if got := accent(base + "/"); got != before {
		t.Fatalf("the live site shows the draft before publishing: %s", got)
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(base+"/admin/design"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/design/publish"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#flash`)),
	)
	if err != nil {
		t.Fatalf("publish: %v\n%s", err, whereAmI(browser))
	}
	if got := accent(base + "/"); got != after {
		t.Fatalf("published colour not live: %s", got)
	}
	phoneScreenshot(t, browser, base+"/admin/design", `#colour-accent`, "admin-design-settings-phone")
	phoneScreenshot(t, browser, base+"/admin/design/switch/journal", `iframe`, "admin-design-switch-phone")
	err = chromedp.Do(browser, chromedp.Navigate(base+"/admin/design/switch/journal"), chromedp.WaitVisible(chromedp.CSS(`iframe`)))
	if err != nil {
		t.Fatalf("switch preview: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "admin-design-switch")

	// Menus: move the second link up; the header follows.
	headerOrder := func() string {
		t.Helper()
		err := chromedp.Do(browser, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`.nav-row`)))
		if err != nil {
			t.Fatalf("header: %v\n%s", err, whereAmI(browser))
		}
		v, err := chromedp.Run(browser, chromedp.Evaluate[string](`[...document.querySelectorAll('.nav-row > ul > li > a')].map(a => a.textContent).join(",")`))
		if err != nil {
			t.Fatalf("header: %v\n%s", err, whereAmI(browser))
		}
		return v
	}
	if got := headerOrder(); got != "Home,Menu,About us,Visit" {
		t.Fatalf("header before: %s", got)
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(base+"/admin/menus"),
		chromedp.WaitVisible(chromedp.CSS(`#header`)),
		chromedp.Click(chromedp.CSS(`form[action="/admin/menus/header/items/-2"] button[value=up]`)),
		chromedp.WaitVisible(chromedp.CSS(`#flash`)),
	)
	if err != nil {
		t.Fatalf("move a link: %v\n%s", err, whereAmI(browser))
	}
	if err := chromedp.Do(browser, chromedp.Navigate(base+"/admin/menus"), chromedp.WaitVisible(chromedp.CSS(`#header`))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, browser, "admin-menus")
	phoneScreenshot(t, browser, base+"/admin/menus", `#header`, "admin-menus-phone")
	if got := headerOrder(); got != "Menu,Home,About us,Visit" {
		t.Fatalf("header after moving Menu up: %s", got)
	}

	// A phone: one row, a Menu button, the links open and close without a script.
	for _, design := range []string{"bakery", "journal", "studio"} {
		if err := p.app.Sites.SetTheme(ctx, site.ID, design); err != nil {
			t.Fatal(err)
		}
		err = chromedp.Do(browser,
			chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(1)),
			chromedp.Navigate(base+"/about"),
			chromedp.WaitVisible(chromedp.CSS(`.nav-menu > summary`)),
		)
		if err != nil {
			t.Fatalf("%s on a phone: %v\n%s", design, err, whereAmI(browser))
		}
		rowShown, err := chromedp.Run(browser, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.nav-row')).display !== 'none'`))
		if err != nil {
			t.Fatal(err)
		}
		panelShown, err := chromedp.Run(browser, chromedp.Evaluate[bool](`document.querySelector('.nav-menu nav').checkVisibility()`))
		if err != nil {
			t.Fatalf("%s on a phone: %v\n%s", design, err, whereAmI(browser))
		}
		if rowShown || panelShown {
			t.Fatalf("%s on a phone: the row of links shows %v, the closed menu shows %v", design, rowShown, panelShown)
		}
		screenshot(t, browser, "storefront-"+design+"-phone-menu-closed")
		err = chromedp.Do(browser,
			chromedp.Click(chromedp.CSS(`.nav-menu > summary`)),
			chromedp.WaitVisible(chromedp.CSS(`.nav-menu nav a[aria-current=page]`)),
		)
		opened := false
		if err == nil {
			opened, err = chromedp.Run(browser, chromedp.Evaluate[bool](`document.querySelector('.nav-menu').open`))
		}
		if err != nil || !opened {
			t.Fatalf("%s: the Menu button does not open the menu: %v\n%s", design, err, whereAmI(browser))
		}
		screenshot(t, browser, "storefront-"+design+"-phone-menu-open")
		links, err := chromedp.Run(browser, chromedp.Evaluate[string](`[...document.querySelectorAll('.nav-menu nav a')].map(a => a.textContent).join(",")`))
		if err != nil || !strings.HasPrefix(links, "Menu,Home") {
			t.Fatalf("%s: phone menu links %q, %v", design, links, err)
		}
		if err := chromedp.Do(browser, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
			t.Fatal(err)
		}
	}
}
