package web_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
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
	a := apptest.New(t, both)
	b := apptest.New(t, both)
	b.Eventually("node B listening", func() bool { return b.App.Bus.Listening() })

	onA := a.Browser()
	host := onA.SignUp("two-nodes", "nodes@example.com")
	// The same person's browser, sent to node B by the load balancer.
	onB := onA.On(b)
	apptest.Run(t, b, []apptest.Scenario{
		{Name: "node B serves the site created through node A", Host: host, Path: "/",
			ExpectStatus: http.StatusOK, ExpectContains: []string{"<title>Two Nodes"}},
		// The admin session made on A is valid on B: sessions live in the database.
		{Name: "A's session on B", Host: host, Path: "/admin/settings", As: onB, ExpectStatus: http.StatusOK},
	})
	form := url.Values{"title": {"Renamed On A"}, "contact_email": {"nodes@example.com"}, "time_zone": {"UTC"},
		"language": {"en"}, "currency": {"EUR"}}
	apptest.Expect(t, onA.Post(host, "/admin/settings", form), http.StatusSeeOther)
	// Well inside the host cache's 3 s lifetime: only the announcement can
	// have told B.
	visitor := b.Browser()
	deadline := time.Now().Add(time.Second)
	for {
		if strings.Contains(visitor.Get(host, "/").Body, "<title>Renamed On A") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("node B still serves the old title a second after the change on A")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
