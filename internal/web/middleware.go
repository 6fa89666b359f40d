package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// statusWriter remembers the status and size for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// withRequestID gives every request an ID, echoed in X-Request-Id, logged,
// and shown on error pages so a person can quote it to support.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(request.WithID(r.Context(), id)))
	})
}

// errPanic stands for a recovered panic in the error writer; what panicked
// is in the log line, never in the response.
var errPanic = errors.New("panic")

// withRecovery turns a panic into a 500 that shows only the request ID.
func withRecovery(logger *slog.Logger, errs *ui.Errors, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				id := request.ID(r.Context())
				logger.ErrorContext(r.Context(), "panic", slog.String("request_id", id), slog.String("path", r.URL.Path),
					slog.Any("panic", v))
				errs.Show(w, r, ui.Describe(errPanic), nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// withAccessLog writes one structured line per request.
func withAccessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		logger.LogAttrs(r.Context(), slog.LevelInfo, "http",
			slog.String("request_id", request.ID(r.Context())),
			slog.String("method", r.Method), slog.String("host", r.Host), slog.String("path", redactPath(r.URL.Path)),
			slog.Int("status", sw.status), slog.Int("bytes", sw.size),
			slog.Duration("took", time.Since(start)))
	})
}

// secretPaths are path prefixes followed by a one-time secret (reset and
// invitation links); the log keeps the prefix only, so that log readers
// cannot use a link that is still valid.
var secretPaths = []string{"/password/reset/", "/admin/invite/"}

func redactPath(p string) string {
	for _, prefix := range secretPaths {
		if strings.HasPrefix(p, prefix) {
			return prefix + "…"
		}
	}
	return p
}

// withSecurityHeaders sets the headers every response carries. Pages have
// no inline script or style, so the policy can forbid both.
// Under HTTPS, HSTS tells browsers never to use plain HTTP for the host.
func withSecurityHeaders(formTargets string, https bool, next http.Handler) http.Handler {
	csp := "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; " +
		"base-uri 'self'; frame-ancestors 'none'; form-action 'self' " + formTargets
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(request.WithHTTPS(r.Context(), https))
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		if https {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// withLoadShedding answers 503 at once when too many requests are in
// flight, rather than letting every request get slow together.
func withLoadShedding(limit int, errs *ui.Errors, next http.Handler) http.Handler {
	slots := make(chan struct{}, limit)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		default:
			errs.Show(w, r, ui.ErrorInfo{Status: http.StatusServiceUnavailable, RetryAfter: 1, Heading: "Busy",
				Message: "The server is busy. Please try again in a moment."}, nil)
		}
	})
}

// withDeadline bounds each request; handlers see the deadline through the
// context and a query past it fails, which the error mapping turns into 504.
func withDeadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// maxUpload caps a multipart body sent to an upload address here; the
// handler that reads it applies its own, plan-aware limit within it.
const maxUpload = 256 << 20

// withBodyLimit caps request bodies; forms are small and the API allows
// 1 MiB. A form is read here, once: one over the cap is answered 413 before
// any handler runs, instead of reaching it as an empty form whose fields
// all look missing (and an editor that comes back blank). A multipart body
// posted to one of uploadPaths (the media library's upload) is capped at
// uploads instead and left unread for its handler, which streams it; any
// other keeps the small cap, so no other handler can be made to spool a
// large body to disk.
func withBodyLimit(n, uploads int64, uploadPaths []string, errs *ui.Errors, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The API reads its own body, with its own 1 MiB limit, and answers
		// an oversized one at its place in API.md's order (after the token).
		if r.Body == nil || r.Body == http.NoBody || strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		limit := n
		if r.Method == http.MethodPost && isMultipart(r) && slices.Contains(uploadPaths, r.URL.Path) {
			limit = uploads
		}
		if r.ContentLength > limit {
			errs.Write(w, r, &http.MaxBytesError{Limit: limit}, nil)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if isForm(r) {
			if err := r.ParseForm(); err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					errs.Write(w, r, err, nil)
					return
				}
				// A malformed form is left to the handler, which sees
				// the fields it could read and says what is missing.
			}
		}
		next.ServeHTTP(w, r)
	})
}

// isMultipart reports whether the request carries a multipart form.
func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

// isForm reports whether the request carries a URL-encoded form.
func isForm(r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return false
	}
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded")
}
