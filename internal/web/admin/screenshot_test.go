package admin_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
)

// TestScreenshots renders the main admin pages in headless Chromium at a
// desktop and a phone width, for a person to look at. It runs only when
// PAGECART_ADMIN_SCREENSHOTS names the directory to write them to.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("PAGECART_ADMIN_SCREENSHOTS")
	if dir == "" {
		t.Skip("PAGECART_ADMIN_SCREENSHOTS is not set: no screenshots taken")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	h.StaffMember(site, "eddie@example.com", accounts.RoleEditor)
	for i := range 3 {
		_, _ = h.App.Pages.Create(ctx, site.ID, plans.MustGet(plans.Premium),
			pages.Input{Title: fmt.Sprintf("Seasonal special %d", i+1), Slug: fmt.Sprintf("special-%d", i+1)})
	}
	b := h.Login(host, owner.Email)
	invite(t, h, b, site, "mandy@example.com", "manager")
	mediaEmpty := b.Get(host, "/admin/media")
	item := screenshotMedia(t, h, b, host)

	// Each shot is a page as this browser got it, served again by path so
	// that Chromium fetches the stylesheet and images from the same host.
	shots := map[string]apptest.Response{
		"dashboard": b.Get(host, "/admin?welcome=1"),
		"settings-errors": b.Post(host, "/admin/settings", url.Values{"title": {""}, "contact_email": {"anna@"},
			"time_zone": {"Mars/Olympus"}, "language": {"en"}, "currency": {"EUR"}}),
		"pages":        b.Get(host, "/admin/pages"),
		"page":         b.Get(host, "/admin/pages/new"),
		"plans":        b.Get(host, "/admin/plans"),
		"staff":        b.Get(host, "/admin/staff"),
		"design":       b.Get(host, "/admin/design"),
		"login":        h.Browser().Get(host, "/admin/login"),
		"account":      b.Post(host, "/admin/account/password", url.Values{"current": {"nope"}, "password": {"x"}}),
		"media-empty":  mediaEmpty,
		"media":        b.Get(host, "/admin/media"),
		"media-item":   b.Get(host, item),
		"media-delete": b.Get(host, item+"/delete"),
		"media-refused": b.Send(uploadRequest(t, host, upload{"menu.png", []byte("<html></html>")},
			upload{"notes.txt", []byte("hello")})),
	}
	product := screenshotCatalog(t, h, site.ID)
	shots["products"] = b.Get(host, "/admin/products")
	shots["product"] = b.Get(host, fmt.Sprintf("/admin/products/%d", product))
	shots["product-new-errors"] = b.Post(host, "/admin/products/new", url.Values{"title": {""}, "price": {"12,5x"},
		"option1_name": {"Size"}, "option1_values": {"S, M"}})
	shots["categories"] = b.Get(host, "/admin/categories")
	shots["inventory"] = b.Get(host, "/admin/inventory")
	shots["settings-shipping"] = b.Get(host, "/admin/settings/shipping")
	shots["settings-payments"] = b.Get(host, "/admin/settings/payments")
	shots["settings-taxes"] = b.Post(host, "/admin/settings/taxes/rates", url.Values{"class": {""}, "country": {"Germany"}, "rate": {"19"}})
	shots["order-new"] = b.Post(host, "/admin/orders/new", url.Values{"key": {"admin-shot-key-00001"}, "sku0": {"NOPE"}, "email": {"karel@example.com"}})
	shots["api-new-token"] = b.Post(host, "/admin/api/tokens", url.Values{"name": {"Accounting sync"},
		"scope": {"read_products", "write_products"}, "allowed_ips": {"203.0.113.0/24"}, "daily_cap": {"5000"}})
	shots["api-errors"] = b.Post(host, "/admin/api/tokens", url.Values{"name": {""}, "allowed_ips": {"nope"}})
	shots["api-docs"] = b.Get(host, "/admin/api/docs")
	if err := h.App.Sites.SetPlan(ctx, site.ID, plans.Free); err != nil {
		t.Fatal(err)
	}
	shots["pages-readonly"] = b.Get(host, "/admin/pages")

	mux := http.NewServeMux()
	mux.Handle("/", h.App.Server)
	for name, res := range shots {
		mux.HandleFunc("GET /__shot/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(res.Body))
		})
	}
	// Headless Chromium will not make a window narrower than about 500px,
	// so a phone is an iframe of the phone's width, cropped afterwards.
	mux.HandleFunc("GET /__phone/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><body style="margin:0"><iframe src="/__shot/%s" width="%d" height="%d" style="border:0;display:block"></iframe>`,
			r.PathValue("name"), phone.w, phone.h)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, res := range shots {
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(res.Body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range shots {
		apptest.Screenshot(t, chromium, fmt.Sprintf("http://bakery.localhost:%s/__shot/%s", port, name), 1280, 1100,
			filepath.Join(dir, name+"-1280.png"))
		out := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, phone.w))
		apptest.Screenshot(t, chromium, fmt.Sprintf("http://bakery.localhost:%s/__phone/%s", port, name), 600, phone.h, out)
		apptest.CropWidth(t, out, phone.w)
	}
}

var phone = struct{ w, h int }{390, 1600}

// screenshotCatalog fills the shop of the screenshots: categories and a few
// products, one with options and variants, some low on stock. It returns the
// ID of the product with variants.
func screenshotCatalog(t *testing.T, h *apptest.Harness, siteID int64) int64 {
	t.Helper()
	ctx := context.Background()
	bread, err := h.App.Catalog.CreateCategory(ctx, siteID, catalog.CategoryInput{Title: "Bread"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Catalog.CreateCategory(ctx, siteID, catalog.CategoryInput{Title: "Sourdough", ParentID: bread.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Catalog.CreateCategory(ctx, siteID, catalog.CategoryInput{Title: "Coffee"}); err != nil {
		t.Fatal(err)
	}
	var withVariants int64
	for i, title := range []string{"Country sourdough", "Rye loaf", "Cinnamon bun", "House blend coffee", "Oat cookies"} {
		in := catalog.ProductInput{Title: title, Price: int64(350 + 150*i), Currency: "EUR", Status: catalog.StatusActive,
			CategoryIDs: []int64{bread.ID}, SKU: fmt.Sprintf("SKU-%d", i+1),
			Variants: []catalog.VariantInput{{Price: int64(350 + 150*i), Stock: 2 + 7*i, TrackStock: true, LowStockThreshold: 5}}}
		if i == 3 {
			in.Options = []catalog.Option{{Name: "Weight", Values: []string{"250 g", "1 kg"}}, {Name: "Grind", Values: []string{"Beans", "Filter"}}}
			in.Variants = nil
			for _, w := range []string{"250 g", "1 kg"} {
				for _, g := range []string{"Beans", "Filter"} {
					in.Variants = append(in.Variants, catalog.VariantInput{OptionValues: []string{w, g}, Price: in.Price, Stock: 3, TrackStock: true, LowStockThreshold: 5})
				}
			}
		}
		p, err := h.App.Catalog.CreateProduct(ctx, siteID, plans.MustGet(plans.Business), in)
		if err != nil {
			t.Fatalf("product %s: %v", title, err)
		}
		if i == 3 {
			withVariants = p.ID
		}
	}
	return withVariants
}
