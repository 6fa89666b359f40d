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
)

// pipeWriter hands run's output to the test as it is printed.
type pipeWriter struct{ w *io.PipeWriter }

func (p pipeWriter) Write(b []byte) (int, error) { return p.w.Write(b) }

// TestRunServesAndStops starts the binary's run on a fresh data dir and
// port 0, as a newcomer's "go run ./cmd/pagecart" does, opens the printed
// URLs, and stops it the way SIGTERM does.
func TestRunServesAndStops(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
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
	if port == "" {
		t.Fatalf("no platform URL printed:\n%s", printed.String())
	}
	for _, want := range []string{"http://demo.localhost:" + port + "/", "/admin/sso?token=", "/operator", "first operator created", "password:"} {
		if !strings.Contains(printed.String(), want) {
			t.Errorf("start-up text lacks %q:\n%s", want, printed.String())
		}
	}

	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		// Go's resolver does not send *.localhost to loopback here.
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, "127.0.0.1:"+port)
		}}}
	for _, u := range []string{"http://localhost:" + port + "/", "http://demo.localhost:" + port + "/", "http://localhost:" + port + "/signup"} {
		res, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", u, res.StatusCode)
		}
	}
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
