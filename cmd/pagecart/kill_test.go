package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// TestOrderSurvivesKill9 builds the binary, runs it on a fresh database,
// places an order over HTTP as a shopper does, and kills the process with
// SIGKILL the moment the order is accepted (the 303 to its page). After a
// restart the order, its stock change and its e-mail job are all there,
// and the e-mail is sent exactly once. On SQLite and on PostgreSQL.
func TestOrderSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary")
	}
	bin := filepath.Join(t.TempDir(), "pagecart")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		killAfterOrder(t, bin, dir, "", "sqlite:"+filepath.Join(dir, "pagecart.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		u := sqldbtest.PostgresURL(t)
		killAfterOrder(t, bin, t.TempDir(), u, u)
	})
}

// process is a running binary and its port.
type process struct {
	cmd    *exec.Cmd
	port   string
	client *http.Client
}

func startBinary(t *testing.T, bin, dir, dbURL string) *process {
	t.Helper()
	args := []string{"serve", "-addr", "127.0.0.1:0", "-data-dir", dir}
	if dbURL != "" {
		args = append(args, "-database-url", dbURL)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PAGECART_DEMO=true")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	platformRe := regexp.MustCompile(`Platform \(sign up, log in\):\s+http://localhost:(\d+)/`)
	sc := bufio.NewScanner(out)
	port := ""
	deadline := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		if m := platformRe.FindStringSubmatch(sc.Text()); m != nil {
			port = m[1]
		}
		if strings.Contains(sc.Text(), "Sites are reached as") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if port == "" {
		t.Fatal("the binary printed no address")
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Timeout: 10 * time.Second, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, "127.0.0.1:"+port)
		}}}
	return &process{cmd: cmd, port: port, client: client}
}

func (p *process) do(t *testing.T, method, path string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, "http://demo.localhost:"+p.port+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := p.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

func match(t *testing.T, pattern, body string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in the page", pattern)
	}
	return m[1]
}

func killAfterOrder(t *testing.T, bin, dir, flagURL, dbURL string) {
	ctx := context.Background()
	p := startBinary(t, bin, dir, flagURL)
	_, list, _ := p.do(t, "GET", "/products", nil)
	slug := match(t, `href="/products/([a-z0-9-]+)"`, list)
	_, page, _ := p.do(t, "GET", "/products/"+slug, nil)
	variant := match(t, `name="variant" value="(\d+)"`, page)

	db, err := sqldb.Open(ctx, dbURL, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stock := func() int {
		var n int
		if err := db.QueryRow(ctx, `SELECT stock FROM product_variants WHERE id = ?`, variant).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := stock()
	mailJobs := func() int {
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'mail.send'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	jobsBefore := mailJobs()

	if s, _, _ := p.do(t, "POST", "/cart/add", url.Values{"variant": {variant}, "qty": {"2"}}); s != http.StatusSeeOther {
		t.Fatalf("add to cart: %d", s)
	}
	if s, body, _ := p.do(t, "POST", "/checkout/details", url.Values{"email": {"kill@example.com"}, "billing_name": {"Kim Kill"},
		"billing_line1": {"Main 1"}, "billing_city": {"Brno"}, "billing_postcode": {"60200"}, "billing_country": {"CZ"}, "same_address": {"1"}}); s != http.StatusSeeOther {
		t.Fatalf("details: %d %s", s, body)
	}
	_, delivery, _ := p.do(t, "GET", "/checkout/delivery", nil)
	ship := match(t, `name="shipping" value="(\d+)"`, delivery)
	p.do(t, "POST", "/checkout/delivery", url.Values{"shipping": {ship}, "payment": {"bank_transfer"}})
	_, review, _ := p.do(t, "GET", "/checkout/review", nil)
	key := match(t, `name="key" value="([^"]+)"`, review)
	s, _, loc := p.do(t, "POST", "/checkout/place", url.Values{"key": {key}, "terms": {"1"}})
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown at all
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
	if s != http.StatusSeeOther || !strings.HasPrefix(loc, "/orders/") {
		t.Fatalf("place order: %d %q", s, loc)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(loc, "/orders/"), "?placed=1")

	var state string
	_ = db.QueryRow(ctx, `SELECT state FROM river_job WHERE kind = 'mail.send' ORDER BY id DESC LIMIT 1`).Scan(&state)
	t.Logf("the order's mail job was %q when the process was killed", state)

	q := startBinary(t, bin, dir, flagURL)
	defer func() { _ = q.cmd.Process.Kill() }()
	var orderID int64
	var number string
	if err := db.QueryRow(ctx, `SELECT id, number FROM orders WHERE token = ?`, token).Scan(&orderID, &number); err != nil {
		t.Fatalf("the accepted order is gone: %v", err)
	}
	if got := stock(); got != before-2 {
		t.Errorf("stock %d after restart, want %d", got, before-2)
	}
	if s, body, _ := q.do(t, "GET", "/orders/"+token, nil); s != http.StatusOK || !strings.Contains(body, number) {
		t.Errorf("order page after restart: %d", s)
	}
	// The e-mail: one message, sent (kept, without SMTP) exactly once.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var kept, all int
		if err := db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'kept' THEN 1 ELSE 0 END), 0) FROM mail_messages
			WHERE to_addr = 'kill@example.com'`).Scan(&all, &kept); err != nil {
			t.Fatal(err)
		}
		if all != 1 {
			t.Fatalf("%d e-mails for the order, want 1", all)
		}
		if kept == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the order's e-mail was not sent after the restart")
		}
		time.Sleep(200 * time.Millisecond)
	}
	// One job more than before the order, completed at its first attempt.
	if n := mailJobs(); n != jobsBefore+1 {
		t.Errorf("%d mail jobs, want %d", n, jobsBefore+1)
	}
	// River records the completion a moment after the work is done.
	var attempt int
	for {
		if err := db.QueryRow(ctx, `SELECT attempt, state FROM river_job WHERE kind = 'mail.send' ORDER BY id DESC LIMIT 1`).Scan(&attempt, &state); err != nil {
			t.Fatal(err)
		}
		if state != "running" || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if attempt != 1 || state != "completed" {
		t.Errorf("the order's mail job: attempt %d, state %q; want one attempt, completed", attempt, state)
	}
}
