package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestContactFormToInbox is a visitor writing to a site: a wrong captcha
// shows why and keeps the message; the right one sends it, and it lands in
// the owner's inbox and in the outbox to the site's contact address.
func TestContactFormToInbox(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "oven", Title: "Oven & Co", Email: "owner@oven.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "studio"})
	if err != nil {
		t.Fatal(err)
	}
	site := res.Site
	if _, err := p.app.Forms.Save(ctx, site.ID, forms.Default("Write to us")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.app.Pages.Create(ctx, site.ID, plans.MustGet(plans.Business), pages.Input{Slug: "write", Title: "Write to us",
		Body: "<p>We answer within a day.</p><p>[form contact]</p>"}); err != nil {
		t.Fatal(err)
	}
	const text = "Could you bake a rye loaf for Saturday?"
	fill := func(answer func(id string) string) {
		t.Helper()
		id, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector('input[name=captcha_id]').value`))
		if err != nil {
			t.Fatalf("captcha id: %v\n%s", err, whereAmI(browser))
		}
		// A person takes a few seconds; faster is refused as a bot.
		time.Sleep(forms.MinFillTime + 200*time.Millisecond)
		err = chromedp.Do(browser,
			chromedp.SetValue(chromedp.CSS(`input[name=captcha]`), answer(id)),
			chromedp.Click(chromedp.CSS(`.contact-form button.button[type=submit]`)),
		)
		if err != nil {
			t.Fatalf("send: %v\n%s", err, whereAmI(browser))
		}
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(p.cfg.SiteURL("oven")+"/write"),
		chromedp.WaitVisible(chromedp.CSS(`#consent button[value=reject]`)),
		chromedp.Click(chromedp.CSS(`#consent button[value=reject]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`#consent`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=f_name]`), "Anna"),
		chromedp.SendKeys(chromedp.CSS(`input[name=f_email]`), "anna@example.com"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=f_message]`), text),
		chromedp.Click(chromedp.CSS(`input[name=consent]`)),
	)
	if err != nil {
		t.Fatalf("fill the form: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "contact-form")
	fill(func(string) string { return "000000" })
	err = chromedp.Do(browser, chromedp.WaitVisible(chromedp.CSS(`.form-problem`)))
	if err != nil {
		t.Fatalf("see the refusal: %v\n%s", err, whereAmI(browser))
	}
	kept, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector('textarea[name=f_message]').value`))
	if err != nil || kept != text {
		t.Fatalf("the message was not kept: %q, %v", kept, err)
	}
	body, _ := chromedp.Run(browser, chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(body, forms.MsgCaptcha) {
		t.Fatalf("no reason given:\n%s", body)
	}
	if hidden, _ := chromedp.Run(browser, chromedp.Evaluate[bool](`document.getElementById("consent").hidden`)); !hidden {
		t.Fatal("the cookie bar asks again on the refused form, though the visitor chose")
	}
	screenshot(t, browser, "contact-form-refused")
	if msgs, _, _ := p.app.Forms.Inbox(ctx, site.ID, forms.InboxQuery{}); len(msgs) != 0 {
		t.Fatal("a refused message was stored")
	}
	fill(func(id string) string {
		digits, err := p.app.Captcha.DigitsForTest(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return digits
	})
	if err := chromedp.Do(browser, chromedp.WaitVisible(chromedp.CSS(`p.lede[role=status]`))); err != nil {
		t.Fatalf("see the thanks: %v\n%s", err, whereAmI(browser))
	}
	msgs, _, err := p.app.Forms.Inbox(ctx, site.ID, forms.InboxQuery{})
	if err != nil || len(msgs) != 1 || msgs[0].Lines[2].Value != text {
		t.Fatalf("inbox: %+v, %v", msgs, err)
	}
	outbox, _, err := p.app.Mail.Outbox(ctx, 10, 0)
	found := false
	for _, m := range outbox {
		found = found || (m.To == "owner@oven.example" && strings.Contains(m.Text, text))
	}
	if err != nil || !found {
		t.Fatalf("no e-mail to the site in the outbox: %+v, %v", outbox, err)
	}

	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(p.cfg.SiteURL("oven")+"/admin/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(p.cfg.SiteURL("oven")+"/admin/inbox"),
		chromedp.WaitVisible(chromedp.CSS(`ul.rows`)),
	)
	if err != nil {
		t.Fatalf("inbox: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "admin-inbox")
	err = chromedp.Do(browser, chromedp.Click(chromedp.CSS(`ul.rows a`)), chromedp.WaitVisible(chromedp.CSS(`dl.message`)))
	if err != nil {
		t.Fatalf("open the message: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "admin-message")
	err = chromedp.Do(browser, chromedp.Navigate(p.cfg.SiteURL("oven")+"/admin/forms"), chromedp.WaitVisible(chromedp.CSS(`ul.rows a`)),
		chromedp.Click(chromedp.CSS(`ul.rows a`)), chromedp.WaitVisible(chromedp.CSS(`.builder-row`)))
	if err != nil {
		t.Fatalf("form builder: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "admin-form-builder")
}
