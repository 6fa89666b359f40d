package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/signup"
)

// pipeWriter hands run's output to the test as it is printed.
type pipeWriter struct{ w *io.PipeWriter }

func (p pipeWriter) Write(b []byte) (int, error) { return p.w.Write(b) }

// served is a run of "pagecart serve" in the test's process.
type served struct {
	port    string
	printed string // the start-up text
	client  *http.Client
	stop    func()
}

// startServe starts run on dir and port 0, as a newcomer's "go run
// ./cmd/pagecart" does, and reads the start-up text; stop ends it the way
// SIGTERM does and checks that it returned cleanly.
func startServe(t *testing.T, dir string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-data-dir", dir}, func(string) string { return "" }, pipeWriter{pw})
		pw.Close()
	}()

	platformRe := regexp.MustCompile(`Platform \(sign up, log in\):\s+http://localhost:(\d+)/`)
	var port string
	var printed strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if m := platformRe.FindStringSubmatch(sc.Text()); m != nil {
			port = m[1]
		}
		if strings.Contains(sc.Text(), "Sites are reached as") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	stop := func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("run did not stop after the context ended")
		}
	}
	if port == "" {
		cancel()
		t.Fatalf("no platform URL printed:\n%s", printed.String())
	}
	client := &http.Client{Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			// Go's resolver does not send *.localhost to loopback here.
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, "127.0.0.1:"+port)
			}}}
	return &served{port: port, printed: printed.String(), client: client, stop: stop}
}

// TestRunServesAndStops starts the binary's run on a fresh data dir and
// port 0, opens the printed URLs, and stops it.
func TestRunServesAndStops(t *testing.T) {
	s := startServe(t, t.TempDir())
	for _, want := range []string{"http://demo.localhost:" + s.port + "/", "/admin/sso?token=", "/operator", "first operator created", "password:"} {
		if !strings.Contains(s.printed, want) {
			t.Errorf("start-up text lacks %q:\n%s", want, s.printed)
		}
	}
	for _, u := range []string{"http://localhost:" + s.port + "/", "http://demo.localhost:" + s.port + "/", "http://localhost:" + s.port + "/signup"} {
		res, err := s.client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", u, res.StatusCode)
		}
	}
	s.stop()
}

var demoLinkRe = regexp.MustCompile(`http://demo\.localhost:\d+(/admin/sso\?token=\S+)`)

// A demo admin login link is printed when the demo site is made, not on
// every start; "pagecart demo-link" prints a fresh one that works.
func TestDemoLinkOnlyWhenCreatedOrAsked(t *testing.T) {
	dir := t.TempDir()
	first := startServe(t, dir)
	first.stop()
	if !demoLinkRe.MatchString(first.printed) {
		t.Fatalf("first start printed no demo login link:\n%s", first.printed)
	}
	again := startServe(t, dir)
	defer again.stop()
	if strings.Contains(again.printed, "/admin/sso") || strings.Contains(again.printed, "password:") {
		t.Errorf("a later start printed a way into the demo admin:\n%s", again.printed)
	}
	if !strings.Contains(again.printed, "pagecart demo-link") {
		t.Errorf("a later start does not say how to get a link:\n%s", again.printed)
	}

	var out strings.Builder
	if err := run(context.Background(), []string{"demo-link", "-data-dir", dir, "-addr", "127.0.0.1:" + again.port},
		func(string) string { return "" }, &out); err != nil {
		t.Fatalf("demo-link: %v", err)
	}
	m := demoLinkRe.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("demo-link printed no link:\n%s", out.String())
	}
	res, err := again.client.Get("http://demo.localhost:" + again.port + m[1])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin") || len(res.Cookies()) == 0 {
		t.Errorf("the printed link: %d to %q, cookies %v; want a session and the admin", res.StatusCode, res.Header.Get("Location"), res.Cookies())
	}

	err = run(context.Background(), []string{"demo-link", "-data-dir", t.TempDir()}, func(string) string { return "" }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no demo site") {
		t.Errorf("demo-link without a demo site: %v", err)
	}
}

func TestRunRejectsUnknownCommand(t *testing.T) {
	err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("err = %v", err)
	}
}

func TestOperatorCreate(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	err := run(context.Background(), []string{"operator", "create", "-email", "ops@example.com", "-data-dir", dir},
		func(string) string { return "" }, &out)
	if err != nil || !strings.Contains(out.String(), "Operator ops@example.com created") {
		t.Fatalf("operator create: %v\n%s", err, out.String())
	}
	err = run(context.Background(), []string{"operator", "create", "-email", "ops@example.com", "-data-dir", dir},
		func(string) string { return "" }, io.Discard)
	if err == nil {
		t.Fatal("second operator with the same e-mail was created")
	}
}

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	for range 2 {
		var out strings.Builder
		err := run(context.Background(), []string{"migrate", "-data-dir", dir}, func(string) string { return "" }, &out)
		if err != nil || !strings.Contains(out.String(), "up to date") {
			t.Fatalf("migrate: %v\n%s", err, out.String())
		}
	}
}

func TestTokenCreate(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	ctx := context.Background()
	if err := run(ctx, []string{"migrate", "-data-dir", dir}, env, io.Discard); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load([]string{"-data-dir", dir}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, newLogger(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Signup.Create(ctx, signup.NewSite{Name: "demo", Email: "d@example.com", Password: "a long password 1"}); err != nil {
		t.Fatal(err)
	}
	a.Close(ctx)
	var out strings.Builder
	err = run(ctx, []string{"token", "create", "--site", "demo", "--name", "ERP", "--scopes", "read_products,write_products",
		"--expires", "30d", "-data-dir", dir}, env, &out)
	if err != nil || !strings.Contains(out.String(), "Secret, shown this once:\npct_") {
		t.Fatalf("token create: %v\n%s", err, out.String())
	}
	for _, bad := range [][]string{
		{"token", "create", "--site", "demo", "--name", "x", "--scopes", "root", "-data-dir", dir},
		{"token", "create", "--site", "nobody", "--name", "x", "--scopes", "read_products", "-data-dir", dir},
		{"token", "create", "--site", "demo", "--scopes", "read_products", "-data-dir", dir},
		{"token", "create", "--site", "demo", "--name", "x", "--scopes", "read_products", "--expires", "soon", "-data-dir", dir},
	} {
		if err := run(ctx, bad, env, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
