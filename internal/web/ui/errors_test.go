package ui_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// waitErr is a throttled attempt that says when to try again.
type waitErr struct{}

func (waitErr) Error() string   { return "Too many failed attempts. Try again in 30 seconds." }
func (waitErr) Unwrap() error   { return fault.ErrTooManyRequests }
func (waitErr) RetryAfter() int { return 30 }

func newErrors(t *testing.T) *ui.Errors {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	look, err := ui.New(nil, nil, logger, func(r *http.Request, p *ui.Page) { p.HomeURL = "/" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	set, err := themes.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ui.NewErrors(logger, look, set, "http://localhost:8080")
}

// Every kind of error gets its status, its API code and a sentence, as a
// page and as API.md's JSON body.
func TestEveryKindHasItsResponse(t *testing.T) {
	errs := newErrors(t)
	cases := []struct {
		err        error
		status     int
		code       string
		text       string
		retryAfter string
	}{
		{fault.Invalidf("title", "Give the page a title."), 400, "BAD_REQUEST", "Give the page a title.", ""},
		{fmt.Errorf("page 7: %w", fault.ErrNotFound), 404, "NOT_FOUND", "There is nothing at this address", ""},
		{fault.ErrUnauthenticated, 401, "UNAUTHENTICATED", "Log in and try again", ""},
		{fmt.Errorf("This page is read-only on your plan: %w", fault.ErrForbidden), 403, "FORBIDDEN", "This page is read-only on your plan", ""},
		{fault.ErrConflict, 409, "CONFLICT", "Reload the page", ""},
		{&http.MaxBytesError{Limit: 2 << 20}, 413, "REQUEST_TOO_LARGE", "nothing was saved", ""},
		{fault.ErrTooLarge, 413, "REQUEST_TOO_LARGE", "nothing was saved", ""},
		{waitErr{}, 429, "RATE_EXCEEDED", "Try again in 30 seconds", "30"},
		{&fault.Throttled{Reason: "Too many failed attempts.", Wait: 1500 * time.Millisecond}, 429, "RATE_EXCEEDED", "Try again in 2 seconds", "2"},
		{fault.ErrUnavailable, 503, "UNAVAILABLE", "briefly unavailable", ""},
		{fmt.Errorf("query: %w", context.DeadlineExceeded), 504, "TIMEOUT", "ran out of time", ""},
		{errors.New("nil pointer somewhere"), 500, "INTERNAL", "We have logged the problem", ""},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d %s", c.status, c.code), func(t *testing.T) {
			for _, asJSON := range []bool{false, true} {
				r := httptest.NewRequest(http.MethodGet, "http://localhost:8080/somewhere", nil)
				if asJSON {
					r.Header.Set("Accept", "application/json")
				}
				r = r.WithContext(request.WithID(r.Context(), "req-1"))
				w := httptest.NewRecorder()
				errs.Write(w, r, c.err, nil)
				if w.Code != c.status {
					t.Fatalf("json=%v: status %d, want %d", asJSON, w.Code, c.status)
				}
				if got := w.Header().Get("Retry-After"); got != c.retryAfter {
					t.Errorf("json=%v: Retry-After %q, want %q", asJSON, got, c.retryAfter)
				}
				body := w.Body.String()
				if strings.Contains(body, "nil pointer") {
					t.Fatalf("the internal error leaked: %s", body)
				}
				if !asJSON {
					if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") || !strings.Contains(body, c.text) ||
						!strings.Contains(body, "req-1") {
						t.Fatalf("page lacks %q or the request ID:\n%s", c.text, body)
					}
					continue
				}
				var got struct {
					Error, Code, RequestID string
					Errors                 []struct {
						Message    string
						Path       []string
						Extensions map[string]string
					}
				}
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, body)
				}
				if got.Code != c.code || got.RequestID != "req-1" || !strings.Contains(got.Error, c.text) {
					t.Fatalf("body %+v, want code %s and %q", got, c.code, c.text)
				}
				if c.status == 400 && (len(got.Errors) != 1 || got.Errors[0].Path[0] != "title" || got.Errors[0].Extensions["code"] != "INVALID") {
					t.Fatalf("field errors %+v", got.Errors)
				}
			}
		})
	}
}

// API paths get JSON whatever they accept; maintenance is 501 there and
// 503 on a page, both with Retry-After.
func TestMaintenanceAnswersByAudience(t *testing.T) {
	errs := newErrors(t)
	info := ui.ErrorInfo{Status: 503, APIStatus: 501, Code: "MAINTENANCE", RetryAfter: 120, Heading: "Back soon", Message: "Come back soon."}
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/api/graphql", 501, `"code":"MAINTENANCE"`},
		{"/about", 503, "Back soon"},
	} {
		w := httptest.NewRecorder()
		errs.Show(w, httptest.NewRequest(http.MethodGet, "http://x.localhost:8080"+c.path, nil), info, nil)
		if w.Code != c.status || w.Header().Get("Retry-After") != "120" || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: %d %q %s", c.path, w.Code, w.Header().Get("Retry-After"), w.Body.String())
		}
	}
}

// On a site's host an error page is drawn in the site's own design; in its
// admin and on the platform, in Pagecart's look.
func TestErrorPagesWearTheSitesDesign(t *testing.T) {
	errs := newErrors(t)
	site := sites.Site{ID: 1, Name: "anna", Title: "Anna's Bakery", Theme: "journal", Plan: plans.Business}
	for _, c := range []struct {
		path, want, not string
	}{
		{"/missing", "/journal/style.css", "/_ui/"},
		{"/admin/missing", "/_ui/", "/assets/theme/"},
	} {
		r := httptest.NewRequest(http.MethodGet, "http://anna.localhost:8080"+c.path, nil)
		r = r.WithContext(request.WithSite(r.Context(), site))
		w := httptest.NewRecorder()
		errs.Write(w, r, fault.ErrNotFound, nil)
		body := w.Body.String()
		if w.Code != 404 || !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			t.Errorf("%s: %d, want %q and not %q", c.path, w.Code, c.want, c.not)
		}
		if c.path == "/missing" && !strings.Contains(body, "Anna&#39;s Bakery") {
			t.Errorf("the site's error page does not name the site")
		}
	}
}
