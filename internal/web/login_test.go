package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

func TestPlatformLoginThrottledAnswers429WithRetryAfter(t *testing.T) {
	h := apptest.New(t)
	h.NewSite("throttled", "t@example.com")
	// The clock stands still: slow hashes cannot outlast the 1 s wait.
	frozen := time.Now()
	h.App.Accounts.SetClock(func() time.Time { return frozen })
	b := h.Browser()
	for range 5 {
		res := b.Post(h.PlatformHost(), "/login", url.Values{"email": {"t@example.com"}, "password": {"wrong password 1"}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity)
	}
	res := b.Post(h.PlatformHost(), "/login", url.Values{"email": {"t@example.com"}, "password": {apptest.Password}})
	apptest.Expect(t, res, http.StatusTooManyRequests, "Too many failed attempts. Try again in 1 second.", `name="password"`)
	if got := res.Header.Get("Retry-After"); got != "1" {
		t.Fatalf("Retry-After %q, want 1", got)
	}
}
