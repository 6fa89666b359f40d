package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestConsentBlocksScripts is a visitor's story with the cookie bar: the
// owner added a statistics and a marketing script, each of which sets a
// cookie when it runs. Rejecting runs neither; allowing statistics only
// runs the statistics script and never the marketing one; the log keeps
// both answers.
func TestConsentBlocksScripts(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "crumbs", Title: "Crumbs Bakery", Email: "owner@crumbs.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "bakery"})
	if err != nil {
		t.Fatal(err)
	}
	site := res.Site
	for _, sc := range []consent.Script{
		{Name: "Visit counter", Category: consent.Statistics, Code: `document.cookie = "stats_ran=1; path=/";`},
		{Name: "Ad pixel", Category: consent.Marketing, Code: `document.cookie = "mkt_ran=1; path=/"; fetch("/marketing-beacon");`},
	} {
		if _, err := p.app.Consent.AddScript(ctx, site.ID, sc); err != nil {
			t.Fatal(err)
		}
	}
	home := p.cfg.SiteURL("crumbs") + "/"
	ran := func(what string) (stats, mkt bool) {
		t.Helper()
		// Scripts run as they load: give them a moment to prove they did not.
		time.Sleep(300 * time.Millisecond)
		cookies, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.cookie`))
		if err != nil {
			t.Fatalf("%s: read cookies: %v", what, err)
		}
		return strings.Contains(cookies, "stats_ran=1"), strings.Contains(cookies, "mkt_ran=1")
	}

	// First visit: the bar, and nothing of the owner's has run.
	err = chromedp.Do(browser,
		chromedp.Navigate(home),
		chromedp.WaitVisible(chromedp.CSS(`#consent button[value=reject]`)),
	)
	if err != nil {
		t.Fatalf("see the bar: %v\n%s", err, whereAmI(browser))
	}
	if s, m := ran("first visit"); s || m {
		t.Fatalf("before any choice: statistics ran %v, marketing ran %v", s, m)
	}
	screenshot(t, browser, "consent-bar")

	// The settings, opened, for the gallery.
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(`details.consent-settings > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#consent-statistics`)),
		chromedp.Click(chromedp.CSS(`.consent-category:nth-of-type(3) details > summary`)),
	)
	if err != nil {
		t.Fatalf("open the settings: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "consent-settings")

	// Reject all: the bar goes, nothing runs, now or after a reload.
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(`#consent button[value=reject]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`#consent`)),
	)
	if err != nil {
		t.Fatalf("reject: %v\n%s", err, whereAmI(browser))
	}
	if s, m := ran("after reject"); s || m {
		t.Fatalf("after reject: statistics ran %v, marketing ran %v", s, m)
	}
	err = chromedp.Do(browser, chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS(`footer`)))
	if err != nil {
		t.Fatal(err)
	}
	if visible, _ := chromedp.Run(browser, chromedp.Evaluate[bool](`!document.getElementById("consent").hidden`)); visible {
		t.Fatal("the bar asks again after a reject")
	}
	if s, m := ran("reload after reject"); s || m {
		t.Fatalf("reload after reject: statistics ran %v, marketing ran %v", s, m)
	}

	// "Cookie settings" in the footer reopens the choice; statistics only.
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(`footer a[data-consent-open]`)),
		chromedp.WaitVisible(chromedp.CSS(`#consent-statistics`)),
		chromedp.Click(chromedp.CSS(`#consent-statistics`)),
		chromedp.Click(chromedp.CSS(`#consent button[value=save]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`#consent`)),
	)
	if err != nil {
		t.Fatalf("allow statistics: %v\n%s", err, whereAmI(browser))
	}
	if s, m := ran("statistics only"); !s || m {
		t.Fatalf("statistics only: statistics ran %v, marketing ran %v", s, m)
	}
	// On the next page the choice is applied again, from the cookie, to
	// the same cached page every visitor gets.
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](`(document.cookie = "stats_ran=; max-age=0; path=/", true)`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(p.cfg.SiteURL("crumbs")+"/privacy"),
		chromedp.WaitVisible(chromedp.CSS(`.privacy-declaration`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if s, m := ran("next page"); !s || m {
		t.Fatalf("next page: statistics ran %v, marketing ran %v", s, m)
	}
	screenshot(t, browser, "privacy-declaration")

	log, total, err := p.app.Consent.Log(ctx, site.ID, 10, 0)
	if err != nil || total != 2 {
		t.Fatalf("log: %d entries, %v", total, err)
	}
	if log[0].Choice != (consent.Choice{Statistics: true}) || log[1].Choice != (consent.Choice{}) || log[0].ConsentID != log[1].ConsentID {
		t.Fatalf("log: %+v", log)
	}

	// A new visitor on a phone: the bar fits.
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](`(document.cookie = "pc_consent=; max-age=0; path=/", true)`)); err != nil {
		t.Fatal(err)
	}
	phoneScreenshot(t, browser, home, `#consent button[value=accept]`, "consent-bar-phone")

	// The owner's page, with the log.
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(p.cfg.SiteURL("crumbs")+"/admin/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(p.cfg.SiteURL("crumbs")+"/admin/privacy"),
		chromedp.WaitVisible(chromedp.CSS(`#log`)),
	)
	if err != nil {
		t.Fatalf("admin privacy page: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "admin-privacy")
}
