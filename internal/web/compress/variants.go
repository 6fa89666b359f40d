package compress

import (
	"net/http"
	"strconv"
	"sync"
)

// Variants is a body that is kept and served many times (a cached page, an
// embedded file) with its compressed forms, each made once, the first time
// a client asks for it, and kept with it. Serving a kept variant costs no
// compression.
type Variants struct {
	body         []byte
	compressible bool
	gzipOnce     sync.Once
	gzip         []byte
	brotliOnce   sync.Once
	brotli       []byte
}

// NewVariants keeps body, of the given Content-Type.
func NewVariants(body []byte, contentType string) *Variants {
	return &Variants{body: body, compressible: len(body) >= MinSize && Compressible(contentType)}
}

// Body is the uncompressed body.
func (v *Variants) Body() []byte { return v.body }

// Compressible reports whether the body is ever sent compressed.
func (v *Variants) Compressible() bool { return v.compressible }

// Bytes returns the body in coding enc, compressing it on the first call.
// A coding that would not make it smaller gives the body itself, with
// Identity.
func (v *Variants) Bytes(enc Encoding) ([]byte, Encoding) {
	if !v.compressible {
		return v.body, Identity
	}
	var b []byte
	switch enc {
	case Gzip:
		v.gzipOnce.Do(func() { v.gzip = Encode(Gzip, v.body) })
		b = v.gzip
	case Brotli:
		v.brotliOnce.Do(func() { v.brotli = Encode(Brotli, v.body) })
		b = v.brotli
	default:
		return v.body, Identity
	}
	if len(b) >= len(v.body) {
		return v.body, Identity
	}
	return b, enc
}

// Write sends the body with status in the coding the request asks for,
// with Content-Length and Vary; the caller sets Content-Type and caching
// headers first. A HEAD gets the headers the GET would.
func (v *Variants) Write(w http.ResponseWriter, r *http.Request, status int) {
	h := w.Header()
	b, enc := v.body, Identity
	if v.compressible {
		addVary(h)
		b, enc = v.Bytes(Negotiate(r.Header.Get("Accept-Encoding")))
	}
	if enc != Identity {
		h.Set("Content-Encoding", enc.Token())
	}
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}
