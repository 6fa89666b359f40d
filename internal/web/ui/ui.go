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
	"time"

	"github.com/pagecart/pagecart/internal/web/request"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static
var static embed.FS

// Static is served at /_ui/ on every host.
func Static() http.Handler {
	sub, _ := fs.Sub(static, "static")
	fileServer := http.FileServer(http.FS(sub))
	return http.StripPrefix("/_ui/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	}))
}

// NavLink is one entry of an area's top navigation.
type NavLink struct {
	Label, URL string
	Current    bool
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
}

// Renderer holds the parsed pages of one area.
type Renderer struct {
	pages  map[string]*template.Template
	logger *slog.Logger
	// frame fills the parts of a Page that are the same for every page of
	// the area (navigation, links, session).
	frame func(r *http.Request, p *Page)
}

// New parses every *.html file of an area's fs together with the layout.
// frame is called for each render to fill the area's navigation.
func New(area fs.FS, funcs template.FuncMap, logger *slog.Logger, frame func(r *http.Request, p *Page)) (*Renderer, error) {
	all := template.FuncMap{
		"date":     func(t time.Time) string { return t.Format("2 Jan 2006") },
		"datetime": func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") },
	}
	for k, v := range funcs {
		all[k] = v
	}
	base, err := template.New("").Funcs(all).ParseFS(templates, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	rd := &Renderer{pages: map[string]*template.Template{}, logger: logger, frame: frame}
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
		clearFlash(w)
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
