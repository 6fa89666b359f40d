package admin_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/internal/web/admin"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

const password = "plum orchard 1987"

// app is the admin mounted as the lead's router would: the Host picks the
// site, which goes into the request context.
type app struct {
	t       *testing.T
	d       admin.Deps
	db      *sqldb.DB
	handler http.Handler
	ctx     context.Context
}

func newApp(t *testing.T) *app {
	t.Helper()
	db := sqldbtest.SQLite(t)
	set, err := themes.Load()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.DiscardHandler)
	mails := mail.NewStore(db)
	sender, _ := mail.NewSender("", "", logger)
	workers := river.NewWorkers()
	mail.Register(workers, mail.NewWorker(mails, sender))
	queue, err := jobs.New(db, jobs.Config{Workers: workers, PollInterval: 50 * time.Millisecond, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{BaseDomain: "localhost", PublicScheme: "http", PublicPort: "8080"}
	accts := accounts.NewStore(db)
	accts.UseOutbox(mail.NewOutbox(mails, queue))
	look, err := ui.New(nil, nil, logger, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := admin.Deps{Config: cfg, Logger: logger, Errors: ui.NewErrors(logger, look, set, cfg.PlatformURL()),
		Sessions: session.New(accts, false), Accounts: accts, Sites: sites.NewStore(db), Pages: pages.NewStore(db), Themes: set}
	a, err := admin.New(d)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /_ui/", ui.Static(d.Errors))
	mux.Handle("GET /assets/theme/", http.StripPrefix("/assets/theme/", http.FileServerFS(set.Assets())))
	a.Routes(mux)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.Host, ":")
		name, ok := strings.CutSuffix(host, ".localhost")
		site, err := d.Sites.ByName(r.Context(), name)
		if !ok || err != nil {
			http.NotFound(w, r)
			return
		}
		mux.ServeHTTP(w, r.WithContext(request.WithSite(r.Context(), site)))
	})
	return &app{t: t, d: d, db: db, handler: h, ctx: context.Background()}
}

// newSite does what signup does: an owner account, the site on trial with
// its owner and the default design's starter pages, in one transaction.
func (a *app) newSite(name, email string) (sites.Site, accounts.Account) {
	a.t.Helper()
	var site sites.Site
	var acct accounts.Account
	err := a.db.InTx(a.ctx, func(tx *sqldb.Tx) error {
		var err error
		if acct, err = a.d.Accounts.CreateTx(a.ctx, tx, email, password, signup.TermsVersion); err != nil {
			return err
		}
		site, err = a.d.Sites.CreateTx(a.ctx, tx, sites.NewSite{Name: name, Title: strings.ToUpper(name[:1]) + name[1:],
			OwnerID: acct.ID, Theme: a.d.Themes.Default(), ContactEmail: email, Plan: plans.Trial})
		if err != nil {
			return err
		}
		if err := a.d.Accounts.AddMemberTx(a.ctx, tx, site.ID, acct.ID, accounts.RoleOwner); err != nil {
			return err
		}
		for _, sp := range a.d.Themes.StarterPages(site.Theme, themes.StarterData{Title: site.Title, Currency: site.Currency}) {
			if _, err := a.d.Pages.CreateTx(a.ctx, tx, site.ID, plans.MustGet(plans.Premium),
				pages.Input{Slug: sp.Slug, Title: sp.Title, Body: string(sp.Body), InNav: sp.InNav}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return site, acct
}

// staffMember creates an account and puts it on the site's staff.
func (a *app) staffMember(site sites.Site, email string, role accounts.Role) accounts.Account {
	a.t.Helper()
	var acct accounts.Account
	err := a.db.InTx(a.ctx, func(tx *sqldb.Tx) error {
		var err error
		if acct, err = a.d.Accounts.CreateTx(a.ctx, tx, email, password, signup.TermsVersion); err != nil {
			return err
		}
		return a.d.Accounts.AddMemberTx(a.ctx, tx, site.ID, acct.ID, role)
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return acct
}

func (a *app) site(id int64) sites.Site {
	a.t.Helper()
	s, err := a.d.Sites.ByID(a.ctx, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return s
}

// browser is one person's browser: it keeps cookies, whatever host it asks.
type browser struct {
	app     *app
	host    string
	cookies map[string]*http.Cookie
}

func (a *app) browser(site sites.Site) *browser {
	return &browser{app: a, host: site.Name + ".localhost:8080", cookies: map[string]*http.Cookie{}}
}

type response struct {
	status   int
	body     string
	location string
}

func (b *browser) do(method, path string, form url.Values) response {
	b.app.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, "http://"+b.host+path, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	b.app.handler.ServeHTTP(w, r)
	res := w.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return response{status: res.StatusCode, body: w.Body.String(), location: res.Header.Get("Location")}
}

func (b *browser) get(path string) response { b.app.t.Helper(); return b.do(http.MethodGet, path, nil) }

func (b *browser) post(path string, form url.Values) response {
	b.app.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return b.do(http.MethodPost, path, form)
}

// login logs in and checks that it worked.
func (b *browser) login(email string) {
	b.app.t.Helper()
	res := b.post("/admin/login", url.Values{"email": {email}, "password": {password}})
	if res.status != http.StatusSeeOther || res.location != "/admin" {
		b.app.t.Fatalf("login %s: %d %q\n%s", email, res.status, res.location, res.body)
	}
}

// follow fetches where a redirect leads.
func (b *browser) follow(res response) response {
	b.app.t.Helper()
	if res.status != http.StatusSeeOther && res.status != http.StatusFound {
		b.app.t.Fatalf("want a redirect, got %d\n%s", res.status, res.body)
	}
	return b.get(res.location)
}

func expect(t *testing.T, res response, status int, texts ...string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d (location %q)\n%s", res.status, status, res.location, excerpt(res.body))
	}
	for _, s := range texts {
		if !strings.Contains(res.body, s) {
			t.Fatalf("page lacks %q\n%s", s, excerpt(res.body))
		}
	}
}

// excerpt is the page's main part, for failure messages.
func excerpt(body string) string {
	if _, after, ok := strings.Cut(body, "<main"); ok {
		body = after
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}
