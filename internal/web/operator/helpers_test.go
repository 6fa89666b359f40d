package operator_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/operator"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

const (
	opEmail    = "ops@example.com"
	opPassword = "a long operator passphrase"
)

// app is the console on a real SQLite database, driven like a browser.
type app struct {
	t           *testing.T
	d           operator.Deps
	db          *sqldb.DB
	h           http.Handler
	invalidated []int64
	mu          sync.Mutex
}

func newApp(t *testing.T) *app {
	t.Helper()
	db := sqldbtest.SQLite(t)
	a := &app{t: t}
	a.db = db
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config.Config{BaseDomain: "localhost", PublicScheme: "http", PublicPort: "8080"}
	look, err := ui.New(nil, nil, logger, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	accts := accounts.NewStore(db)
	hc, err := help.Load()
	if err != nil {
		t.Fatal(err)
	}
	a.d = operator.Deps{Config: cfg, Logger: logger, Errors: ui.NewErrors(logger, look, nil, cfg.PlatformURL()),
		Sessions: session.New(accts, false), Operators: operators.NewStore(db, accts), Accounts: accts,
		Sites: sites.NewStore(db), Mail: mail.NewStore(db), Support: support.NewStore(db), Help: hc}
	// The console never invalidates caches itself: the stores announce
	// their changes, which this records.
	db.SetAnnouncer(func(_ context.Context, id int64) {
		a.mu.Lock()
		a.invalidated = append(a.invalidated, id)
		a.mu.Unlock()
	})
	if _, err := a.d.Operators.Create(context.Background(), opEmail, opPassword); err != nil {
		t.Fatal(err)
	}
	op, err := operator.New(a.d)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /_ui/", ui.Static(a.d.Errors))
	op.Routes(mux)
	a.h = mux
	return a
}

// do sends one request with the given cookie header and returns the response and its body.
func (a *app) do(method, path string, form url.Values, cookie string) (*http.Response, string) {
	a.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, "http://localhost:8080"+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// login logs the operator in and returns the session cookie header.
func (a *app) login() string {
	a.t.Helper()
	res, body := a.do("POST", "/operator/login", url.Values{"email": {opEmail}, "password": {opPassword}}, "")
	if res.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("login: %d\n%s", res.StatusCode, body)
	}
	for _, c := range res.Cookies() {
		if c.Name == session.OperatorCookie && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	a.t.Fatal("login set no operator cookie")
	return ""
}

func (a *app) get(path, cookie string) (int, string) {
	a.t.Helper()
	res, body := a.do("GET", path, nil, cookie)
	return res.StatusCode, body
}

// post sends a form and returns the status and where it redirected to.
func (a *app) post(path string, form url.Values, cookie string) (int, string, string) {
	a.t.Helper()
	res, body := a.do("POST", path, form, cookie)
	return res.StatusCode, res.Header.Get("Location"), body
}

// site creates an owner account (without a real password hash, which
// would be slow) and a site of theirs.
func (a *app) site(name, title string) sites.Site {
	a.t.Helper()
	ctx := context.Background()
	var s sites.Site
	err := a.db.InTx(ctx, func(tx *sqldb.Tx) error {
		acct := sqldb.NewID()
		if _, err := tx.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`,
			acct, "owner-"+name+"@example.com"); err != nil {
			return err
		}
		var err error
		s, err = a.d.Sites.CreateTx(ctx, tx, sites.NewSite{Name: name, Title: title, OwnerID: acct, Theme: "bakery"})
		return err
	})
	if err != nil {
		a.t.Fatal(err)
	}
	// Creating the site announced it; what a test checks starts after.
	a.mu.Lock()
	a.invalidated = nil
	a.mu.Unlock()
	return s
}

func (a *app) reload(id int64) sites.Site {
	a.t.Helper()
	s, err := a.d.Sites.ByID(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	return s
}

func (a *app) wasInvalidated(id int64) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, v := range a.invalidated {
		if v == id {
			return true
		}
	}
	return false
}

func sitePath(id int64, action string) string { return fmt.Sprintf("/operator/sites/%d%s", id, action) }

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}
