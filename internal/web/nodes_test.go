package web_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// Two nodes on one PostgreSQL database and one Redis behave as one
// platform: a login made on one works on the other, and a change made
// through one is served by the other at once, not when its cache expires.
func TestTwoNodesShareStateAndInvalidation(t *testing.T) {
	redisURL := os.Getenv("PAGECART_TEST_REDIS_URL")
	if redisURL == "" {
		t.Skip("PAGECART_TEST_REDIS_URL is not set: multi-node test skipped (.ci/run sets it)")
	}
	pg := sqldbtest.PostgresURL(t)
	both := func(c *config.Config) { c.DatabaseURL, c.RedisURL = pg, redisURL }
	a := newTestAppWith(t, both)
	b := newTestAppWith(t, both)
	eventually(t, "node B listening", func() bool { return b.app.Bus.Listening() })

	host := a.signup("two-nodes", "nodes@example.com")
	if body := readBody(t, b.get(host, "/")); !strings.Contains(body, "<title>Two Nodes") {
		t.Fatal("node B does not serve the site created through node A")
	}
	// The admin session made on A is valid on B: sessions live in the database.
	b.jars[host] = a.jars[host]
	if res := b.get(host, "/admin/settings"); res.StatusCode != http.StatusOK {
		t.Fatalf("A's session on B: %d", res.StatusCode)
	}
	form := url.Values{"title": {"Renamed On A"}, "contact_email": {"nodes@example.com"}, "time_zone": {"UTC"},
		"language": {"en"}, "currency": {"EUR"}}
	if res := a.post(host, "/admin/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings on A: %d", res.StatusCode)
	}
	// Well inside the host cache's 3 s lifetime: only the announcement can
	// have told B.
	deadline := time.Now().Add(time.Second)
	for {
		if strings.Contains(readBody(t, b.get(host, "/")), "<title>Renamed On A") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("node B still serves the old title a second after the change on A")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
