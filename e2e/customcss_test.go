package e2e

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestCustomCSSReachesThePage: a trial site sees Custom CSS locked; on
// Premium the owner saves a rule and the live site, under its strict
// security policy, draws the headings with it.
func TestCustomCSSReachesThePage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "brown", Title: "Brown Bread", Email: "owner@brown.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "bakery"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, res.Site.ID)
	if err != nil {
		t.Fatal(err)
	}
	admin := p.cfg.SiteURL("brown") + "/admin"
	err = chromedp.Do(browser,
		chromedp.Navigate(admin+"/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(admin+"/settings/code"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/plans"].button`)),
	)
	if err != nil {
		t.Fatalf("the locked page: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "custom-css-locked")

	if err := p.app.Sites.SetPlan(ctx, res.Site.ID, plans.Premium); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(admin+"/settings/code"),
		chromedp.WaitVisible(chromedp.CSS(`#css-code`)),
		chromedp.SendKeys(chromedp.CSS(`#css-code`), "h1, h2 { color: rgb(122, 59, 18); }"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/settings/code/css"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("save the CSS: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "custom-css-saved")
	err = chromedp.Do(browser,
		chromedp.Navigate(p.cfg.SiteURL("brown")+"/about"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
	)
	if err != nil {
		t.Fatalf("open the site: %v\n%s", err, whereAmI(browser))
	}
	colour, err := chromedp.Run(browser, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("main h1")).color`))
	if err != nil || colour != "rgb(122, 59, 18)" {
		t.Errorf("the heading is %q (%v), want the owner's rgb(122, 59, 18)", colour, err)
	}
}
