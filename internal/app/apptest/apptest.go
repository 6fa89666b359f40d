// Package apptest builds the whole platform in a test's process as the
// binary builds it (app.Open, job queue running). New drives it in process
// through its handler, with browsers and scenario rows, for the HTTP tests
// of every area; Serve serves it on a free loopback port for the browser
// tests and the benchmarks.
package apptest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
)

// Platform is a served platform.
type Platform struct {
	App    *app.App
	Config config.Config
	Addr   string // 127.0.0.1:PORT
	Port   string
}

// Serve starts the platform on a SQLite file in a temporary directory (or
// where an option points it, such as PostgreSQL for a benchmark) and stops
// it when the test ends. The environment is not read, so a PAGECART_*
// variable of the machine cannot point the test at another database.
func Serve(tb testing.TB, opts ...Option) *Platform {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	// Addr carries the real port, so that config derives PublicPort from it
	// and every URL the platform makes (the redirect to a new site's admin)
	// points back here.
	cfg, err := config.Load([]string{"-addr", ln.Addr().String(), "-data-dir", tb.TempDir(), "-base-domain", "localhost"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		ln.Close()
		tb.Fatalf("config: %v", err)
	}
	for _, o := range opts {
		o(&cfg)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		ln.Close()
		tb.Fatalf("open platform: %v", err)
	}
	if err := a.Start(ctx); err != nil {
		ln.Close()
		_ = a.Close(ctx)
		tb.Fatalf("start job queue: %v", err)
	}
	srv := &http.Server{Handler: a.Server, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	tb.Cleanup(func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			tb.Errorf("shut down server: %v", err)
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			tb.Errorf("serve: %v", err)
		}
		if err := a.Close(shutdown); err != nil {
			tb.Errorf("close platform: %v", err)
		}
	})
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return &Platform{App: a, Config: cfg, Addr: ln.Addr().String(), Port: port}
}
