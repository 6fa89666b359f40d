package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Password is the password of every account and operator the harness
// makes; it passes the password policy.
const Password = "plum orchard 1987"

// Harness is the whole platform in the test's process, built by app.Open
// as the binary builds it, with its job queue running, and driven through
// its handler without a network: one HTTP test harness for every area.
// Its helpers fail the test given to New, so call them from that test's
// goroutine (a Scenario's Before and After get the subtest's t for checks).
type Harness struct {
	t   testing.TB
	ctx context.Context
	// App is the assembled platform: its stores and services are what a
	// test arranges state with and checks it against.
	App *app.App

	mu        sync.Mutex
	announced []int64
}

// Option changes the configuration before the platform is built, e.g. to
// point it at PostgreSQL and Redis.
type Option func(*config.Config)

// New builds the platform on a fresh SQLite file in a temporary directory
// (unless an option says otherwise), without the demo site, with the job
// queue polling every 50 ms, starts it and closes it when the test ends.
// The environment is not read, so a PAGECART_* variable of the machine
// cannot point the test elsewhere. Public URLs are http://…:8080.
func New(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	cfg, err := config.Load([]string{"-data-dir", t.TempDir(), "-addr", ":8080", "-base-domain", "localhost", "-demo=false"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	cfg.JobPoll = 50 * time.Millisecond
	for _, o := range opts {
		o(&cfg)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open platform: %v", err)
	}
	h := &Harness{t: t, ctx: ctx, App: a}
	// Everything the stores announce (and, with Redis, what other nodes
	// announce) is recorded, so that a test can check that a change reached
	// the caches without any handler invalidating them by hand.
	a.Bus.Subscribe(func(siteID int64) {
		h.mu.Lock()
		h.announced = append(h.announced, siteID)
		h.mu.Unlock()
	})
	if err := a.Start(ctx); err != nil {
		_ = a.Close(ctx)
		t.Fatalf("start platform: %v", err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Close(stop); err != nil {
			t.Errorf("close platform: %v", err)
		}
	})
	return h
}

// Config is the configuration the platform was built with.
func (h *Harness) Config() config.Config { return h.App.Config }

// PlatformHost is the Host header of the platform: "localhost:8080".
func (h *Harness) PlatformHost() string { return h.hostPort(h.App.Config.BaseDomain) }

// SiteHost is the Host header of a site's own subdomain: "NAME.localhost:8080".
func (h *Harness) SiteHost(name string) string { return h.hostPort(h.App.Config.SiteHost(name)) }

func (h *Harness) hostPort(host string) string {
	if p := h.App.Config.PublicPort; p != "" {
		return host + ":" + p
	}
	return host
}

// ServeHTTP hands a request to the platform's handler, middleware and all.
func (h *Harness) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.App.Server.ServeHTTP(w, r) }

// NewSite creates a site on trial with its owner account (password
// Password), the default design and its starter pages (without the sample
// products, so that a test starts from an empty catalog), through
// signup.Service.Create as the platform does, without the welcome e-mail.
func (h *Harness) NewSite(name, email string) (sites.Site, accounts.Account) {
	h.t.Helper()
	return h.NewSiteWith(name, email, "")
}

// NewSiteWith is NewSite with the design chosen at signup ("bakery",
// "studio", …; "" for the default), whose starter pages the site gets.
func (h *Harness) NewSiteWith(name, email, design string) (sites.Site, accounts.Account) {
	h.t.Helper()
	res, err := h.App.Signup.Create(h.ctx, signup.NewSite{Name: name, Email: email, Password: Password, Theme: design, Plan: plans.Trial,
		NoSamples: true})
	if err != nil {
		h.t.Fatalf("create site %q: %v", name, err)
	}
	return res.Site, res.Account
}

// StaffMember creates an account (password Password) and puts it on the
// site's staff with role.
func (h *Harness) StaffMember(site sites.Site, email string, role accounts.Role) accounts.Account {
	h.t.Helper()
	var acct accounts.Account
	cred, err := h.App.Accounts.NewCredential(h.ctx, email, Password)
	if err != nil {
		h.t.Fatalf("staff member %s: %v", email, err)
	}
	err = h.App.DB.InTx(h.ctx, func(tx *sqldb.Tx) error {
		var err error
		if acct, err = h.App.Accounts.CreateTx(h.ctx, tx, cred, signup.TermsVersion); err != nil {
			return err
		}
		return h.App.Accounts.AddMemberTx(h.ctx, tx, site.ID, acct.ID, role)
	})
	if err != nil {
		h.t.Fatalf("staff member %s: %v", email, err)
	}
	return acct
}

// NewOperator creates an operator of the platform (password Password).
func (h *Harness) NewOperator(email string) operators.Operator {
	h.t.Helper()
	op, err := h.App.Operators.Create(h.ctx, email, Password)
	if err != nil {
		h.t.Fatalf("create operator %s: %v", email, err)
	}
	return op
}

// Site reads a site as it is now.
func (h *Harness) Site(id int64) sites.Site {
	h.t.Helper()
	s, err := h.App.Sites.ByID(h.ctx, id)
	if err != nil {
		h.t.Fatalf("site %d: %v", id, err)
	}
	return s
}

// Login returns a new browser logged in as email on host: through the
// site's /admin/login form on a site host, the platform's /login form on
// the platform host.
func (h *Harness) Login(host, email string) *Browser {
	h.t.Helper()
	b := h.Browser()
	b.Login(host, email)
	return b
}

// LoginOperator returns a new browser logged in to the operator console.
func (h *Harness) LoginOperator(email string) *Browser {
	h.t.Helper()
	b := h.Browser()
	b.LoginOperator(email)
	return b
}

// Count runs a query that returns one number, e.g. a COUNT(*).
func (h *Harness) Count(query string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.App.DB.QueryRow(h.ctx, query, args...).Scan(&n); err != nil {
		h.t.Fatalf("count %q: %v", query, err)
	}
	return n
}

// Eventually polls f until it is true, failing the test after 10 s.
func (h *Harness) Eventually(what string, f func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !f() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Announced returns the site IDs announced as changed on the bus since the
// start or the last ResetAnnounced, in order (invalidation.Platform for a
// platform-wide switch).
func (h *Harness) Announced() []int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.announced)
}

// WasAnnounced reports whether siteID was announced since the last reset.
func (h *Harness) WasAnnounced(siteID int64) bool { return slices.Contains(h.Announced(), siteID) }

// ResetAnnounced forgets what was announced so far, so that a test checks
// only what follows.
func (h *Harness) ResetAnnounced() {
	h.mu.Lock()
	h.announced = nil
	h.mu.Unlock()
}

var captchaIDRe = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)

// SolveCaptcha finds the captcha in a page and reads its digits from the
// store, as a person reads the picture. ok is false when the page has none.
func (h *Harness) SolveCaptcha(page string) (id, digits string, ok bool) {
	h.t.Helper()
	m := captchaIDRe.FindStringSubmatch(page)
	if m == nil {
		return "", "", false
	}
	digits, err := h.App.Captcha.DigitsForTest(h.ctx, m[1])
	if err != nil {
		h.t.Fatalf("captcha %s: %v", m[1], err)
	}
	return m[1], digits, true
}
