// Package ui renders Pagecart's own pages (platform, admin and operator
// console) with one layout, one stylesheet and one error page, and turns a
// handler's error into the page a person should see.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/assets"
	"github.com/pagecart/pagecart/internal/web/request"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static
var static embed.FS

// staticFiles are the files of static/, read and hashed once.
var staticFiles = sync.OnceValue(func() *assets.Files {
	sub, _ := fs.Sub(static, "static")
	f, err := assets.New(sub, "/_ui/", "", nil)
	if err != nil {
		// The files are embedded: reading them cannot fail.
		panic(err)
	}
	return f
})

// StaticURL is the content-hashed address of a file of static/
// ("app.css"), which browsers keep for a year; templates write it with
// {{static "app.css"}}.
func StaticURL(name string) string { return staticFiles().URL(name) }

// Static is served at /_ui/ on every host: the stylesheet, scripts and
// pictures of Pagecart's own pages, for a year at their hashed address
// (StaticURL) and for an hour at the plain one (/_ui/app.css), compressed
// when they are text. Only files are served; a folder, a name that is not
// one of them or a malformed one ("/_ui/%ff") is a 404 through errs, never
// a listing or a 500.
func Static(errs *Errors) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !staticFiles().Serve(w, r) {
			errs.Write(w, r, fault.ErrNotFound, nil)
		}
	})
}

// NavLink is one entry of an area's top navigation.
type NavLink struct {
	Label, URL string
	Current    bool
	// Group names the menu the link sits in on a wide screen ("Shop",
	// "Settings"); "" puts it in the bar itself. The phone menu lists
	// every link.
	Group string
}

// NavGroup is one place of the navigation bar: a link of its own (Label
// "") or a named menu of links.
type NavGroup struct {
	Label   string
	Links   []NavLink
	Current bool // a link of the menu is the page shown
}

// NavGroups arranges the navigation for a wide screen: links without a
// group in their own place, grouped links in one menu each, placed where
// the group's first link is.
func (p Page) NavGroups() []NavGroup {
	var out []NavGroup
	at := map[string]int{}
	for _, l := range p.Nav {
		if l.Group == "" {
			out = append(out, NavGroup{Links: []NavLink{l}, Current: l.Current})
			continue
		}
		i, ok := at[l.Group]
		if !ok {
			i = len(out)
			at[l.Group] = i
			out = append(out, NavGroup{Label: l.Group})
		}
		out[i].Links = append(out[i].Links, l)
		out[i].Current = out[i].Current || l.Current
	}
	return out
}

// Page is what every template receives.
type Page struct {
	Title       string
	Area        string // "platform", "admin", "operator": a body class
	AreaLabel   string
	HomeURL     string
	PlatformURL string
	Nav         []NavLink
	LogoutURL   string
	Banner      string
	Flash       string
	Wide        bool
	RequestID   string
	Year        int
	Form        *Form
	Data        any
	// ConsentBar is the cookie-consent bar of the platform's own pages
	// (themes.Set.ConsentBar); the admin and the console have none.
	ConsentBar template.HTML
}

// Renderer holds the parsed pages of one area.
type Renderer struct {
	pages  map[string]*template.Template
	logger *slog.Logger
	// frame fills the parts of a Page that are the same for every page of
	// the area (navigation, links, session).
	frame func(r *http.Request, p *Page)
	// errs writes the area's errors, with this renderer as their look.
	errs *Errors
}

// New parses every *.html file of an area's fs together with the layout.
// frame is called for each render to fill the area's navigation; errs is
// the one error writer, which draws the area's error pages in its look.
func New(area fs.FS, funcs template.FuncMap, logger *slog.Logger, frame func(r *http.Request, p *Page), errs *Errors) (*Renderer, error) {
	all := template.FuncMap{
		"date":     func(t time.Time) string { return t.Format("2 Jan 2006") },
		"datetime": func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") },
		"static":   StaticURL,
	}
	for k, v := range funcs {
		all[k] = v
	}
	base, err := template.New("").Funcs(all).ParseFS(templates, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	rd := &Renderer{pages: map[string]*template.Template{}, logger: logger, frame: frame, errs: errs}
	add := func(fsys fs.FS, name string) error {
		t, err := template.Must(base.Clone()).ParseFS(fsys, name)
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		rd.pages[name] = t
		return nil
	}
	if err := add(templates, "templates/error.html"); err != nil {
		return nil, err
	}
	if area == nil {
		return rd, nil
	}
	names, err := fs.Glob(area, "*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if err := add(area, n); err != nil {
			return nil, err
		}
	}
	return rd, nil
}

// Render writes the named page with the given status. The page is rendered
// into a buffer first so that a template error becomes a clean 500 instead
// of half a page.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, name string, p Page) error {
	t, ok := rd.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	p.RequestID = request.ID(r.Context())
	p.Year = time.Now().Year()
	if rd.frame != nil {
		rd.frame(r, &p)
	}
	if p.Form == nil {
		p.Form = &Form{}
	}
	if c, err := r.Cookie(flashCookie); err == nil && p.Flash == "" {
		p.Flash = readFlash(c.Value)
		clearFlash(w, r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// Error answers with the response for err, through the one error writer,
// with the area's look for pages.
func (rd *Renderer) Error(w http.ResponseWriter, r *http.Request, err error) {
	if rd.errs == nil {
		// Only the platform look's own renderer has none: it is the
		// writer's fallback, not an area that handles requests.
		rd.ErrorPage(w, r, Describe(err))
		return
	}
	rd.errs.Write(w, r, err, rd)
}

// Show answers with an error response whose text the caller chose.
func (rd *Renderer) Show(w http.ResponseWriter, r *http.Request, info ErrorInfo) {
	if rd.errs == nil {
		rd.ErrorPage(w, r, info)
		return
	}
	rd.errs.Show(w, r, info, rd)
}

// NotFound answers 404.
func (rd *Renderer) NotFound(w http.ResponseWriter, r *http.Request) {
	rd.Error(w, r, fault.ErrNotFound)
}

// Handle adapts a handler that returns errors.
func (rd *Renderer) Handle(h request.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			rd.Error(w, r, err)
		}
	})
}
