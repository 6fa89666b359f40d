package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// dropFiles makes pictures in the page (a canvas drawn and encoded by the
// browser) and drops them on the upload form, as a person dragging files
// from their computer does: a drop event carrying a DataTransfer with the
// files. A spec of "fake" is a text file with a picture's name.
const dropFiles = `(async (specs) => {
  const make = (s) => new Promise((resolve) => {
    if (s.fake) { resolve(new File(["this is not a picture, whatever its name says"], s.name, {type: "image/png"})); return; }
    const c = document.createElement("canvas");
    c.width = s.w; c.height = s.h;
    const g = c.getContext("2d");
    const grad = g.createLinearGradient(0, 0, s.w, s.h);
    grad.addColorStop(0, s.from); grad.addColorStop(1, s.to);
    g.fillStyle = grad; g.fillRect(0, 0, s.w, s.h);
    g.fillStyle = "rgba(255,255,255,.55)";
    g.beginPath(); g.arc(s.w / 2, s.h / 2, Math.min(s.w, s.h) / 4, 0, 2 * Math.PI); g.fill();
    c.toBlob((b) => resolve(new File([b], s.name, {type: s.type})), s.type, 0.9);
  });
  const files = await Promise.all(specs.map(make));
  const dt = new DataTransfer();
  files.forEach((f) => dt.items.add(f));
  const form = document.querySelector("form.media-upload");
  form.dispatchEvent(new DragEvent("dragenter", {dataTransfer: dt, bubbles: true, cancelable: true}));
  form.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
  return files.length;
})(%s)`

// holdUploads makes the page's uploads wait for releaseUploads(), so that
// the screenshot of a drop in progress shows it in progress on a machine
// where a local upload takes a millisecond.
const holdUploads = `(() => {
  const send = XMLHttpRequest.prototype.send;
  const held = [];
  XMLHttpRequest.prototype.send = function (body) {
    if (body instanceof FormData) { held.push(() => send.call(this, body)); } else { send.call(this, body); }
  };
  window.releaseUploads = () => { XMLHttpRequest.prototype.send = send; held.splice(0).forEach((go) => go()); return true; };
  return true;
})()`

// imagesLoaded waits until every picture of the library has loaded.
const imagesLoaded = `Promise.all([...document.querySelectorAll("#media-results img")].map((i) =>
  i.complete && i.naturalWidth ? true : new Promise((r) => { i.addEventListener("load", r); i.addEventListener("error", r); }))).then(() => true)`

// TestDropPicturesOnTheMediaLibrary: the owner drops two pictures on the
// library; each gets its line with a progress bar and "added", the library
// shows both without a reload, and they are stored as the types their
// content says. At a phone's width, a text file named .png dropped with a
// picture is refused on its line while the picture is added.
func TestDropPicturesOnTheMediaLibrary(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "crumbs", Title: "Crumbs Bakery", Email: "owner@crumbs.example",
		Password: goodPassword, Plan: plans.Trial, Theme: "bakery"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, res.Site.ID)
	if err != nil {
		t.Fatal(err)
	}
	admin := p.cfg.SiteURL("crumbs") + "/admin"
	drop := func(specs string) {
		t.Helper()
		n, err := chromedp.Run(browser, chromedp.Evaluate[int](strings.Replace(dropFiles, "%s", specs, 1), chromedp.EvalAwaitPromise))
		if err != nil || n == 0 {
			t.Fatalf("drop files: %d, %v\n%s", n, err, whereAmI(browser))
		}
	}

	err = chromedp.Do(browser,
		chromedp.Navigate(admin+"/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(admin+"/media"),
		chromedp.WaitVisible(chromedp.CSS(`form.media-upload.can-drop .drop-hint`)),
	)
	if err != nil {
		t.Fatalf("open the media library: %v\n%s", err, whereAmI(browser))
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](holdUploads)); err != nil {
		t.Fatal(err)
	}
	drop(`[{name: "crust-close-up.png", type: "image/png", w: 1600, h: 1200, from: "#c8743a", to: "#f3e3c8"},
	       {name: "window-display.jpg", type: "image/jpeg", w: 1200, h: 900, from: "#3a6ec8", to: "#e3c8f3"}]`)
	if err := chromedp.Do(browser, chromedp.WaitVisible(chromedp.CSS(`.media-progress-item + .media-progress-item progress`))); err != nil {
		t.Fatalf("no progress lines after the drop: %v\n%s", err, whereAmI(browser))
	}
	screenshot(t, browser, "media-drop-uploading")
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](`window.releaseUploads()`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(browser,
		chromedp.WaitVisible(chromedp.CSS(`.media-progress-item.done ~ .media-progress-item.done`)),
		chromedp.WaitVisible(chromedp.CSS(`#media-results .media-grid li:nth-child(2) img`)),
	)
	if err != nil {
		t.Fatalf("the two pictures did not arrive: %v\n%s", err, whereAmI(browser))
	}
	status, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS(`.media-upload-status`)))
	if err != nil || !strings.Contains(status, "2 files added.") {
		t.Errorf("status %q, %v", status, err)
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](imagesLoaded, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, browser, "media-drop-done")

	list, err := p.app.Media.List(ctx, res.Site.ID, media.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, m := range list.Items {
		types[m.Filename] = m.ContentType
	}
	if types["crust-close-up.png"] != media.PNG || types["window-display.jpg"] != media.JPEG || len(types) != 2 {
		t.Errorf("stored %v", types)
	}

	// A phone: one picture and one text file that only has a picture's name.
	err = chromedp.Do(browser,
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(1)),
		chromedp.Navigate(admin+"/media"),
		chromedp.WaitVisible(chromedp.CSS(`form.media-upload.can-drop .drop-hint`)),
	)
	if err != nil {
		t.Fatalf("open the library at a phone's width: %v", err)
	}
	drop(`[{name: "logo.png", type: "image/png", w: 600, h: 600, from: "#2f7a4a", to: "#c8f3d8"}, {name: "notes.png", fake: true}]`)
	err = chromedp.Do(browser,
		chromedp.WaitVisible(chromedp.CSS(`.media-progress-item.done`)),
		chromedp.WaitVisible(chromedp.CSS(`.media-progress-item.failed`)),
		chromedp.WaitVisible(chromedp.CSS(`#media-results .media-grid li:nth-child(3) img`)),
	)
	if err != nil {
		t.Fatalf("the phone's drop: %v\n%s", err, whereAmI(browser))
	}
	refused, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS(`.media-progress-item.failed .media-progress-note`)))
	if err != nil || !strings.Contains(refused, "notes.png") {
		t.Errorf("the refused file's line says %q (%v)", refused, err)
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](imagesLoaded, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, browser, "media-drop-phone")
	if err := chromedp.Do(browser, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		t.Fatal(err)
	}
}
