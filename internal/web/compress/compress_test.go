package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		header string
		want   Encoding
	}{
		{"", Identity},
		{"gzip", Gzip},
		{"gzip, deflate, br", Brotli},
		{"gzip, br", Brotli},
		{"br;q=0.5, gzip", Gzip},
		{"br;q=0, gzip;q=0", Identity},
		{"identity", Identity},
		{"*", Brotli},
		{"*;q=0.1, gzip", Gzip},
		{"x-gzip", Gzip},
		{"BR", Brotli},
		{"gzip;q=bad", Identity},
		{"deflate", Identity},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.header); got != tt.want {
			t.Errorf("Negotiate(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestCompressible(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html; charset=utf-8": true, "text/css": true, "text/javascript; charset=utf-8": true,
		"image/svg+xml": true, "application/json": true, "application/xml; charset=utf-8": true,
		"application/rss+xml": true, "application/ld+json": true,
		"image/png": false, "image/jpeg": false, "application/pdf": false, "application/zip": false,
		"text/event-stream": false, "": false, "nonsense": false,
	} {
		if got := Compressible(ct); got != want {
			t.Errorf("Compressible(%q) = %v, want %v", ct, got, want)
		}
	}
}

// decode undoes the coding a response names.
func decode(t *testing.T, enc string, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch enc {
	case "":
		return b
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		t.Fatalf("unknown coding %q", enc)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return out
}

func TestHandler(t *testing.T) {
	page := strings.Repeat("<p>Fresh bread every morning.</p>\n", 100)
	serve := func(ct, body string, status int, extra http.Header) http.Handler {
		return Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for k, v := range extra {
				w.Header()[k] = v
			}
			if ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			w.WriteHeader(status)
			if r.Method != http.MethodHead {
				// In pieces, as templates write.
				for i := 0; i < len(body); i += 100 {
					_, _ = io.WriteString(w, body[i:min(i+100, len(body))])
				}
			}
		}))
	}
	tests := []struct {
		name         string
		method       string
		accept       string
		ct           string
		body         string
		status       int
		extra        http.Header
		wantEncoding string
		wantVary     bool
	}{
		{"html with br", "GET", "gzip, br", "text/html; charset=utf-8", page, 200, nil, "br", true},
		{"html with gzip", "GET", "gzip", "text/html; charset=utf-8", page, 200, nil, "gzip", true},
		{"html without coding", "GET", "", "text/html; charset=utf-8", page, 200, nil, "", true},
		{"error page too", "GET", "gzip", "text/html; charset=utf-8", page, 404, nil, "gzip", true},
		{"json", "GET", "br", "application/json", page, 200, nil, "br", true},
		{"tiny body", "GET", "br", "text/html; charset=utf-8", "<p>hi</p>", 200, nil, "", true},
		{"png", "GET", "br", "image/png", page, 200, nil, "", false},
		{"pdf", "GET", "br", "application/pdf", page, 200, nil, "", false},
		{"already coded", "GET", "br", "text/css", page, 200, http.Header{"Content-Encoding": {"gzip"}}, "gzip", false},
		{"partial content", "GET", "br", "text/css", page, 206, http.Header{"Content-Range": {"bytes 0-9/100"}}, "", false},
		{"head", "HEAD", "br", "text/html; charset=utf-8", page, 200, nil, "", true},
		{"not modified", "GET", "br", "text/css", "", 304, nil, "", true},
		{"sniffed html", "GET", "gzip", "", page, 200, nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/", nil)
			if tt.accept != "" {
				r.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			serve(tt.ct, tt.body, tt.status, tt.extra).ServeHTTP(rec, r)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.wantEncoding)
			}
			if got := rec.Header().Get("Vary") == "Accept-Encoding"; got != tt.wantVary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", rec.Header().Get("Vary"), tt.wantVary)
			}
			if tt.method == "HEAD" || tt.status == 304 {
				if rec.Body.Len() != 0 {
					t.Errorf("%d bytes of body", rec.Body.Len())
				}
				return
			}
			enc := rec.Header().Get("Content-Encoding")
			if tt.extra.Get("Content-Encoding") != "" {
				enc = "" // the handler's own bytes, passed through
			}
			if got := decode(t, enc, rec.Body.Bytes()); string(got) != tt.body {
				t.Errorf("body differs after decoding: %d bytes, want %d", len(got), len(tt.body))
			}
			if enc != "" && rec.Header().Get("Content-Length") != "" {
				t.Errorf("a compressed body kept the Content-Length %s of the plain one", rec.Header().Get("Content-Length"))
			}
		})
	}
}

// TestHandlerSniffs: a handler that sets no type gets the one net/http
// would, and HTML so found is compressed.
func TestHandlerSniffs(t *testing.T) {
	page := "<!doctype html><html><body>" + strings.Repeat("<p>Bread.</p>", 200) + "</body></html>"
	h := Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, page) }))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Header().Get("Content-Encoding") != "gzip" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("headers %v", rec.Header())
	}
	if string(decode(t, "gzip", rec.Body.Bytes())) != page {
		t.Fatal("body differs")
	}
}

// TestHandlerETag: a compressed body's strong tag differs from the plain
// body's, since it names other bytes.
func TestHandlerETag(t *testing.T) {
	page := strings.Repeat("body { color: red; }\n", 100)
	h := Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		w.Header().Set("Etag", `"abc"`)
		_, _ = io.WriteString(w, page)
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if got := rec.Header().Get("Etag"); got != `"abc-br"` {
		t.Errorf("ETag %q", got)
	}
}

func TestVariants(t *testing.T) {
	page := []byte(strings.Repeat("<li>Sourdough loaf, 4.50</li>\n", 200))
	v := NewVariants(page, "text/html; charset=utf-8")
	get := func(method, accept string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/", nil)
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		rec := httptest.NewRecorder()
		v.Write(rec, r, http.StatusOK)
		return rec
	}
	for _, accept := range []string{"", "gzip", "gzip, br"} {
		rec := get("GET", accept)
		enc := rec.Header().Get("Content-Encoding")
		if string(decode(t, enc, rec.Body.Bytes())) != string(page) {
			t.Errorf("%q: body differs", accept)
		}
		if rec.Header().Get("Vary") != "Accept-Encoding" || rec.Header().Get("Content-Length") != itoa(rec.Body.Len()) {
			t.Errorf("%q: headers %v", accept, rec.Header())
		}
	}
	head := get("HEAD", "br")
	if head.Body.Len() != 0 || head.Header().Get("Content-Encoding") != "br" || head.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %v, %d bytes", head.Header(), head.Body.Len())
	}
	// Kept: the second answer is the same bytes, and making it compresses
	// nothing (a brotli or gzip writer alone allocates far more).
	first := get("GET", "br").Body.Bytes()
	if second := get("GET", "br").Body.Bytes(); !bytes.Equal(first, second) {
		t.Error("the kept variant changed")
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip, br")
	allocs := testing.AllocsPerRun(50, func() { v.Write(discard{}, r, http.StatusOK) })
	if allocs > 5 {
		t.Errorf("serving a kept variant allocates %.0f times: is it compressed again?", allocs)
	}
	if small := NewVariants([]byte("<p>hi</p>"), "text/html"); small.Compressible() {
		t.Error("a tiny body is compressed")
	}
	if png := NewVariants(page, "image/png"); png.Compressible() {
		t.Error("a PNG is compressed")
	}
}

type discard struct{}

var discardHeader = http.Header{}

func (discard) Header() http.Header         { clear(discardHeader); return discardHeader }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

func itoa(n int) string { return strconv.Itoa(n) }
