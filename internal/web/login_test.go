package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPlatformLoginThrottledAnswers429WithRetryAfter(t *testing.T) {
	app := newTestApp(t)
	app.signup("throttled", "t@example.com")
	for range 5 {
		res := app.post("localhost:8080", "/login", url.Values{"email": {"t@example.com"}, "password": {"wrong password 1"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong password: %d", res.StatusCode)
		}
	}
	res := app.post("localhost:8080", "/login", url.Values{"email": {"t@example.com"}, "password": {"quiet-harbor-lantern-42"}})
	body := readBody(t, res)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
		t.Fatalf("throttled login: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "Too many failed attempts. Try again in 1 second.") || !strings.Contains(body, `name="password"`) {
		t.Errorf("the login form with the message was not shown:\n%s", body)
	}
}
