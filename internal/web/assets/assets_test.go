package assets

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func testFiles(t *testing.T) *Files {
	t.Helper()
	css := strings.Repeat(".art-a { background-image: url(\"art-a.svg\"); }\n", 60)
	f, err := New(fstest.MapFS{
		"bakery/style.css": {Data: []byte(css)},
		"bakery/art-a.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"bakery/thumb.png": {Data: append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 2000)...)},
	}, "/assets/theme/", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestHashedAndPlainAddresses(t *testing.T) {
	f := testFiles(t)
	if !isHash(f.Version()) || f.URL("bakery/style.css") != "/assets/theme/"+f.Version()+"/bakery/style.css" {
		t.Fatalf("version %q, URL %q", f.Version(), f.URL("bakery/style.css"))
	}
	tests := []struct {
		name, path, accept string
		header             http.Header
		status             int
		cache, enc, ct     string
		bodyLen            int // -1: do not check
	}{
		{"hashed, br", f.URL("bakery/style.css"), "gzip, br", nil, 200, Immutable, "br", "text/css; charset=utf-8", -1},
		{"hashed, gzip", f.URL("bakery/style.css"), "gzip", nil, 200, Immutable, "gzip", "text/css; charset=utf-8", -1},
		{"hashed, plain", f.URL("bakery/style.css"), "", nil, 200, Immutable, "", "text/css; charset=utf-8", 2820},
		{"relative reference keeps the hash", f.URL("bakery/art-a.svg"), "br", nil, 200, Immutable, "", "image/svg+xml", -1},
		{"picture never compressed", f.URL("bakery/thumb.png"), "br", nil, 200, Immutable, "", "image/png", 2008},
		{"plain address, short cache", "/assets/theme/bakery/style.css", "br", nil, 200, Short, "br", "text/css; charset=utf-8", -1},
		{"another version's hash, short cache", "/assets/theme/0123456789ab/bakery/style.css", "", nil, 200, Short, "", "text/css; charset=utf-8", 2820},
		{"range is served plain", f.URL("bakery/style.css"), "br", http.Header{"Range": {"bytes=0-9"}}, 206, Immutable, "", "text/css; charset=utf-8", 10},
		{"no such file", f.URL("bakery/nothing.css"), "", nil, 404, "", "", "", -1},
		{"folder", f.URL("bakery"), "", nil, 404, "", "", "", -1},
		{"bad name", "/assets/theme/%ff", "", nil, 404, "", "", "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://x"+tt.path, nil)
			r.Header = tt.header.Clone()
			if r.Header == nil {
				r.Header = http.Header{}
			}
			if tt.accept != "" {
				r.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			f.ServeHTTP(rec, r)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status == 404 {
				return
			}
			h := rec.Header()
			if h.Get("Cache-Control") != tt.cache || h.Get("Content-Encoding") != tt.enc || h.Get("Content-Type") != tt.ct {
				t.Errorf("headers %v", h)
			}
			if tt.bodyLen >= 0 && rec.Body.Len() != tt.bodyLen {
				t.Errorf("%d bytes, want %d", rec.Body.Len(), tt.bodyLen)
			}
			if strings.HasPrefix(tt.ct, "text/") && h.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q", h.Get("Vary"))
			}
		})
	}
}

// TestConditionalAndHead: the tag the client holds gets a 304 for the
// coding it names; HEAD gets the GET's headers.
func TestConditionalAndHead(t *testing.T) {
	f := testFiles(t)
	get := func(method, accept, inm string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "http://x"+f.URL("bakery/style.css"), nil)
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, r)
		return rec
	}
	gz := get("GET", "gzip", "")
	plain := get("GET", "", "")
	if gz.Header().Get("Etag") == plain.Header().Get("Etag") {
		t.Fatalf("the gzip body and the plain one share the tag %s", gz.Header().Get("Etag"))
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != plain.Body.String() {
		t.Fatal("the gzip body is not the file")
	}
	for _, c := range []struct{ accept, etag string }{{"gzip", gz.Header().Get("Etag")}, {"", plain.Header().Get("Etag")}} {
		nm := get("GET", c.accept, c.etag)
		if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || nm.Header().Get("Content-Encoding") != "" ||
			nm.Header().Get("Vary") != "Accept-Encoding" || nm.Header().Get("Cache-Control") != Immutable {
			t.Errorf("If-None-Match %s (%q): %d %v", c.etag, c.accept, nm.Code, nm.Header())
		}
	}
	if other := get("GET", "gzip", plain.Header().Get("Etag")); other.Code != http.StatusOK {
		t.Errorf("the plain body's tag made the gzip one %d", other.Code)
	}
	head := get("HEAD", "gzip", "")
	if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Encoding") != "gzip" ||
		head.Header().Get("Content-Length") != gz.Header().Get("Content-Length") {
		t.Errorf("HEAD: %d %v", head.Code, head.Header())
	}
}
