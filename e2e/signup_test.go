package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// storyTimeout bounds the whole browser story, browser start included.
const storyTimeout = 150 * time.Second

const (
	goodPassword = "quiet-harbor-lantern-42"
	businessName = "E2E Bäckerei & Co"
	siteName     = "e2e-backerei-and-co" // suggested from businessName
	secondName   = "Pekárna U Nováků"
	secondSite   = "pekarna-u-novaku"
)

// Selectors of the signup form that the story uses.
const (
	signupForm    = `form[action="/signup"]`
	submitButton  = `form[action="/signup"] .actions button[type=submit]`
	captchaIDSel  = `input[name=captcha_id]`
	otherDesign   = `fieldset.designs label.design:has(input:not(:checked))` // the first design that is not chosen already
	chosenDesign  = `document.querySelector('input[name=design]:checked')?.value ?? ""`
	adminLandmark = `div.stats` // the dashboard's plan, pages and staff figures
)

// TestSignupInBrowser is the person's story: a wrong captcha with a too
// short password is refused with both messages and makes nothing; the real
// form then makes a site, the browser lands in its admin, and the site is
// live in the chosen design.
func TestSignupInBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	signupURL := p.cfg.PlatformURL() + "/signup"

	t.Run("wrong captcha and short password", func(t *testing.T) {
		openSignup(t, browser, signupURL)
		id := captchaID(t, browser)
		digits, err := p.app.Captcha.DigitsForTest(ctx, id)
		if err != nil {
			t.Fatalf("captcha %s: %v", id, err)
		}
		err = chromedp.Do(browser,
			chromedp.SendKeys(chromedp.ID("name"), "bad"),
			chromedp.SendKeys(chromedp.ID("email"), "bad@example.com"),
			chromedp.SendKeys(chromedp.ID("password"), "short"),
			chromedp.SendKeys(chromedp.ID("captcha"), wrong(digits)),
			chromedp.Click(chromedp.CSS(`input[name=terms]`)),
			chromedp.Click(chromedp.CSS(submitButton)),
			chromedp.WaitVisible(chromedp.CSS(`.form-alert`)),
		)
		if err != nil {
			t.Fatalf("submit the bad form: %v", err)
		}
		text, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS(signupForm)))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"Use at least 10 characters.",
			"The characters did not match. Please type the digits in the new picture.",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the refused form does not say %q; it says:\n%s", want, text)
			}
		}
		if res := p.get(t, "bad.localhost", "/"); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET http://bad.localhost/ after a refused signup: %d, want 404", res.StatusCode)
		}
		if _, err := p.app.Sites.ByName(ctx, "bad"); err == nil {
			t.Errorf("a refused signup left a site named bad behind")
		}
		if _, err := p.app.Accounts.ByEmail(ctx, "bad@example.com"); err == nil {
			t.Errorf("a refused signup left an account behind")
		}
		screenshot(t, browser, "signup-refused")
	})
	if t.Failed() {
		return
	}

	t.Run("signup to admin to live site", func(t *testing.T) {
		openSignup(t, browser, signupURL)
		screenshot(t, browser, "signup")
		phoneScreenshot(t, browser, signupURL, signupForm, "signup-phone")

		openSignup(t, browser, signupURL)
		if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(otherDesign))); err != nil {
			t.Fatalf("pick another design: %v", err)
		}
		design, err := chromedp.Run(browser, chromedp.Evaluate[string](chosenDesign))
		if err != nil || design == "" {
			t.Fatalf("no design chosen after clicking another one (%q, %v)", design, err)
		}
		if def := p.app.Themes.Default(); design == def {
			t.Fatalf("clicking another design left the default one, %q, chosen", def)
		}
		id := captchaID(t, browser)
		digits, err := p.app.Captcha.DigitsForTest(ctx, id)
		if err != nil {
			t.Fatalf("captcha %s: %v", id, err)
		}
		err = chromedp.Do(browser,
			// The business name as written; the address is suggested from it.
			chromedp.SendKeys(chromedp.ID("title"), businessName),
			chromedp.SendKeys(chromedp.ID("email"), "anna@e2e-bakery.example"),
			chromedp.SendKeys(chromedp.ID("password"), goodPassword),
			chromedp.SendKeys(chromedp.ID("captcha"), digits),
			chromedp.Click(chromedp.CSS(`input[name=terms]`)),
			// The live check answers while the person types; wait for it,
			// as a person reads it, before pressing the button.
			chromedp.WaitVisible(chromedp.CSS(`#name-live.ok`)),
		)
		if err != nil {
			t.Fatalf("fill in the form: %v\n%s", err, whereAmI(browser))
		}
		suggested, err := chromedp.Run(browser, chromedp.Value(chromedp.ID("name")))
		if err != nil || suggested != siteName {
			t.Fatalf("address suggested from %q: %q (%v), want %q", businessName, suggested, err, siteName)
		}
		screenshot(t, browser, "signup-business-name")
		err = chromedp.Do(browser,
			chromedp.Click(chromedp.CSS(submitButton)),
			chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		)
		if err != nil {
			t.Fatalf("sign up and wait for the admin dashboard: %v\n%s", err, whereAmI(browser))
		}
		loc, err := chromedp.Run(browser, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		wantAdmin := p.cfg.SiteURL(siteName) + "/admin"
		if !strings.HasPrefix(loc, wantAdmin) || strings.HasPrefix(loc, wantAdmin+"/") {
			t.Errorf("after signup the browser is at %s, want the dashboard %s", loc, wantAdmin)
		}
		screenshot(t, browser, "admin-dashboard")

		site, err := p.app.Sites.ByName(ctx, siteName)
		if err != nil {
			t.Fatalf("the new site: %v", err)
		}
		if site.Theme != design {
			t.Errorf("site design %q, want the chosen %q", site.Theme, design)
		}
		if site.Title != businessName {
			t.Errorf("site title %q, want the business name as written, %q", site.Title, businessName)
		}
		live := p.cfg.SiteURL(siteName) + "/"
		if err := chromedp.Do(browser, chromedp.Navigate(live), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("open the live site %s: %v", live, err)
		}
		title, err := chromedp.Run(browser, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(title, site.Title) {
			t.Errorf("live site <title> %q does not hold the site title %q", title, site.Title)
		}
		sheet := fmt.Sprintf("/%s/style.css", design) // under the designs' content hash
		linked, err := chromedp.Run(browser, chromedp.Evaluate[bool](fmt.Sprintf(
			`[...document.querySelectorAll('link[rel=stylesheet]')].some(l => /^\/assets\/theme\/[0-9a-f]{12}\//.test(l.getAttribute('href')) && l.getAttribute('href').endsWith(%q))`, sheet)))
		if err != nil {
			t.Fatal(err)
		}
		if !linked {
			t.Errorf("live site does not link the chosen design's stylesheet %s", sheet)
		}
		// Linked is not enough: the stylesheet must also have arrived.
		rules, err := chromedp.Run(browser, chromedp.Evaluate[int](fmt.Sprintf(
			`[...document.styleSheets].filter(s => s.href && new URL(s.href).pathname.endsWith(%q)).reduce((n, s) => n + s.cssRules.length, 0)`, sheet)))
		if err != nil {
			t.Fatal(err)
		}
		if rules == 0 {
			t.Errorf("the stylesheet %s was linked but has no rules in the browser", sheet)
		}
		// The e-mail the owner signed up with is theirs, not the site's:
		// nothing publishes it until they set a public one.
		text, err := chromedp.Run(browser, chromedp.OuterHTML(chromedp.CSS("html")))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text, "anna@e2e-bakery.example") {
			t.Errorf("the live site publishes the owner's sign-up e-mail")
		}
		screenshot(t, browser, "live-site")
		phoneScreenshot(t, browser, live, "main", "live-site-phone")
	})
}

