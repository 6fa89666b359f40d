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

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/invoices"
)

// TestOrderScreenshots renders the orders admin's pages (the list, an
// order, its invoice and packing slip, statuses, e-mails, customers) in
// headless Chromium at a desktop and a phone width. It runs only when
// PAGECART_ADMIN_SCREENSHOTS names the directory to write them to.
func TestOrderScreenshots(t *testing.T) {
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
	b := h.Login(host, owner.Email)
	variant := shopOf(t, h, site)
	if err := h.App.Invoices.SaveSettings(ctx, site.ID, invoices.Settings{SellerName: "Pekárna Dvořák s.r.o.",
		SellerAddress: "Dlouhá 12\n110 00 Praha", CompanyID: "12345678", TaxID: "CZ12345678",
		BankAccount: "CZ65 0800 0000 1920 0014 5399", DueDays: 14, Footer: "Registered at the Municipal Court in Prague, C 12345"}); err != nil {
		t.Fatal(err)
	}
	jana, _, err := h.App.Customers.Register(ctx, site.ID, "buyer1@example.com", "a long enough password", "Jana Nováková", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.App.Customers.Register(ctx, site.ID, "petr@example.com", "a long enough password", "Petr Černý", ""); err != nil {
		t.Fatal(err)
	}
	names := []string{"Antonín Dvořák", "Jana Nováková", "Eva Svobodová", "Petr Černý", "Lucie Horáková"}
	var ids []int64
	for i, n := range names {
		o := placeOrder(t, h, site, variant, 1+i%3, n, fmt.Sprintf("buyer%d@example.com", i))
		ids = append(ids, o.ID)
	}
	if _, err := h.App.DB.Exec(ctx, `UPDATE orders SET customer_id = ? WHERE site_id = ? AND email = ?`, jana.ID, site.ID, "buyer1@example.com"); err != nil {
		t.Fatal(err)
	}
	order := fmt.Sprintf("/admin/orders/%d", ids[0])
	b.Post(host, order+"/status", url.Values{"status": {"shipped"}})
	b.Post(host, order+"/payments", url.Values{"amount": {"20.00"}, "note": {"Bank statement of 3 March"}})
	b.Post(host, order+"/note", url.Values{"staff_note": {"Fragile: wrap the apron in paper."}})
	b.Post(host, order+"/invoices", url.Values{"kind": {"invoice"}})
	b.Post(host, fmt.Sprintf("/admin/orders/%d/status", ids[2]), url.Values{"status": {"completed"}})
	b.Post(host, fmt.Sprintf("/admin/orders/%d/cancel", ids[3]), url.Values{"confirmed": {"1"}})
	docs, err := h.App.Invoices.ForOrder(ctx, site.ID, ids[0])
	if err != nil || len(docs) == 0 {
		t.Fatalf("invoice: %v", err)
	}
	shots := map[string]apptest.Response{
		"orders":         b.Get(host, "/admin/orders"),
		"orders-empty":   b.Get(host, "/admin/orders?q=nobody"),
		"order":          b.Get(host, order),
		"order-cancel":   b.Get(host, order+"/cancel"),
		"invoice":        b.Get(host, fmt.Sprintf("/admin/invoices/%d", docs[0].ID)),
		"packing-slip":   b.Get(host, order+"/packing-slip"),
		"order-statuses": b.Get(host, "/admin/order-statuses"),
		"emails":         b.Get(host, "/admin/emails"),
		"email":          b.Get(host, "/admin/emails/received"),
		"email-errors": b.Post(host, "/admin/emails/shipped", url.Values{"subject": {"Order {{.Order.Numbr}}"},
			"body": {"{{range 5}}x{{end}}"}, "action": {"save"}}),
		"invoice-settings": b.Get(host, "/admin/settings/invoices"),
	}
	shots["customers"] = b.Get(host, "/admin/customers")
	shots["customer"] = b.Get(host, fmt.Sprintf("/admin/customers/%d", jana.ID))
	shots["customer-delete"] = b.Get(host, fmt.Sprintf("/admin/customers/%d/delete", jana.ID))

	mux := http.NewServeMux()
	mux.Handle("/", h.App.Server)
	for name, res := range shots {
		mux.HandleFunc("GET /__shot/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(res.Body))
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
