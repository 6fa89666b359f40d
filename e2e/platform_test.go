// Package e2e drives the real platform with a real browser: headless
// Chromium signs up through the form a person uses, lands in the admin and
// opens the new site, and the screenshots of each step are kept under
// e2e/screenshots/ so that a reviewer can look at what a person sees.
package e2e

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/web"
)

// platform is the whole platform, served in this process on a free port of
// 127.0.0.1 with a SQLite file in a temporary directory, built the same way
// as the binary builds it.
type platform struct {
	app  *web.App
	cfg  config.Config
	port string
}

// startPlatform serves the platform until the test ends. The environment
// is not read, so a PAGECART_* variable of the machine cannot point the
// test at another database.
func startPlatform(t *testing.T) *platform {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	// Addr carries the real port, so that config derives PublicPort from
	// it and every URL the platform prints (the redirect to the new site's
	// admin) points back here.
	cfg, err := config.Load([]string{"-addr", ln.Addr().String(), "-data-dir", t.TempDir(), "-base-domain", "localhost"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		ln.Close()
		t.Fatalf("config: %v", err)
	}
	ctx := context.Background()
	app, err := web.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		ln.Close()
		t.Fatalf("open platform: %v", err)
	}
	if err := app.Start(ctx); err != nil {
		ln.Close()
		_ = app.Close(ctx)
		t.Fatalf("start job queue: %v", err)
	}
	srv := &http.Server{Handler: app.Server, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			t.Errorf("shut down server: %v", err)
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
		if err := app.Close(shutdown); err != nil {
			t.Errorf("close platform: %v", err)
		}
	})
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return &platform{app: app, cfg: cfg, port: port}
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