// TestAnotherSiteInBrowser: a signed-in person creates a second site from
// "My sites" with only a design, a business name and the captcha, lands in
// its admin, and "My sites" then lists both, each a click away.
func TestAnotherSiteInBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	signupURL := p.cfg.PlatformURL() + "/signup"

	openSignup(t, browser, signupURL)
	id := captchaID(t, browser)
	digits, err := p.app.Captcha.DigitsForTest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(browser,
		chromedp.SendKeys(chromedp.ID("title"), "First Shop"),
		chromedp.SendKeys(chromedp.ID("email"), "two@e2e.example"),
		chromedp.SendKeys(chromedp.ID("password"), goodPassword),
		chromedp.SendKeys(chromedp.ID("captcha"), digits),
		chromedp.Click(chromedp.CSS(`input[name=terms]`)),
		chromedp.WaitVisible(chromedp.CSS(`#name-live.ok`)),
		chromedp.Click(chromedp.CSS(submitButton)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
	)
	if err != nil {
		t.Fatalf("first site: %v\n%s", err, whereAmI(browser))
	}

	mySites := p.cfg.PlatformURL() + "/sites"
	err = chromedp.Do(browser,
		chromedp.Navigate(mySites),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/signup"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/signup"]`)),
		chromedp.WaitVisible(chromedp.CSS(submitButton)),
	)
	if err != nil {
		t.Fatalf("from My sites to the form: %v\n%s", err, whereAmI(browser))
	}
	text, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS(signupForm)))
	if err != nil || !strings.Contains(text, "Create another site") {
		t.Fatalf("the form for a signed-in person: %v\n%s", err, text)
	}
	asks, err := chromedp.Run(browser, chromedp.Evaluate[bool](`!!document.querySelector('#password, #email, input[name=terms]')`))
	if err != nil || asks {
		t.Fatalf("a signed-in person is asked for a login again (%v)", err)
	}
	id = captchaID(t, browser)
	if digits, err = p.app.Captcha.DigitsForTest(ctx, id); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(`fieldset.designs label.design:nth-of-type(3)`)),
		chromedp.SendKeys(chromedp.ID("title"), secondName),
		chromedp.SendKeys(chromedp.ID("captcha"), digits),
		chromedp.WaitVisible(chromedp.CSS(`#name-live.ok`)),
	)
	if err != nil {
		t.Fatalf("fill in the second site: %v\n%s", err, whereAmI(browser))
	}
	if v, _ := chromedp.Run(browser, chromedp.Value(chromedp.ID("name"))); v != secondSite {
		t.Fatalf("address suggested from %q: %q, want %q", secondName, v, secondSite)
	}
	screenshot(t, browser, "another-site")
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(submitButton)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
	)
	if err != nil {
		t.Fatalf("create the second site: %v\n%s", err, whereAmI(browser))
	}
	if loc, _ := chromedp.Run(browser, chromedp.Location()); !strings.HasPrefix(loc, p.cfg.SiteURL(secondSite)+"/admin") {
		t.Fatalf("after the second site the browser is at %s", loc)
	}

	err = chromedp.Do(browser, chromedp.Navigate(mySites), chromedp.WaitVisible(chromedp.CSS(`main .grid`)))
	if err != nil {
		t.Fatal(err)
	}
	text, err = chromedp.Run(browser, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"First Shop", secondName, "Owner"} {
		if !strings.Contains(text, want) {
			t.Errorf("My sites lacks %q:\n%s", want, text)
		}
	}
	screenshot(t, browser, "my-sites")
	phoneScreenshot(t, browser, mySites, "main .grid", "my-sites-phone")

	// One click opens the first site's admin.
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(`main .grid .card:first-child button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
	)
	if err != nil {
		t.Fatalf("open the first site from My sites: %v\n%s", err, whereAmI(browser))
	}
	if loc, _ := chromedp.Run(browser, chromedp.Location()); !strings.HasPrefix(loc, p.cfg.SiteURL("first-shop")+"/admin") {
		t.Fatalf("the first card opened %s", loc)
	}
}

// openSignup loads the signup page and waits for its form.
func openSignup(t *testing.T, browser context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(browser, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(submitButton))); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	answerPlatformBar(t, browser)
}

// answerPlatformBar refuses the platform's cookie bar when it asks, as a
// person would before filling in a form: the bar sits over the bottom of
// the page, where the form's button may be.
func answerPlatformBar(t *testing.T, browser context.Context) {
	t.Helper()
	asks, err := chromedp.Run(browser, chromedp.Evaluate[bool](`!!document.querySelector('#consent:not([hidden])')`))
	if err != nil {
		t.Fatalf("cookie bar: %v", err)
	}
	if !asks {
		return
	}
	if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(`#consent button[value=reject]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`#consent`))); err != nil {
		t.Fatalf("answer the cookie bar: %v", err)
	}
}

// captchaID reads the hidden captcha ID of the form on the page.
func captchaID(t *testing.T, browser context.Context) string {
	t.Helper()
	id, err := chromedp.Run(browser, chromedp.Value(chromedp.CSS(captchaIDSel)))
	if err != nil || id == "" {
		t.Fatalf("captcha ID of the form: %q, %v", id, err)
	}
	return id
}

// wrong returns an answer that is certainly not digits.
func wrong(digits string) string {
	b := []byte(digits)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}
