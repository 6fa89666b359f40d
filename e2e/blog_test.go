package e2e

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestBlogPostWithRichText is an owner writing a first post: the rich text
// toolbar makes a word bold and adds a heading, the post is published, and
// visitors see it on /blog with the bold text. A new Journal site starts
// with sample posts that its article cards link to. Screenshots of the
// admin's list and editor and of the blog in two designs, at both widths.
func TestBlogPostWithRichText(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "crumb", Title: "Crumb Bakery", Email: "owner@crumb.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "bakery"})
	if err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "loaf.png")
	writePhoto(t, photo)
	f, err := os.Open(photo)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := p.app.Media.Upload(ctx, res.Site.ID, plans.MustGet(plans.Business), "loaf.png", f); err != nil {
		t.Fatal(err)
	}
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, res.Site.ID)
	if err != nil {
		t.Fatal(err)
	}
	site := p.cfg.SiteURL("crumb")
	type step struct {
		what   string
		action chromedp.Action[chromedp.Void]
	}
	run := func(steps []step) {
		t.Helper()
		for _, s := range steps {
			if err := chromedp.Do(browser, s.action); err != nil {
				t.Fatalf("%s: %v\n%s", s.what, err, whereAmI(browser))
			}
		}
	}
	typeText := func(s string) chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(s) }
	script := func(expr string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`(`+expr+`, true)`)(ctx, tg)
			return chromedp.Void{}, err
		}
	}
	// A click by script, as a click on it does: a click at the centre can
	// land on the sticky header once the page has scrolled.
	click := func(sel string) chromedp.Action[chromedp.Void] {
		return script(`document.querySelector('` + sel + `').click()`)
	}
	run([]step{
		{"log in", chromedp.Navigate(site + "/admin/sso?token=" + url.QueryEscape(token))},
		{"see the admin", chromedp.WaitVisible(chromedp.CSS(adminLandmark))},
		{"open the blog", chromedp.Navigate(site + "/admin/blog")},
		{"see the empty state", chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/blog/new"].button`))},
	})
	screenshot(t, browser, "admin-blog-empty")
	run([]step{
		{"write the first post", chromedp.Click(chromedp.CSS(`section.empty a[href="/admin/blog/new"]`))},
		{"see the toolbar", chromedp.WaitVisible(chromedp.CSS(`.rt-toolbar .rt-bold`))},
		{"type the title", chromedp.SendKeys(chromedp.CSS(`#title`), "Rye, slowly")},
		{"click into the text", chromedp.Click(chromedp.CSS(`.rt-editor`))},
		{"type", typeText("Our rye is ")},
		{"bold on", chromedp.Click(chromedp.CSS(`.rt-toolbar .rt-bold`))},
		{"type bold", typeText("really good")},
		{"bold off", chromedp.Click(chromedp.CSS(`.rt-toolbar .rt-bold`))},
		{"type more", typeText(" bread.")},
		{"new paragraph", typeText("\r")},
		{"heading", chromedp.Click(chromedp.CSS(`.rt-toolbar .rt-h2`))},
		{"type the heading", typeText("How we bake it")},
		{"new paragraph again", typeText("\r")},
		{"type before the link", typeText("Order at ")},
		{"open the link dialog", chromedp.Click(chromedp.CSS(`.rt-toolbar .rt-link`))},
		{"see the dialog", chromedp.WaitVisible(chromedp.CSS(`dialog.rt-dialog input`))},
		{"type the address", chromedp.SendKeys(chromedp.CSS(`dialog.rt-dialog input`), "/visit")},
		{"add the link", chromedp.Click(chromedp.CSS(`dialog.rt-dialog button[value=ok]`))},
		{"see the dialog close", chromedp.WaitNotVisible(chromedp.CSS(`dialog.rt-dialog`))},
		// The link is added when the dialog's close event has run.
		{"see the link", chromedp.WaitVisible(chromedp.CSS(`.rt-editor a[href="/visit"]`))},
		{"a new paragraph for the paste", typeText("\r")},
		// Text pasted from a word processor keeps its structure only.
		{"paste", script(`(function () {
			var dt = new DataTransfer();
			dt.setData("text/html", '<h1 style="color:red">Pasted</h1><p><span style="font-size:30px">plain <b>bold</b></span><script>alert(1)<\/script><a href="javascript:alert(2)">bad</a></p>');
			document.querySelector(".rt-editor").dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		})()`)},
		{"choose the cover", click(`input[name=cover]:not([value=""])`)},
		{"publish", click(`input[name=status][value=published]`)},
		{"tags", chromedp.SendKeys(chromedp.CSS(`#tags`), "Bread, Rye")},
	})
	html, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector('textarea[name=body]').value`))
	if err != nil || !strings.Contains(html, "<b>really good</b>") || !strings.Contains(html, "<h2>How we bake it</h2>") ||
		!strings.Contains(html, `<a href="/visit">/visit</a>`) || !strings.Contains(html, "<h2>Pasted</h2>") ||
		!strings.Contains(html, "<strong>bold</strong>") {
		t.Fatalf("the hidden textarea holds %q, %v", html, err)
	}
	for _, bad := range []string{"style=", "<span", "script", "javascript:", "<h1"} {
		if strings.Contains(html, bad) {
			t.Errorf("the pasted text kept %q: %s", bad, html)
		}
	}
	run([]step{{"scroll to the top", script(`window.scrollTo(0, 0)`)}})
	screenshot(t, browser, "admin-blog-editor")
	run([]step{
		{"save", chromedp.Click(chromedp.CSS(`.actions button[type=submit]:not([name])`))},
		{"see it saved", chromedp.WaitVisible(chromedp.CSS(`#flash`))},
		{"open the list", chromedp.Navigate(site + "/admin/blog")},
		{"see the post", chromedp.WaitVisible(chromedp.CSS(`table .badge.ok`))},
	})
	screenshot(t, browser, "admin-blog-list")
	phoneScreenshot(t, browser, site+"/admin/blog", `table`, "admin-blog-list-phone")
	phoneScreenshot(t, browser, site+"/admin/blog/new", `.rt-toolbar`, "admin-blog-editor-phone")

	// The product description uses the same editor.
	run([]step{
		{"open the products", chromedp.Navigate(site + "/admin/products")},
		{"see them", chromedp.WaitVisible(chromedp.CSS(`table.products`))},
		{"open a product", script(`Array.from(document.querySelectorAll('a')).find(function (a) { return /\/admin\/products\/\d+$/.test(a.getAttribute('href')); }).click()`)},
		{"see its description in the editor", chromedp.WaitVisible(chromedp.CSS(`.rt .rt-editor`))},
	})
	desc, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector('.rt .rt-editor').innerText.trim().length > 0 && document.querySelector('textarea[name=description]').hidden ? "ok" : "empty"`))
	if err != nil || desc != "ok" {
		t.Fatalf("the product description is not in the editor: %q, %v", desc, err)
	}
	screenshot(t, browser, "admin-product-richtext")

	posts, err := p.app.Blog.Recent(ctx, res.Site.ID, 5)
	if err != nil || len(posts) != 1 || posts[0].CoverID == 0 {
		t.Fatalf("posts = %+v, %v", posts, err)
	}
	run([]step{
		{"open the blog", chromedp.Navigate(site + "/blog")},
		{"answer the cookie bar", chromedp.Click(chromedp.CSS(`#consent button[value=reject]`))},
		{"see it gone", chromedp.WaitNotVisible(chromedp.CSS(`#consent`))},
		{"see the card", chromedp.WaitVisible(chromedp.CSS(`.posts article.post h3 a[href="/blog/rye-slowly"]`))},
	})
	screenshot(t, browser, "blog-bakery")
	run([]step{
		{"open the post", chromedp.Click(chromedp.CSS(`.posts article.post h3 a`))},
		{"see the bold text", chromedp.WaitVisible(chromedp.CSS(`.post-body b`))},
	})
	bold, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.querySelector('.post-body b').textContent + "|" + document.querySelector('.post-body h2').textContent`))
	if err != nil || bold != "really good|How we bake it" {
		t.Fatalf("the post shows %q, %v", bold, err)
	}
	screenshot(t, browser, "blog-bakery-post")
	phoneScreenshot(t, browser, site+"/blog", `.posts`, "blog-bakery-phone")
	phoneScreenshot(t, browser, site+"/blog/rye-slowly", `.post-body`, "blog-bakery-post-phone")

	// A new journal: its home page's article cards lead to real posts.
	if _, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "inkwell", Title: "Inkwell", Email: "owner@inkwell.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "journal"}); err != nil {
		t.Fatal(err)
	}
	journal := p.cfg.SiteURL("inkwell")
	slug := blog.SampleSlugs()[1]
	run([]step{
		{"open the journal", chromedp.Navigate(journal + "/")},
		{"answer the cookie bar", chromedp.Click(chromedp.CSS(`#consent button[value=reject]`))},
		{"see it gone", chromedp.WaitNotVisible(chromedp.CSS(`#consent`))},
		{"see a card", chromedp.WaitVisible(chromedp.CSS(`.posts h3 a[href="/blog/` + slug + `"]`))},
		{"follow it", chromedp.Click(chromedp.CSS(`.posts h3 a[href="/blog/` + slug + `"]`))},
		{"see the post", chromedp.WaitVisible(chromedp.CSS(`.post-body h2`))},
	})
	screenshot(t, browser, "blog-journal-post")
	run([]step{
		{"open the list", chromedp.Navigate(journal + "/blog")},
		{"see the posts", chromedp.WaitVisible(chromedp.CSS(`.posts article.post`))},
	})
	screenshot(t, browser, "blog-journal")
	phoneScreenshot(t, browser, journal+"/blog", `.posts`, "blog-journal-phone")
	phoneScreenshot(t, browser, journal+"/blog/"+slug, `.post-body`, "blog-journal-post-phone")

	// Studio: the same blog in a third design.
	studio, _ := p.app.Signup.Create(ctx, signup.NewSite{Name: "easel", Title: "Easel Studio", Email: "owner@easel.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "studio"})
	for _, title := range []string{"A new studio", "Notes on colour", "Open day"} {
		if _, err := p.app.Blog.Create(ctx, studio.Site.ID, blog.Input{Title: title, Body: "<p>Some <b>news</b> from the studio.</p>",
			Tags: "News", AuthorName: "Eva", Status: blog.Published}); err != nil {
			t.Fatal(err)
		}
	}
	run([]step{
		{"open the studio's blog", chromedp.Navigate(p.cfg.SiteURL("easel") + "/blog")},
		{"answer the cookie bar", chromedp.Click(chromedp.CSS(`#consent button[value=reject]`))},
		{"see the posts", chromedp.WaitVisible(chromedp.CSS(`.posts article.post`))},
	})
	screenshot(t, browser, "blog-studio")
	phoneScreenshot(t, browser, p.cfg.SiteURL("easel")+"/blog/notes-on-colour", `.post-body`, "blog-studio-post-phone")
}
