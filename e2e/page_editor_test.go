package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestPageEditorStory is the owner's story of the visual editor: add a hero
// section to the home page, type a heading, choose an uploaded photo; the
// preview shows both at once, the live site not until Publish; after
// Publish it does; restoring the previous version brings the live site
// back.
func TestPageEditorStory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "crumbs", Title: "Crumbs Bakery", Email: "owner@crumbs.example",
		Password: goodPassword, Plan: plans.Trial})
	if err != nil {
		t.Fatal(err)
	}
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, res.Site.ID)
	if err != nil {
		t.Fatal(err)
	}
	home, err := p.app.Pages.BySlug(ctx, res.Site.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	admin := p.cfg.SiteURL("crumbs") + "/admin"
	editor := fmt.Sprintf("%s/pages/%d", admin, home.ID)
	photo := filepath.Join(t.TempDir(), "loaf.png")
	writePhoto(t, photo)
	const heading = "Sourdough fresh at seven"

	live := func() string {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+p.port+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "crumbs.localhost:" + p.port
		r, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("live home page: %d", r.StatusCode)
		}
		return string(b)
	}
	if strings.Contains(live(), heading) {
		t.Fatal("the heading is live before anything happened")
	}

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		stepCtx, cancel := context.WithTimeout(browser, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(stepCtx, actions...); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, whereAmI(browser))
		}
	}
	// until polls a script in the page until it answers true.
	until := func(what, js string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			ok, err := chromedp.Run(browser, chromedp.Evaluate[bool](js))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: never true (%v)\n%s", what, err, whereAmI(browser))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	step("log in and upload a photo",
		chromedp.Navigate(admin+"/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(admin+"/media"),
		chromedp.WaitVisible(chromedp.CSS(`#media-file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#media-file`), []string{photo}),
		chromedp.Click(chromedp.CSS(`form.media-upload button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`img[src^="/media/"]`)),
	)
	step("add a hero at the top",
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(`.section-list`)),
		chromedp.Click(chromedp.CSS(`a.button[href$="/add"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.gallery`)),
		chromedp.SetValue(chromedp.CSS(`#at`), "0"),
	)
	screenshot(t, browser, "admin-page-add-section")
	step("choose the hero",
		chromedp.Click(chromedp.CSS(`button.gallery-item[value=hero]`)),
		chromedp.WaitVisible(chromedp.CSS(`#s-heading`)),
	)
	// Type the heading and choose the photo; editor.js saves the draft and
	// reloads the preview.
	mediaID, err := chromedp.Run(browser, chromedp.Evaluate[string](
		`document.querySelector('#s-image optgroup option').value`))
	if err != nil || mediaID == "" {
		t.Fatalf("the picker lists no photo: %v", err)
	}
	step("type the heading and choose the photo",
		chromedp.Clear(chromedp.CSS(`#s-heading`)),
		chromedp.SendKeys(chromedp.CSS(`#s-heading`), heading),
		chromedp.SetValue(chromedp.CSS(`#s-image`), mediaID),
	)
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](
		`document.querySelector('#s-image').dispatchEvent(new Event('change', {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	inPreview := `(function(){var d=document.getElementById('preview').contentDocument;
		return !!d && !!d.body && d.body.innerText.indexOf(` + "`" + heading + "`" + `) >= 0 &&
		!!d.querySelector('img[src^="/media/` + mediaID + `/"]');})()`
	until("the preview shows the heading and the photo", inPreview)
	screenshot(t, browser, "admin-page-section")
	if strings.Contains(live(), heading) {
		t.Fatal("the live site shows the draft before Publish")
	}

	step("back to the page",
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(`.publish-bar`)),
	)
	until("the editor's preview shows the draft", inPreview)
	screenshot(t, browser, "admin-page-editor")
	step("publish",
		chromedp.Click(chromedp.CSS(`form[action$="/publish"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	got := live()
	if !strings.Contains(got, heading) || !strings.Contains(got, `/media/`+mediaID+`/`) {
		t.Fatalf("after Publish the live site lacks the heading or the photo:\n%s", got)
	}

	step("open the preview alone",
		chromedp.Navigate(editor+"/preview"),
		chromedp.WaitVisible(chromedp.CSS(`body`)),
	)
	screenshot(t, browser, "admin-page-preview")

	step("open the history",
		chromedp.Navigate(editor+"/history"),
		chromedp.WaitVisible(chromedp.CSS(`.history`)),
	)
	screenshot(t, browser, "admin-page-history")
	// Restore the version before: without the quick dialog, the
	// confirmation page asks.
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](
		`(function(){var f=document.querySelector('.history form');f.removeAttribute('data-confirm');f.submit();return true})()`)); err != nil {
		t.Fatal(err)
	}
	step("confirm the restore",
		chromedp.WaitReady(chromedp.CSS(`input[name=confirmed]`)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if strings.Contains(live(), heading) {
		t.Fatal("after restoring the previous version the live site still shows the heading")
	}

	phoneScreenshot(t, browser, editor, `.publish-bar`, "admin-page-editor-phone")
	phoneScreenshot(t, browser, editor+"/history", `.history`, "admin-page-history-phone")
	phoneScreenshot(t, browser, editor+"/preview", `body`, "admin-page-preview-phone")
	first, err := p.app.Pages.ByID(ctx, res.Site.ID, home.ID)
	if err != nil {
		t.Fatal(err)
	}
	secs, err := sections.Decode(first.Editing())
	if err != nil || len(secs) == 0 {
		t.Fatalf("home page sections: %v", err)
	}
	phoneScreenshot(t, browser, editor+"/sections/"+secs[0].ID, `.section-form`, "admin-page-section-phone")
}
