// Package bench measures the platform as a visitor and a new customer meet
// it: how long a signup takes until the new site answers, and how many home
// page views the storefront serves. The figures and the machine they were
// measured on are in README.md; storefront.sh compares the storefront with
// a bare net/http hello-world under wrk.
package bench

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/config"
)

// platform is the platform served on a free loopback port with a SQLite
// file in a temporary directory, built as the binary builds it (job queue
// running), with its access log discarded.
type platform struct {
	app    *app.App
	cfg    config.Config
	addr   string // 127.0.0.1:PORT
	port   string
	client *http.Client
}

func startPlatform(b *testing.B, opts ...apptest.Option) *platform {
	b.Helper()
	w := apptest.Serve(b, opts...)
	app, cfg, port := w.App, w.Config, w.Port
	return &platform{
		app: app, cfg: cfg, addr: w.Addr, port: port,
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
