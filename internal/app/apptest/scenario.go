package apptest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Scenario is one request a person makes and what they must get: the row
// type of every HTTP test, after PocketBase's tests.ApiScenario, keeping
// the user's story (host, session, form) in the row.
type Scenario struct {
	Name   string
	Method string // GET when empty
	Host   string // e.g. h.SiteHost("bakery") or h.PlatformHost()
	Path   string // with the query, e.g. "/admin/login?next=%2Fadmin"
	// Form is sent URL-encoded; Body is sent as it is (with a Content-Type
	// in Header). At most one of them.
	Form   url.Values
	Body   string
	Header http.Header
	// As is whose browser sends the request, with its cookies for Host;
	// nil is a stranger's fresh browser.
	As *Browser

	ExpectStatus      int
	ExpectContains    []string // in the body
	ExpectNotContains []string
	// ExpectHeader are response headers and their exact values; Present
	// asks only that the header is there.
	ExpectHeader map[string]string

	// Before arranges state just before the request; After checks state
	// after it.
	Before func(t *testing.T, h *Harness)
	After  func(t *testing.T, h *Harness)
}

// Present, as a value of Scenario.ExpectHeader, asks only that the header is set.
const Present = "\x00present"

// Run runs each scenario as a subtest named after it, in order.
func Run(t *testing.T, h *Harness, scenarios []Scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			t.Helper()
			if s.Before != nil {
				s.Before(t, h)
			}
			res := s.Do(t, h)
			s.Check(t, res)
			if s.After != nil {
				s.After(t, h)
			}
		})
	}
}

// Do sends the scenario's request and returns the response, without checking it.
func (s Scenario) Do(t testing.TB, h *Harness) Response {
	t.Helper()
	if s.Form != nil && s.Body != "" {
		t.Fatalf("scenario %q has both a form and a body", s.Name)
	}
	method := s.Method
	if method == "" {
		method = http.MethodGet
	}
	body := s.Body
	if s.Form != nil {
		body = s.Form.Encode()
	}
	req := httptest.NewRequest(method, "http://"+s.Host+s.Path, strings.NewReader(body))
	if s.Form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, vs := range s.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	b := s.As
	if b == nil {
		b = h.Browser()
	}
	return b.Send(req)
}

// Check fails t unless res is what the scenario expects.
func (s Scenario) Check(t testing.TB, res Response) {
	t.Helper()
	if s.ExpectStatus == 0 {
		t.Fatalf("scenario %q expects no status: every row says what the person gets", s.Name)
	}
	method := s.Method
	if method == "" {
		method = http.MethodGet
	}
	what := fmt.Sprintf("%s %s%s", method, s.Host, s.Path)
	if res.Status != s.ExpectStatus {
		t.Fatalf("%s: status %d, want %d (location %q)\n%s", what, res.Status, s.ExpectStatus, res.Location, Excerpt(res.Body))
	}
	for k, want := range s.ExpectHeader {
		got, ok := res.Header[http.CanonicalHeaderKey(k)]
		switch {
		case want == Present && (!ok || len(got) == 0 || got[0] == ""):
			t.Errorf("%s: header %s missing", what, k)
		case want != Present && (len(got) == 0 || got[0] != want):
			t.Errorf("%s: header %s = %q, want %q", what, k, got, want)
		}
	}
	for _, want := range s.ExpectContains {
		if !strings.Contains(res.Body, want) {
			t.Errorf("%s: page lacks %q\n%s", what, want, Excerpt(res.Body))
		}
	}
	for _, unwanted := range s.ExpectNotContains {
		if strings.Contains(res.Body, unwanted) {
			t.Errorf("%s: page has %q\n%s", what, unwanted, Excerpt(res.Body))
		}
	}
}

// Expect fails the test unless res has status and every text in its body:
// the one-line check of a step in a longer story.
func Expect(t testing.TB, res Response, status int, texts ...string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d (location %q)\n%s", res.Status, status, res.Location, Excerpt(res.Body))
	}
	for _, s := range texts {
		if !strings.Contains(res.Body, s) {
			t.Fatalf("page lacks %q\n%s", s, Excerpt(res.Body))
		}
	}
}

// Excerpt is the main part of a page, for failure messages.
func Excerpt(body string) string {
	if _, after, ok := strings.Cut(body, "<main"); ok {
		body = after
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}
