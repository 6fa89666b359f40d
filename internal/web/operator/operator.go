// Package operator is the operator console on the platform host: the
// people who run Pagecart list and search sites, change their plans and
// trials, suspend them, switch maintenance on, and read the outbox and the
// help centre's inbox. It has its own accounts and its own session cookie.
package operator

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

//go:embed templates/*.html
var templates embed.FS

// pageSize is the number of rows on one page of every list.
const pageSize = 50

// Operator serves the console.
type Operator struct {
	d  Deps
	rd *ui.Renderer
}

// New parses the console's templates.
func New(d Deps) (*Operator, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	o := &Operator{d: d}
	sub, err := fs.Sub(templates, "templates")
	if err != nil {
		return nil, err
	}
	o.rd, err = ui.New(sub, template.FuncMap{"pager": renderPager, "linkify": linkify, "nbsp": nbsp, "lines": lines}, d.Logger, o.frame, d.Errors)
	if err != nil {
		return nil, fmt.Errorf("operator templates: %w", err)
	}
	return o, nil
}

var nav = []ui.NavLink{
	{Label: "Sites", URL: "/operator"},
	{Label: "Maintenance", URL: "/operator/maintenance"},
	{Label: "Partners", URL: "/operator/partners"},
	{Label: "Outbox", URL: "/operator/outbox"},
	{Label: "Inbox", URL: "/operator/inbox"},
	{Label: "Domains", URL: "/operator/domains"},
	{Label: "Consent log", URL: "/operator/consent"},
	{Label: "Design requests", URL: "/operator/design-requests"},
}

// frame fills what every console page shares. The navigation and the
// maintenance banner are only for a logged-in operator.
func (o *Operator) frame(r *http.Request, p *ui.Page) {
	p.Area, p.AreaLabel, p.HomeURL = "operator", "Operator", "/operator"
	p.PlatformURL, p.Wide = o.d.Config.PlatformURL(), true
	if _, ok := current(r.Context()); !ok {
		return
	}
	p.LogoutURL = "/operator/logout"
	for _, l := range nav {
		l.Current = r.URL.Path == l.URL || (l.URL != "/operator" && strings.HasPrefix(r.URL.Path, l.URL+"/")) ||
			(l.URL == "/operator" && strings.HasPrefix(r.URL.Path, "/operator/sites/"))
		p.Nav = append(p.Nav, l)
	}
	if retry, err := o.d.Operators.Maintenance(r.Context()); err == nil && retry > 0 && p.Banner == "" {
		p.Banner = fmt.Sprintf("Platform maintenance is on: visitors get 503 with Retry-After %d s.", retry)
	}
}

type ctxKey struct{}

func current(ctx context.Context) (operators.Operator, bool) {
	op, ok := ctx.Value(ctxKey{}).(operators.Operator)
	return op, ok
}

// handle serves a page that needs no login.
func (o *Operator) handle(h request.HandlerFunc) http.Handler {
	return noStore(o.rd.Handle(h))
}

// page serves a page only to a logged-in operator; anyone else is sent to
// the login page and brought back afterwards. A site owner's session is
// another cookie and another kind, so it never counts.
func (o *Operator) page(h request.HandlerFunc) http.Handler {
	return o.handle(func(w http.ResponseWriter, r *http.Request) error {
		op, ok := o.operator(r)
		if !ok {
			target := "/operator/login"
			if r.Method == http.MethodGet && r.URL.Path != "/operator" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return nil
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, op)))
	})
}

func (o *Operator) operator(r *http.Request) (operators.Operator, bool) {
	id, ok := o.d.Sessions.Subject(r, session.OperatorCookie, session.KindOperator)
	if !ok {
		return operators.Operator{}, false
	}
	op, err := o.d.Operators.ByID(r.Context(), id)
	return op, err == nil
}

// noStore keeps the console's pages out of every cache.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// render writes a page of the console.
func (o *Operator) render(w http.ResponseWriter, r *http.Request, status int, name, title string, form *ui.Form, data any) error {
	return o.rd.Render(w, r, status, name, ui.Page{Title: title, Form: form, Data: data})
}

// done confirms a change with a flash and redirects (post/redirect/get).
func done(w http.ResponseWriter, r *http.Request, to, message string) error {
	ui.SetFlash(w, r, message)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// pathID reads the {id} of the URL; anything that is not one is a 404.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("id %q: %w", r.PathValue("id"), fault.ErrNotFound)
	}
	return id, nil
}
