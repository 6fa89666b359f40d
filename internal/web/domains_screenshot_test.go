package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/miekg/dns"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/domains/dnstest"
)

// TestDomainsScreenshots renders the Domains page (a verified primary
// domain, a pending apex with a wrong record, an add form with an error)
// at a desktop and a phone width. It runs only when
// PAGECART_ADMIN_SCREENSHOTS names the directory to write them to.
func TestDomainsScreenshots(t *testing.T) {
	dir := os.Getenv("PAGECART_ADMIN_SCREENSHOTS")
	if dir == "" {
		t.Skip("PAGECART_ADMIN_SCREENSHOTS is not set: no screenshots taken")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	dnsSrv := dnstest.Start(t)
	h := apptest.New(t, func(c *config.Config) {
		c.DNSResolver = dnsSrv.Addr
		c.PublicIPs = []netip.Addr{netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("2001:db8::10")}
	})
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	added, err := h.App.Domains.Add(ctx, site.ID, "bäckerei-anna.de", true)
	if err != nil {
		t.Fatal(err)
	}
	createRecords(dnsSrv, added[1])
	dnsSrv.Set(added[0].Host, dns.TypeA, "203.0.113.80")
	for _, d := range added {
		if _, err := h.App.Domains.Check(ctx, site.ID, d.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.App.Domains.SetPrimary(ctx, site.ID, added[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Domains.PlaceOrder(ctx, site.ID, owner.ID, "anna-bakes.example"); err != nil {
		t.Fatal(err)
	}
	h.NewOperator("ops@example.com")
	op := h.LoginOperator("ops@example.com")
	shots := map[string]apptest.Response{
		"domains-buy":      b.Get(host, "/admin/domains?buy=fresh-bread.example"),
		"operator-domains": op.Get(h.PlatformHost(), "/operator/domains"),
		"domains":          b.Get(host, "/admin/domains"),
		"domains-error":    b.Post(host, "/admin/domains", url.Values{"domain": {"shop.localhost"}}),
		"domains-remove":   b.Get(host, fmt.Sprintf("/admin/domains/%d/remove", added[1].ID)),
	}
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
		fmt.Fprintf(w, `<!doctype html><body style="margin:0"><iframe src="/__shot/%s" width="390" height="3400" style="border:0;display:block"></iframe>`,
			r.PathValue("name"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name := range shots {
		apptest.Screenshot(t, chromium, fmt.Sprintf("http://bakery.localhost:%s/__shot/%s", port, name), 1280, 2600,
			filepath.Join(dir, name+"-1280.png"))
		out := filepath.Join(dir, name+"-390.png")
		apptest.Screenshot(t, chromium, fmt.Sprintf("http://bakery.localhost:%s/__phone/%s", port, name), 600, 3400, out)
		apptest.CropWidth(t, out, 390)
	}
}
