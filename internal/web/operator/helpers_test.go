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
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/deps"
	"github.com/pagecart/pagecart/internal/web/operator"
	"github.com/pagecart/pagecart/internal/web/ui"
)

const (
	opEmail    = "ops@example.com"
	opPassword = "a long operator passphrase"
)

// app is the console on a real SQLite database, driven like a browser.
type app struct {
	t           *testing.T
	d           *deps.Deps
	h           http.Handler
	invalidated []int64
	mu          sync.Mutex
}

func newApp(t *testing.T) *app {
	t.Helper()
	db := sqldbtest.SQLite(t)
	a := &app{t: t}
	a.d = &deps.Deps{
		Config:    config.Config{BaseDomain: "localhost", PublicScheme: "http", PublicPort: "8080"},
		DB:        db,
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Accounts:  accounts.NewStore(db),
		Sites:     sites.NewStore(db),
		Mail:      mail.NewStore(db),
		Operators: operators.NewStore(db, accounts.NewStore(db)),
		Support:   support.NewStore(db),
		Invalidate: func(id int64) {
			a.mu.Lock()
			a.invalidated = append(a.invalidated, id)
			a.mu.Unlock()
		},
	}
	if _, err := a.d.Operators.Create(context.Background(), opEmail, opPassword); err != nil {
		t.Fatal(err)
	}
	op, err := operator.New(a.d)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /_ui/", ui.Static())
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
		if c.Name == deps.OperatorCookie && c.Value != "" {
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
	err := a.d.DB.InTx(ctx, func(tx *sqldb.Tx) error {
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
