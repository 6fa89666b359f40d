package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestProductFromAdminToShop is the owner's and then the shopper's story:
// upload a photo, create a product with two options and four variants in
// the admin, see it in the shop, change the variant in the picker (price
// and availability follow), and find it by search.
func TestProductFromAdminToShop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "linen", Title: "Linen & Co", Email: "owner@linen.example",
		Password: goodPassword, Plan: plans.Trial})
	if err != nil {
		t.Fatal(err)
	}
	token, err := p.app.Accounts.NewToken(ctx, res.Account.ID, accounts.PurposeLogin, res.Site.ID)
	if err != nil {
		t.Fatal(err)
	}
	admin := p.cfg.SiteURL("linen") + "/admin"
	photo := filepath.Join(t.TempDir(), "apron.png")
	writePhoto(t, photo)

	// The owner logs in by the hand-over link and uploads a photo.
	err = chromedp.Do(browser,
		chromedp.Navigate(admin+"/sso?token="+url.QueryEscape(token)),
		chromedp.WaitVisible(chromedp.CSS(adminLandmark)),
		chromedp.Navigate(admin+"/media"),
		chromedp.WaitVisible(chromedp.CSS(`#media-file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#media-file`), []string{photo}),
		chromedp.Click(chromedp.CSS(`form.media-upload button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`img[src^="/media/"]`)),
	)
	if err != nil {
		t.Fatalf("upload a photo: %v\n%s", err, whereAmI(browser))
	}

	// A product with Size × Colour: the form builds the four variants.
	steps := []struct {
		what   string
		action chromedp.Action[chromedp.Void]
	}{
		{"open the form", chromedp.Navigate(admin + "/products/new")},
		{"see the title", chromedp.WaitVisible(chromedp.CSS(`input[name=title]`))},
		{"type the title", chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "Linen apron")},
		{"type the price", chromedp.SendKeys(chromedp.CSS(`input[name=price]`), "10.00")},
		{"make it active", chromedp.SetValue(chromedp.CSS(`select[name=status]`), "active")},
		{"name option 1", chromedp.SendKeys(chromedp.CSS(`#opt0-name`), "Size")},
		{"values of option 1", chromedp.SendKeys(chromedp.CSS(`#opt0-values`), "S, M")},
		{"name option 2", chromedp.SendKeys(chromedp.CSS(`#opt1-name`), "Colour")},
		{"values of option 2", chromedp.SendKeys(chromedp.CSS(`#opt1-values`), "Red, Blue")},
		// The photo's checkbox. A click at the picture's centre can land on
		// the sticky header once the page has scrolled, so the box is
		// clicked by script, as a click on it does.
		{"tick the photo", func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`(document.querySelector('input[name=image]').click(), document.querySelector('input[name=image]').checked)`)(ctx, tg)
			return chromedp.Void{}, err
		}},
		{"update the variants", chromedp.Click(chromedp.CSS(`button[name=update_variants]`))},
		{"see four variants", chromedp.WaitVisible(chromedp.CSS(`input[name="variants[3].price"]`))},
	}
	for _, s := range steps {
		stepCtx, cancel := context.WithTimeout(browser, 20*time.Second)
		err := chromedp.Do(stepCtx, s.action)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v\n%s", s.what, err, whereAmI(browser))
		}
	}
	// S/Blue costs more and is nearly gone; M/Blue is sold out.
	err = chromedp.Do(browser,
		chromedp.SendKeys(chromedp.CSS(`input[name="variants[1].price"]`), "11.50"),
		chromedp.SetValue(chromedp.CSS(`input[name="variants[0].stock"]`), "10"),
		chromedp.SetValue(chromedp.CSS(`input[name="variants[1].stock"]`), "2"),
		chromedp.SetValue(chromedp.CSS(`input[name="variants[2].stock"]`), "10"),
		chromedp.SetValue(chromedp.CSS(`input[name="variants[3].stock"]`), "0"),
		chromedp.SetValue(chromedp.CSS(`input[name="variants[1].lowStockThreshold"]`), "3"),
	)
	if err != nil {
		t.Fatalf("variant prices and stock: %v\n%s", err, whereAmI(browser))
	}
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](
		`[...document.querySelectorAll('input[name$=".trackStock"]')].every(c => (c.checked = true))`)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, browser, "admin-product-variants")
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(`form .editor-side button[type=submit]:not([name])`)),
		// The saved product's page: only a stored product can be deleted.
		// (The flash of "update the variants" is already on the page.)
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/delete"][data-confirm]`)),
	)
	if err != nil {
		t.Fatalf("create the product: %v\n%s", err, whereAmI(browser))
	}
	prod, err := p.app.Catalog.ProductBySlug(ctx, res.Site.ID, "linen-apron")
	if err != nil || len(prod.Variants) != 4 || len(prod.Images) != 1 {
		t.Fatalf("the product as stored: %+v, %v", prod, err)
	}

	// The shopper sees it, with the photo, and picks variants.
	shop := p.cfg.SiteURL("linen")
	err = chromedp.Do(browser,
		chromedp.Navigate(shop+"/products/linen-apron"),
		chromedp.WaitVisible(chromedp.CSS(`form.variant-form`)),
	)
	if err != nil {
		t.Fatalf("open the product in the shop: %v\n%s", err, whereAmI(browser))
	}
	if ok, _ := chromedp.Run(browser, chromedp.Evaluate[bool](`!!document.querySelector('main img[src^="/media/"]')`)); !ok {
		t.Error("the product page does not show the uploaded photo")
	}
	choose := func(field, value string) string {
		t.Helper()
		js := `(function(){var s=document.querySelector("select[name=` + field + `]");s.value="` + value + `";s.dispatchEvent(new Event("change"));
			return document.querySelector("[data-amount]").textContent+"|"+document.querySelector("[data-availability]").textContent})()`
		out, err := chromedp.Run(browser, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("choose %s=%s: %v", field, value, err)
		}
		return out
	}
	choose("o1", "S")
	if got := choose("o2", "Blue"); !strings.Contains(got, "11.50") || !strings.Contains(got, "2 left") {
		t.Errorf("S/Blue shows %q, want €11.50 and only 2 left", got)
	}
	if got := choose("o1", "M"); !strings.Contains(got, "10.00") || !strings.Contains(got, "Out of stock") {
		t.Errorf("M/Blue shows %q, want €10.00 and out of stock", got)
	}
	screenshot(t, browser, "shop-product")

	// Search finds it by a word of its title, typed with a typo.
	err = chromedp.Do(browser,
		chromedp.Navigate(shop+"/search?q=aprn"),
		chromedp.WaitVisible(chromedp.CSS(`main`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "Linen apron") {
		t.Fatalf("search for %q does not list the product: %v\n%s", "aprn", err, text)
	}
	screenshot(t, browser, "shop-search")
}

// writePhoto writes a PNG that looks like a photo of linen.
func writePhoto(t *testing.T, path string) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 900, 900))
	for y := 0; y < 900; y++ {
		for x := 0; x < 900; x++ {
			img.Set(x, y, color.NRGBA{uint8(180 + (x/30)%2*20), uint8(160 + (y/30)%2*20), 140, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
