package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// fetch sends one request to the whole handler with the given headers.
func fetch(h *apptest.Harness, method, host, path string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://"+host+path, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func decoded(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var r io.Reader = bytes.NewReader(rec.Body.Bytes())
	switch enc := rec.Header().Get("Content-Encoding"); enc {
	case "":
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	default:
		t.Fatalf("coding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestStorefrontPagesAreCompressed: the cached home page goes out in the
// coding the browser asks for, the same page once decoded; a cache hit
// sends the very bytes kept from the first answer; HEAD and the tiny
// robots.txt stay plain; Vary says the answer depends on Accept-Encoding.
func TestStorefrontPagesAreCompressed(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("crumb", "crumb@example.com")
	host := h.SiteHost(site.Name)
	plain := fetch(h, "GET", host, "/", nil)
	if plain.Code != 200 || plain.Header().Get("Content-Encoding") != "" || plain.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("plain home: %d %v", plain.Code, plain.Header())
	}
	for _, c := range []struct{ accept, want string }{{"gzip", "gzip"}, {"gzip, deflate, br", "br"}, {"br;q=0, gzip", "gzip"}, {"identity", ""}} {
		first := fetch(h, "GET", host, "/", http.Header{"Accept-Encoding": {c.accept}})
		second := fetch(h, "GET", host, "/", http.Header{"Accept-Encoding": {c.accept}})
		if first.Code != 200 || first.Header().Get("Content-Encoding") != c.want || first.Header().Get("Vary") != "Accept-Encoding" {
			t.Fatalf("%q: %d %v", c.accept, first.Code, first.Header())
		}
		if got := decoded(t, first); got != plain.Body.String() {
			t.Errorf("%q: the decoded page differs from the plain one", c.accept)
		}
		if !bytes.Equal(first.Body.Bytes(), second.Body.Bytes()) || first.Header().Get("Content-Length") != second.Header().Get("Content-Length") {
			t.Errorf("%q: the cache hit sent other bytes than the first answer", c.accept)
		}
		if c.want != "" && first.Body.Len()*3 > plain.Body.Len() {
			t.Errorf("%q: %d bytes compressed of %d", c.accept, first.Body.Len(), plain.Body.Len())
		}
	}
	head := fetch(h, "HEAD", host, "/", http.Header{"Accept-Encoding": {"br"}})
	if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("HEAD: %d %v (%d bytes)", head.Code, head.Header(), head.Body.Len())
	}
	robots := fetch(h, "GET", host, "/robots.txt", http.Header{"Accept-Encoding": {"br"}})
	if robots.Code != 200 || robots.Header().Get("Content-Encoding") != "" {
		t.Errorf("robots.txt (%d bytes): %v", robots.Body.Len(), robots.Header())
	}
	// A page made per request (the design's 404) is compressed on the way.
	missing := fetch(h, "GET", host, "/no-such-page", http.Header{"Accept-Encoding": {"gzip"}})
	if missing.Code != 404 || missing.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(decoded(t, missing), "</html>") {
		t.Errorf("404 page: %d %v", missing.Code, missing.Header())
	}
}

var hashedSheet = regexp.MustCompile(`href="(/assets/theme/([0-9a-f]{12})/([a-z-]+)/style\.css)"`)

// TestDesignFilesHaveHashedAddresses: the page links the design's
// stylesheet under the files' hash, which browsers keep for a year, and
// the pictures the stylesheet names relatively are there under the same
// hash; the plain address still answers, for an hour.
func TestDesignFilesHaveHashedAddresses(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("crumb", "crumb@example.com")
	host := h.SiteHost(site.Name)
	page := fetch(h, "GET", host, "/", nil).Body.String()
	m := hashedSheet.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no hashed stylesheet link in the page:\n%s", apptest.Excerpt(page))
	}
	sheet, hash, design := m[1], m[2], m[3]
	for _, want := range []string{`/assets/theme/` + hash + `/consent.js"`, `/assets/theme/` + hash + `/consent.css"`, `/assets/theme/` + hash + `/` + design + `/favicon.svg"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not link %s", want)
		}
	}
	css := fetch(h, "GET", host, sheet, http.Header{"Accept-Encoding": {"gzip, br"}})
	if css.Code != 200 || css.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		css.Header().Get("Content-Encoding") != "br" || !strings.HasPrefix(css.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("%s: %d %v", sheet, css.Code, css.Header())
	}
	body := decoded(t, css)
	refs := regexp.MustCompile(`url\("([a-z0-9-]+\.svg)"\)`).FindAllStringSubmatch(body, -1)
	if len(refs) == 0 {
		t.Fatalf("the stylesheet names no picture")
	}
	for _, ref := range refs {
		// What the browser asks for: the reference resolved against the
		// stylesheet's own address.
		p := "/assets/theme/" + hash + "/" + design + "/" + ref[1]
		svg := fetch(h, "GET", host, p, http.Header{"Accept-Encoding": {"br"}})
		if svg.Code != 200 || svg.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" ||
			svg.Header().Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s: %d %v", p, svg.Code, svg.Header())
		}
	}
	old := fetch(h, "GET", host, "/assets/theme/"+design+"/style.css", nil)
	if old.Code != 200 || old.Header().Get("Cache-Control") != "public, max-age=3600" || old.Body.String() != body {
		t.Errorf("plain address: %d %v", old.Code, old.Header())
	}
	nm := fetch(h, "GET", host, sheet, http.Header{"Accept-Encoding": {"gzip, br"}, "If-None-Match": {css.Header().Get("Etag")}})
	if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d %v", nm.Code, nm.Header())
	}
	part := fetch(h, "GET", host, sheet, http.Header{"Accept-Encoding": {"gzip, br"}, "Range": {"bytes=0-15"}})
	if part.Code != http.StatusPartialContent || part.Header().Get("Content-Encoding") != "" || part.Body.String() != body[:16] {
		t.Errorf("Range: %d %v %q", part.Code, part.Header(), part.Body.String())
	}
	thumb := fetch(h, "GET", host, "/assets/theme/"+hash+"/"+design+"/thumbnail.png", http.Header{"Accept-Encoding": {"br"}})
	if thumb.Code != 200 || thumb.Header().Get("Content-Encoding") != "" || thumb.Header().Get("Content-Type") != "image/png" {
		t.Errorf("thumbnail: %d %v", thumb.Code, thumb.Header())
	}
}

// TestAdminFilesHaveHashedAddresses: Pagecart's own pages link their
// stylesheet and scripts under the hash, are compressed themselves, and
// the plain /_ui/ address keeps working.
func TestAdminFilesHaveHashedAddresses(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("crumb", "crumb@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	media := b.Get(host, "/admin/media")
	for _, f := range []string{"app.css", "app.js", "media.js", "media.css"} {
		if !strings.Contains(media.Body, `"`+ui.StaticURL(f)+`"`) {
			t.Errorf("the media page does not link %s", ui.StaticURL(f))
		}
	}
	for _, host := range []string{host, h.PlatformHost()} {
		css := fetch(h, "GET", host, ui.StaticURL("app.css"), http.Header{"Accept-Encoding": {"gzip"}})
		if css.Code != 200 || css.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || css.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%s %s: %d %v", host, ui.StaticURL("app.css"), css.Code, css.Header())
		}
		plain := fetch(h, "GET", host, "/_ui/app.css", nil)
		if plain.Code != 200 || plain.Header().Get("Cache-Control") != "public, max-age=3600" || plain.Body.String() != decoded(t, css) {
			t.Errorf("%s /_ui/app.css: %d %v", host, plain.Code, plain.Header())
		}
	}
	login := fetch(h, "GET", h.PlatformHost(), "/login", http.Header{"Accept-Encoding": {"br"}})
	if login.Code != 200 || login.Header().Get("Content-Encoding") != "br" || !strings.Contains(decoded(t, login), "</html>") {
		t.Errorf("platform login page: %d %v", login.Code, login.Header())
	}
}
