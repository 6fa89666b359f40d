package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
)

func TestProductEditorVariantsImagesAndErrors(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("shop", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	apptest.Expect(t, b.Send(uploadRequest(t, host, upload{"shirt.png", testPNG(t, 400, 300, 3)})), http.StatusSeeOther)
	var mediaID int64
	if err := h.App.DB.QueryRow(ctx, `SELECT id FROM media WHERE site_id = ?`, site.ID).Scan(&mediaID); err != nil {
		t.Fatal(err)
	}
	mid := strconv.FormatInt(mediaID, 10)
	apptest.Expect(t, b.Get(host, "/admin/products/new"), http.StatusOK, `name="image" value="`+mid+`"`, "Update variants")

	form := url.Values{"title": {"Linen shirt"}, "price": {"12.50"}, "status": {"active"},
		"options[0].name": {"Size"}, "options[0].values": {"S, M"}, "options[1].name": {"Colour"}, "options[1].values": {"Red, Blue"},
		"image": {mid}, "order_" + mid: {"1"}, "variant_count": {"1"}}
	// "Update variants" rebuilds the grid without saving.
	upd := cloneForm(form)
	upd.Set("update_variants", "1")
	apptest.Expect(t, b.Post(host, "/admin/products/new", upd), http.StatusOK, "4 variants", "S / Red", "M / Blue")
	if n := h.Count(`SELECT COUNT(*) FROM products WHERE site_id = ?`, site.ID); n != 0 {
		t.Fatalf("update variants saved %d products", n)
	}
	form.Set("variant_count", "4")
	for i, vs := range [][2]string{{"S", "Red"}, {"S", "Blue"}, {"M", "Red"}, {"M", "Blue"}} {
		k := func(s string) string { return fmt.Sprintf("variants[%d].%s", i, s) }
		form.Set(k("optionValues[0]"), vs[0])
		form.Set(k("optionValues[1]"), vs[1])
		form.Set(k("stock"), strconv.Itoa(i+1))
		form.Set(k("trackStock"), "1")
		form.Set(k("sku"), "SH-"+vs[0]+"-"+vs[1])
	}
	form.Set("variants[3].price", "15")
	res := b.Post(host, "/admin/products/new", form)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Product “Linen shirt” created. Shoppers see it at /products/linen-shirt.")
	p, err := h.App.Catalog.ProductBySlug(ctx, site.ID, "linen-shirt")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Variants) != 4 || p.Variants[0].Price != 1250 || p.Variants[3].Price != 1500 || p.Variants[2].Stock != 3 ||
		!p.Variants[0].TrackStock || len(p.Images) != 1 || p.Images[0].MediaID != mediaID {
		t.Fatalf("stored product: %+v", p)
	}
	if n := h.Count(`SELECT COUNT(*) FROM media_uses WHERE site_id = ? AND owner_kind = 'product' AND owner_id = ?`, site.ID, p.ID); n != 1 {
		t.Fatalf("media uses = %d", n)
	}
	apptest.Expect(t, b.Get(host, "/admin/media/"+mid), http.StatusOK, "Product “Linen shirt”")

	// Editing keeps the variants (their IDs and stock) and adds a size.
	edit := fmt.Sprintf("/admin/products/%d", p.ID)
	res = b.Get(host, edit)
	apptest.Expect(t, res, http.StatusOK, `value="Linen shirt"`, `value="12.50"`, `value="15.00"`, "301")
	form.Set("options[0].values", "S, M, L")
	for i, v := range p.Variants {
		form.Set(fmt.Sprintf("variants[%d].id", i), strconv.FormatInt(v.ID, 10))
	}
	form.Set("slug", "linen-shirt-2")
	res = b.Post(host, edit, form)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Product saved.")
	again, _ := h.App.Catalog.Product(ctx, site.ID, p.ID)
	if len(again.Variants) != 6 || again.Slug != "linen-shirt-2" {
		t.Fatalf("after edit: %d variants, slug %q", len(again.Variants), again.Slug)
	}
	for _, v := range p.Variants {
		found := false
		for _, w := range again.Variants {
			if w.ID == v.ID && w.Stock == v.Stock {
				found = true
			}
		}
		if !found {
			t.Fatalf("variant %v lost its ID or stock", v.OptionValues)
		}
	}

	// Bad input: each message next to its field, the typed values kept.
	simple := url.Values{"title": {"Mug"}, "price": {"9"}, "variant_count": {"1"}}
	for _, c := range []struct {
		name, field, value, want string
	}{
		{"no title", "title", "", "Give the product a title."},
		{"price with letters", "price", "12,5x", "Enter a price such as 12.50 (digits and one decimal point)."},
		{"too many decimals", "price", "1.234", "Enter a price such as 12.50 (digits and one decimal point)."},
		{"compare-at below price", "compareAtPrice", "5", "The compare-at price must be higher than the price, or left empty."},
		{"bad EAN", "ean", "123", "Enter an EAN (GTIN) of 8, 12, 13 or 14 digits with its check digit."},
		{"bad slug", "slug", "Bad Slug!", "Use 1 to 100 letters a–z, digits and hyphens."},
		{"taken SKU", "sku", "SH-S-Red", "Another product already uses this SKU."},
		{"weight", "weightGrams", "heavy", "Enter the weight in whole grams, such as 250."},
		{"option without values", "options[0].name", "Size", "Give the option at least one value."},
		{"variant price", "variants[0].price", "abc", "Enter a price such as 12.50 (digits and one decimal point)."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := cloneForm(simple)
			f.Set(c.field, c.value)
			apptest.Expect(t, b.Post(host, "/admin/products/new", f), http.StatusUnprocessableEntity, c.want, "Please check the form.")
		})
	}
	if n := h.Count(`SELECT COUNT(*) FROM products WHERE site_id = ?`, site.ID); n != 1 {
		t.Fatalf("bad input stored products: %d", n)
	}

	// Delete asks first.
	apptest.Expect(t, b.Post(host, edit+"/delete", nil), http.StatusOK, "Delete the product “Linen shirt”?")
	res = b.Post(host, edit+"/delete", url.Values{"confirmed": {"1"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Product “Linen shirt” deleted.")
	if _, err := h.App.Catalog.Product(ctx, site.ID, p.ID); err != catalog.ErrProductNotFound {
		t.Fatalf("after delete: %v", err)
	}
	if n := h.Count(`SELECT COUNT(*) FROM media_uses WHERE site_id = ?`, site.ID); n != 0 {
		t.Fatalf("media uses after delete = %d", n)
	}
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
