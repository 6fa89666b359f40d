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
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/plans"
)

// TestPageMetaScreenshots draws the pages list, page settings, redirects,
// the design request pages and their operator view at desktop and phone
// widths, for a person to look at. It runs only when
// PAGECART_ADMIN_SCREENSHOTS names the directory to write them to.
func TestPageMetaScreenshots(t *testing.T) {
	dir := os.Getenv("PAGECART_ADMIN_SCREENSHOTS")
	if dir == "" {
		t.Skip("PAGECART_ADMIN_SCREENSHOTS is not set: no screenshots taken")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	for _, name := range []string{"croissant.gif", "bread.gif", "cake.gif"} {
		if _, err := h.App.Media.Upload(t.Context(), site.ID, plans.MustGet(plans.Premium), name, strings.NewReader(gif+name)); err != nil {
			t.Fatal(err)
		}
	}
	menu := pageID(t, h, site.ID, "menu")
	settings := fmt.Sprintf("/admin/pages/%d/settings", menu)
	b.Post(host, settings, url.Values{"title": {"Menu"}, "slug": {"our-menu"}, "in_nav": {"on"},
		"seo_title": {"Menu of Anna's bakery: bread, cakes, coffee"}, "seo_description": {"Sourdough, croissants and seasonal cakes baked every morning in the old town, with coffee from a local roaster."}})
	b.Post(host, "/admin/redirects", url.Values{"from": {"/old-site/menu.html"}, "to": {"/our-menu"}})
	b.Post(host, fmt.Sprintf("/admin/pages/%d/duplicate", menu), nil)
	copyID := pageID(t, h, site.ID, "copy-of-our-menu")
	b.Post(host, fmt.Sprintf("/admin/pages/%d/settings", copyID), url.Values{"title": {"Lost your way? Have a look at our menu"},
		"slug": {"lost"}, "not_found": {"on"}})
	res := b.Post(host, "/admin/design-request", url.Values{"what": {"A warm, rustic look with hand-drawn icons; our menu and opening hours on the home page; a gallery of cakes."},
		"examples": {"https://example.com/rustic\nhttps://example.org/cafe"}, "budget": {"500 EUR"}, "deadline": {"Before Easter"},
		"contact_email": {"anna@example.com"}, "contact_phone": {"+420 123 456 789"}})
	thread := res.Location
	h.NewOperator("ops@example.com")
	op := h.LoginOperator("ops@example.com")
	reqID := thread[strings.LastIndex(thread, "/")+1:]
	opPath := fmt.Sprintf("/operator/design-requests/%d/%s", site.ID, reqID)
	op.Post(h.PlatformHost(), opPath+"/reply", url.Values{"body": {"Thank you, Anna! We can make this for 450 EUR in three weeks.\nShall we start?"}})
	op.Post(h.PlatformHost(), opPath+"/status", url.Values{"status": {"quoted"}})
	b.Post(host, thread+"/reply", url.Values{"body": {"Yes please, go ahead!"}})
	b.Get(host, "/admin")                 // shows, and so clears, the last flash
	op.Get(h.PlatformHost(), "/operator") // the operator's too

	shots := map[string]apptest.Response{
		"pm-pages":                    b.Get(host, "/admin/pages"),
		"pm-page-settings":            b.Get(host, settings),
		"pm-page-settings-errors":     b.Post(host, settings, url.Values{"title": {""}, "slug": {"Bad slug!"}, "seo_description": {strings.Repeat("Too long. ", 120)}}),
		"pm-redirects":                b.Get(host, "/admin/redirects"),
		"pm-design-request":           b.Get(host, "/admin/design-request"),
		"pm-design-request-errors":    b.Post(host, "/admin/design-request", url.Values{"contact_email": {"anna@"}, "examples": {"not a url"}}),
		"pm-design-request-thread":    b.Get(host, thread),
		"pm-operator-design-requests": op.Get(h.PlatformHost(), "/operator/design-requests"),
		"pm-operator-design-request":  op.Get(h.PlatformHost(), opPath),
		"pm-storefront-404":           h.Browser().Get(host, "/no-such-page"),
	}
	for name, r := range shots {
		if r.Status >= 500 || r.Body == "" {
			t.Fatalf("%s: %d", name, r.Status)
		}
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
