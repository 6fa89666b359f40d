// Package e2e drives the real platform with a real browser: headless
// Chromium signs up through the form a person uses, lands in the admin and
// opens the new site, and the screenshots of each step are kept under
// e2e/screenshots/ so that a reviewer can look at what a person sees.
package e2e

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/config"
)

// platform is the whole platform, served in this process on a free port of
// 127.0.0.1 with a SQLite file in a temporary directory, built the same way
// as the binary builds it.
type platform struct {
	app  *app.App
	cfg  config.Config
	port string
}

// startPlatform serves the platform until the test ends.
func startPlatform(t *testing.T) *platform {
	t.Helper()
	w := apptest.Serve(t)
	return &platform{app: w.App, cfg: w.Config, port: w.Port}
}

// get fetches path from host (e.g. "bad.localhost") over the real listener,
// as a client that resolves *.localhost to loopback would.
func (p *platform) get(t *testing.T, host, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+p.port+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host + ":" + p.port
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s%s: %v", host, path, err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}
