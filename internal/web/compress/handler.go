package compress

import (
	"io"
	"net/http"
	"strconv"
)

// Handler compresses next's responses for clients that accept gzip or
// brotli. It leaves alone what is not compressible text, a body under
// MinSize, a response that has a coding already (a kept body served by
// Variants), partial content (206) and answers without a body (HEAD, 204,
// 304). Every compressible response says Vary: Accept-Encoding, compressed
// or not, so that shared caches keep the versions apart.
func Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &writer{ResponseWriter: w, enc: Negotiate(r.Header.Get("Accept-Encoding")), head: r.Method == http.MethodHead}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// writer decides, when the status is written, whether the body is
// compressed. When the body's length is not known then, it holds back the
// first MinSize bytes: a shorter body is sent as it is.
type writer struct {
	http.ResponseWriter
	enc  Encoding
	head bool

	status  int
	decided bool // the status is known and the choice made
	pending bool // compressing, but the headers are held until MinSize bytes came
	buf     []byte
	zw      io.WriteCloser
}

func (w *writer) WriteHeader(code int) {
	if w.decided {
		return
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.status, w.decided = code, true
	h := w.Header()
	ct := h.Get("Content-Type")
	if h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "" || ct == "" || !Compressible(ct) ||
		code == http.StatusNoContent || code == http.StatusPartialContent || code == http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	addVary(h)
	if code == http.StatusNotModified || w.head || w.enc == Identity {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if cl := h.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n < MinSize {
			w.ResponseWriter.WriteHeader(code)
			return
		}
	}
	w.pending = true
}

// start sends the headers of the compressed response and what was held.
func (w *writer) start() {
	h := w.Header()
	h.Del("Content-Length")
	h.Del("Accept-Ranges")
	h.Set("Content-Encoding", w.enc.Token())
	if et := h.Get("Etag"); et != "" {
		h.Set("Etag", etagFor(et, w.enc))
	}
	w.ResponseWriter.WriteHeader(w.status)
	level := gzipFast
	if w.enc == Brotli {
		level = brotliFast
	}
	w.zw = newWriter(w.enc, level, w.ResponseWriter)
	w.pending = false
	if len(w.buf) > 0 {
		_, _ = w.zw.Write(w.buf)
		w.buf = nil
	}
}

func (w *writer) Write(p []byte) (int, error) {
	if !w.decided {
		if w.Header().Get("Content-Type") == "" {
			// What net/http would do on this first write, done here so the
			// choice can see the type.
			w.Header().Set("Content-Type", http.DetectContentType(p))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.zw != nil {
		return w.zw.Write(p)
	}
	if !w.pending {
		return w.ResponseWriter.Write(p)
	}
	w.buf = append(w.buf, p...)
	if len(w.buf) >= MinSize {
		w.start()
	}
	return len(p), nil
}

// Flush sends what was written so far, compressed if it is being.
func (w *writer) Flush() {
	if !w.decided {
		w.WriteHeader(http.StatusOK)
	}
	if w.pending {
		w.start()
	}
	if f, ok := w.zw.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// finish ends the body: a short held body goes out as it is, a compressed
// one gets its coding's end.
func (w *writer) finish() {
	switch {
	case w.pending:
		w.Header().Set("Content-Length", strconv.Itoa(len(w.buf)))
		w.ResponseWriter.WriteHeader(w.status)
		_, _ = w.ResponseWriter.Write(w.buf)
	case w.zw != nil:
		_ = w.zw.Close()
		level := gzipFast
		if w.enc == Brotli {
			level = brotliFast
		}
		put(w.enc, level, w.zw)
	}
}
