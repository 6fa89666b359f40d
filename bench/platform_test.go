// Package bench measures the platform as a visitor and a new customer meet
// it: how long a signup takes until the new site answers, and how many home
// page views the storefront serves. The figures and the machine they were
// measured on are in README.md; storefront.sh compares the storefront with
// a bare net/http hello-world under wrk.
package bench

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

// platform is the platform served on a free loopback port with a SQLite
// file in a temporary directory, built as the binary builds it (job queue
// running), with its access log discarded.
type platform struct {
	app    *web.App
	cfg    config.Config
	addr   string // 127.0.0.1:PORT
	port   string
	client *http.Client
}

func startPlatform(b *testing.B) *platform {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatalf("listen: %v", err)
	}
	cfg, err := config.Load([]string{"-addr", ln.Addr().String(), "-data-dir", b.TempDir(), "-base-domain", "localhost"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		ln.Close()
		b.Fatalf("config: %v", err)
	}
	ctx := context.Background()
	app, err := web.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		ln.Close()
		b.Fatalf("open platform: %v", err)
	}
	if err := app.Start(ctx); err != nil {
		ln.Close()
		_ = app.Close(ctx)
		b.Fatalf("start job queue: %v", err)
	}
	srv := &http.Server{Handler: app.Server, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	b.Cleanup(func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			b.Errorf("shut down server: %v", err)
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			b.Errorf("serve: %v", err)
		}
		if err := app.Close(shutdown); err != nil {
			b.Errorf("close platform: %v", err)
		}
	})
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return &platform{
		app: app, cfg: cfg, addr: ln.Addr().String(), port: port,
		client: &http.Client{
			Timeout:       30 * time.Second,
			Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// request builds a request to host ("localhost", "NAME.localhost") sent to
// the loopback listener, as a browser resolving *.localhost would send it.
func (p *platform) request(b *testing.B, method, host, path string, body io.Reader) *http.Request {
	req, err := http.NewRequest(method, "http://"+p.addr+path, body)
	if err != nil {
		b.Fatal(err)
	}
	req.Host = host + ":" + p.port
	return req
}
