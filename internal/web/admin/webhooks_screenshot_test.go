package admin_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// TestWebhookScreenshots renders the webhook pages in headless Chromium at
// a desktop and a phone width, with a delivery that needed retries, when
// PAGECART_ADMIN_SCREENSHOTS names the directory to write them to.
func TestWebhookScreenshots(t *testing.T) {
	dir := os.Getenv("PAGECART_ADMIN_SCREENSHOTS")
	if dir == "" {
		t.Skip("PAGECART_ADMIN_SCREENSHOTS is not set: no screenshots taken")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	h := apptest.New(t, fastHooks)
	ctx := t.Context()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	flaky := newHookReceiver(t, http.StatusServiceUnavailable)
	if _, err := h.App.Webhooks.Create(ctx, site.ID, webhooks.Input{Topic: "orders/create", URL: "https://erp.example.com/pagecart/orders"}); err != nil {
		t.Fatal(err)
	}
	paused, err := h.App.Webhooks.Create(ctx, site.ID, webhooks.Input{Topic: "inventory/change", URL: "https://warehouse.example.net/hooks/stock"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Webhooks.Pause(ctx, site.ID, paused.ID); err != nil {
		t.Fatal(err)
	}
	sub, err := h.App.Webhooks.Create(ctx, site.ID, webhooks.Input{Topic: "products/create", URL: flaky.URL + "/hooks/products"})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Rye loaf", "Sourdough"} {
		if _, err := h.App.Catalog.CreateProduct(ctx, site.ID, plans.MustGet(plans.Business), catalog.ProductInput{
			Title: title, Price: 450, Currency: "EUR", Status: catalog.StatusActive}); err != nil {
			t.Fatal(err)
		}
	}
	h.Eventually("a few failed attempts", func() bool { return flaky.count() >= 6 })
	flaky.mu.Lock()
	flaky.status = http.StatusOK
	flaky.mu.Unlock()
	h.Eventually("both delivered", func() bool {
		page, err := h.App.Webhooks.Deliveries(ctx, site.ID, sub.ID, 0, 0)
		return err == nil && len(page.Deliveries) == 2 && page.Deliveries[0].Status == webhooks.DeliverySucceeded &&
			page.Deliveries[1].Status == webhooks.DeliverySucceeded
	})
	detail := fmt.Sprintf("/admin/webhooks/%d", sub.ID)
	shots := map[string]apptest.Response{
		"webhooks-empty": h.Login(h.SiteHost(mustSite(t, h, "empty")), "empty@example.com").Get(h.SiteHost("empty"), "/admin/webhooks"),
		"webhooks":       b.Get(host, "/admin/webhooks"),
		"webhooks-created": b.Post(host, "/admin/webhooks", url.Values{"topic": {"orders/paid"},
			"url": {"https://accounts.example.org/pagecart/paid"}}),
		"webhooks-errors": b.Post(host, "/admin/webhooks", url.Values{"topic": {"orders/paid"}, "url": {"erp.example.com/hooks"}}),
		"webhook":         b.Get(host, detail),
		"webhook-paused":  b.Get(host, fmt.Sprintf("/admin/webhooks/%d", paused.ID)),
		"webhook-delete":  b.Get(host, detail+"/delete"),
	}
	mux := http.NewServeMux()
	mux.Handle("/", h.App.Server)
	for name, res := range shots {
		mux.HandleFunc("GET /__shot/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			// Open every delivery's details, so the shot shows the attempts.
			body := res.Body
			if name == "webhook" {
				body += `<script>document.querySelectorAll("table details").forEach(d => d.open = true)</script>`
			}
			_, _ = w.Write([]byte(body))
		})
	}
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
	for name := range shots {
		apptest.Screenshot(t, chromium, fmt.Sprintf("http://bakery.localhost:%s/__shot/%s", port, name), 1280, 1100,
			filepath.Join(dir, name+"-1280.png"))
		out := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, phone.w))
		apptest.Screenshot(t, chromium, fmt.Sprintf("http://bakery.localhost:%s/__phone/%s", port, name), 600, phone.h, out)
		apptest.CropWidth(t, out, phone.w)
	}
}

func mustSite(t *testing.T, h *apptest.Harness, name string) string {
	t.Helper()
	s, _ := h.NewSite(name, name+"@example.com")
	return s.Name
}
