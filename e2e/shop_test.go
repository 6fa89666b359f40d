package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
)

// TestVariantPickerInBrowser chooses a product's options in a real browser:
// with the storefront's script, the price, SKU and availability change in
// place and the address names the variant, without a reload.
func TestVariantPickerInBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), storyTimeout)
	defer cancel()
	browser := newBrowser(t, ctx)
	p := startPlatform(t)
	res, err := p.app.Signup.Create(ctx, signup.NewSite{Name: "aprons", Email: "aprons@e2e.example", Password: goodPassword, Plan: plans.Trial})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := p.app.Catalog.CreateProduct(ctx, res.Site.ID, plans.MustGet(plans.Premium), catalog.ProductInput{
		Title: "Linen apron", Currency: "EUR", Status: catalog.StatusActive,
		Options: []catalog.Option{{Name: "Size", Values: []string{"S", "M"}}, {Name: "Colour", Values: []string{"Red", "Blue"}}},
		Variants: []catalog.VariantInput{
			{OptionValues: []string{"S", "Red"}, SKU: "A-S-RED", Price: 1000, Stock: 10, TrackStock: true, LowStockThreshold: 3},
			{OptionValues: []string{"S", "Blue"}, SKU: "A-S-BLUE", Price: 1100, Stock: 2, TrackStock: true, LowStockThreshold: 3},
			{OptionValues: []string{"M", "Red"}, SKU: "A-M-RED", Price: 1200, TrackStock: true},
			{OptionValues: []string{"M", "Blue"}, SKU: "A-M-BLUE", Price: 1300, CompareAtPrice: 1600, TrackStock: true, AllowBackorder: true},
		}})
	if err != nil {
		t.Fatal(err)
	}
	url := p.cfg.SiteURL("aprons") + "/products/linen-apron"
	if err := chromedp.Do(browser, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`form.variant-form`))); err != nil {
		t.Fatalf("open the product: %v\n%s", err, whereAmI(browser))
	}
	// The script hides the Choose button: choosing is enough.
	hidden, err := chromedp.Run(browser, chromedp.Evaluate[bool](`document.querySelector("[data-choose]").hidden`))
	if err != nil || !hidden {
		t.Fatalf("the script did not take over the form (hidden=%v, err=%v)\n%s", hidden, err, whereAmI(browser))
	}
	choose := func(field, value string) {
		t.Helper()
		js := `(function(){var s=document.querySelector("select[name=` + field + `]");s.value="` + value + `";s.dispatchEvent(new Event("change"));return true})()`
		if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatalf("choose %s=%s: %v", field, value, err)
		}
	}
	read := func() string {
		t.Helper()
		s, err := chromedp.Run(browser, chromedp.Evaluate[string](`[document.querySelector("[data-amount]").textContent,
			document.querySelector("[data-compare-at]").hidden ? "" : document.querySelector("[data-compare-at]").textContent,
			document.querySelector("[data-availability]").textContent, document.querySelector("[data-sku]").textContent,
			location.search].join("|")`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := read(); got != "€10.00||In stock|A-S-RED|" {
		t.Fatalf("first view: %q", got)
	}
	byTitle := map[string]string{}
	for _, v := range pr.Variants {
		byTitle[v.Title()] = "?variant=" + strconv.FormatInt(v.ID, 10)
	}
	steps := []struct{ field, value, want string }{
		{"o2", "Blue", "€11.00||Only 2 left|A-S-BLUE|" + byTitle["S / Blue"]},
		{"o1", "M", "€13.00|€16.00|Available to order|A-M-BLUE|" + byTitle["M / Blue"]},
		{"o2", "Red", "€12.00||Out of stock|A-M-RED|" + byTitle["M / Red"]},
	}
	for _, s := range steps {
		choose(s.field, s.value)
		if got := read(); got != s.want {
			t.Errorf("after %s=%s: %q, want %q", s.field, s.value, got, s.want)
		}
	}
	screenshot(t, browser, "shop-variant-picker")
}
