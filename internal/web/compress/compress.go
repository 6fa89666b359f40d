// Package compress sends text responses (HTML, CSS, JavaScript, SVG, JSON,
// XML) gzip- or brotli-compressed to the clients that ask for it: a
// middleware for responses made per request, and Variants for bodies that
// are kept (the storefront's page cache, the embedded static files), which
// are compressed once per encoding and then served as they are.
package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Encoding is a content coding the server can send.
type Encoding int

// The codings, in the order of the server's preference when the client
// accepts several equally: brotli is smaller for text.
const (
	Identity Encoding = iota
	Gzip
	Brotli
)

// Token is the coding's name in Content-Encoding ("" for Identity).
func (e Encoding) Token() string {
	switch e {
	case Gzip:
		return "gzip"
	case Brotli:
		return "br"
	}
	return ""
}

// MinSize is the smallest body worth compressing: below about a kilobyte
// the coding's own header and the CPU cost buy nothing.
const MinSize = 1024

// Negotiate picks the coding to send from an Accept-Encoding header:
// brotli when the client accepts it at least as much as gzip, then gzip,
// else none. A coding with q=0 is refused; "*" stands for any coding not
// named.
func Negotiate(acceptEncoding string) Encoding {
	if acceptEncoding == "" {
		return Identity
	}
	br, gz, star := -1.0, -1.0, -1.0
	for part := range strings.SplitSeq(acceptEncoding, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		switch name {
		case "br":
			br = q
		case "gzip", "x-gzip":
			gz = q
		case "*":
			star = q
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case br > 0 && br >= gz:
		return Brotli
	case gz > 0:
		return Gzip
	}
	return Identity
}

// Compressible reports whether a response of this Content-Type is text that
// compresses well. Pictures (but SVG), PDFs, archives and fonts are
// compressed already; an event stream must reach the client as it is made.
func Compressible(contentType string) bool {
	// Not mime.ParseMediaType: it allocates, and this runs on every
	// response; only the media type before any parameter matters.
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	if !isLower(mt) {
		mt = strings.ToLower(mt)
	}
	switch {
	case mt == "text/event-stream":
		return false
	case strings.HasPrefix(mt, "text/") && len(mt) > len("text/"):
		return true
	case mt == "image/svg+xml", mt == "application/javascript", mt == "application/json", mt == "application/xml",
		mt == "application/graphql-response+json", mt == "application/manifest+json":
		return true
	case strings.HasPrefix(mt, "application/") && (strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml")):
		return true
	}
	return false
}

func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

// Levels: a response made per request is compressed on its way out, so
// its level trades a little size for speed; a kept body is compressed once
// and served many times, so it gets a higher one.
const (
	gzipFast   = gzip.DefaultCompression
	brotliFast = 4
	gzipKept   = gzip.BestCompression
	brotliKept = 7
)

var (
	gzipPools   sync.Map // level → *sync.Pool of *gzip.Writer
	brotliPools sync.Map // level → *sync.Pool of *brotli.Writer
)

// newWriter returns a pooled compressor of enc writing to w; release it
// with put after Close.
func newWriter(enc Encoding, level int, w io.Writer) io.WriteCloser {
	switch enc {
	case Gzip:
		p, _ := gzipPools.LoadOrStore(level, &sync.Pool{})
		if zw, ok := p.(*sync.Pool).Get().(*gzip.Writer); ok {
			zw.Reset(w)
			return zw
		}
		zw, _ := gzip.NewWriterLevel(w, level)
		return zw
	case Brotli:
		p, _ := brotliPools.LoadOrStore(level, &sync.Pool{})
		if bw, ok := p.(*sync.Pool).Get().(*brotli.Writer); ok {
			bw.Reset(w)
			return bw
		}
		return brotli.NewWriterLevel(w, level)
	}
	return nil
}

// put returns a compressor made by newWriter to its pool.
func put(enc Encoding, level int, zw io.WriteCloser) {
	switch enc {
	case Gzip:
		p, _ := gzipPools.Load(level)
		p.(*sync.Pool).Put(zw)
	case Brotli:
		p, _ := brotliPools.Load(level)
		p.(*sync.Pool).Put(zw)
	}
}

// Encode returns b compressed with enc at the level for kept bodies.
func Encode(enc Encoding, b []byte) []byte {
	level := gzipKept
	if enc == Brotli {
		level = brotliKept
	}
	return encode(enc, level, b)
}

func encode(enc Encoding, level int, b []byte) []byte {
	if enc == Identity {
		return b
	}
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	zw := newWriter(enc, level, &buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	put(enc, level, zw)
	return buf.Bytes()
}

// addVary adds Accept-Encoding to the Vary header once: a cache between
// the server and the client must keep the codings apart.
func addVary(h interface {
	Values(string) []string
	Add(string, string)
}) {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, "Accept-Encoding") {
				return
			}
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

// etagFor gives a coded representation its own entity tag: a strong tag
// names exact bytes, and the compressed bytes are other bytes.
func etagFor(etag string, enc Encoding) string {
	if enc == Identity || len(etag) < 2 || !strings.HasSuffix(etag, `"`) {
		return etag
	}
	return etag[:len(etag)-1] + "-" + enc.Token() + `"`
}
