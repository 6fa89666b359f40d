// Package admin is a site's administration at NAME.<base domain>/admin:
// the dashboard, settings, pages, design, staff, plan and the person's own
// account. Every request is scoped by the site the Host resolved to, and
// every page but the login and invitation pages needs a member of that site.
package admin

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/ui"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Admin serves the administration of every site.
type Admin struct {
	d   Deps
	rd  *ui.Renderer
	now func() time.Time
	// preview draws a page's draft in the site's design (UsePreview).
	preview PreviewFunc
}

// New parses the admin's pages.
func New(d Deps) (*Admin, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	a := &Admin{d: d, now: time.Now}
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	a.rd, err = ui.New(sub, funcs, d.Logger, a.frame, d.Errors)
	if err != nil {
		return nil, fmt.Errorf("admin templates: %w", err)
	}
	return a, nil
}

// state is what a handler knows about the request: the site (read fresh
// from the database, not the host cache), and the person if logged in.
type state struct {
	site    sites.Site
	account accounts.Account // zero ID when nobody is logged in
	member  *accounts.Member // nil unless the account is on the site's staff
}

type stateKey struct{}

// handler is an admin handler; it returns its error for fail to show.
type handler func(w http.ResponseWriter, r *http.Request, st *state) error

// open serves a page anyone may see (login, invitation): it needs only the site.
func (a *Admin) open(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		st, r, err := a.load(r)
		if err == nil {
			err = h(w, r, st)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	})
}

// staff serves a page for members of the site whose role has perm.
func (a *Admin) staff(perm accounts.Permission, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		st, r, err := a.load(r)
		switch {
		case err != nil:
		case st.account.ID == 0:
			a.toLogin(w, r)
			return
		case st.member == nil:
			a.rd.Show(w, r, ui.ErrorData(http.StatusForbidden, "Not on this site's staff",
				"You are logged in as "+st.account.Email+", which is not on the staff of "+st.site.Title+
					". Log out and log in with another account, or ask the site's owner to invite you."))
			return
		case perm != anyRole && !st.member.Role.Can(perm):
			a.rd.Show(w, r, ui.ErrorData(http.StatusForbidden, "Not allowed", refusal[perm]))
			return
		default:
			err = h(w, r, st)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	})
}

// refusal explains, per permission, who may use that part of the admin.
var refusal = map[accounts.Permission]string{
	accounts.PermContent:  "Your role does not include editing content. Ask the site's owner if you need it.",
	accounts.PermSettings: "Only owners and managers can change the site's settings. Ask the site's owner if you need to.",
	accounts.PermStaff:    "Only the site's owners can invite and manage staff.",
	accounts.PermPlan:     "Only the site's owners can choose the plan.",
	accounts.PermScripts:  "Only the site's owners can add or remove scripts, because a script runs with the rights of whoever opens a page.",
}

// noStore keeps the admin's pages, which show a logged-in person's data,
// out of every cache (the browser's back button included).
func noStore(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") }

// load reads the site and the logged-in person into the request context.
func (a *Admin) load(r *http.Request) (*state, *http.Request, error) {
	cached, ok := request.Site(r.Context())
	if !ok {
		return nil, r, fault.ErrNotFound
	}
	site, err := a.d.Sites.ByID(r.Context(), cached.ID)
	if err != nil {
		return nil, r, err
	}
	st := &state{site: site}
	if acct, ok := a.d.Sessions.Account(r); ok {
		st.account = acct
		m, err := a.d.Accounts.Membership(r.Context(), site.ID, acct.ID)
		switch {
		case err == nil:
			st.member = &m
		case !errors.Is(err, accounts.ErrNotFound):
			return nil, r, err
		}
	}
	return st, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)), nil
}

// toLogin sends a person who is not logged in to the login page, and back
// here afterwards when what they wanted was a page.
func (a *Admin) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/admin/login"
	if r.Method == http.MethodGet && r.URL.Path != "/admin" && r.URL.Path != "/admin/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// fail answers with the response for err; a link that no longer works
// gets its own words rather than a bare "not found".
func (a *Admin) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, accounts.ErrTokenInvalid) {
		a.rd.Show(w, r, ui.ErrorData(http.StatusNotFound, "Link not valid", accounts.ErrTokenInvalid.Error()))
		return
	}
	a.rd.Error(w, r, err)
}

// render writes a page with its title.
func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, name, title string, form *ui.Form, data any) error {
	return a.rd.Render(w, r, status, name, ui.Page{Title: title, Form: form, Data: data})
}

// done ends a successful POST: a message for the next page, and a redirect
// so that reloading does not post again.
func done(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		ui.SetFlash(w, r, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// pathID is the numeric {id} of the URL; anything else is not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.ErrNotFound
	}
	return id, nil
}

// safeNext is where to go after logging in: only a path of this admin.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin") || strings.ContainsAny(next, "\\\r\n") ||
		strings.HasPrefix(next, "/admin/login") || strings.HasPrefix(next, "/admin/logout") {
		return "/admin"
	}
	return next
}
