// Package platform serves the platform host: the landing page, signup with
// the design gallery, login and password reset for site owners, the terms
// and the help centre.
package platform

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/ui"
)

//go:embed templates/*.html
var templates embed.FS

// Platform is the platform host's area.
type Platform struct {
	d  Deps
	rd *ui.Renderer
}

// New parses the area's pages.
func New(d Deps) (*Platform, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	p := &Platform{d: d}
	sub, err := fs.Sub(templates, "templates")
	if err != nil {
		return nil, err
	}
	p.rd, err = ui.New(sub, nil, d.Logger, p.frame, d.Errors)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// frame fills the navigation every platform page shares.
func (p *Platform) frame(r *http.Request, pg *ui.Page) {
	pg.Area, pg.HomeURL, pg.PlatformURL = "platform", "/", p.d.Config.PlatformURL()
	pg.Nav = []ui.NavLink{{Label: "Help", URL: "/help"}}
	if _, ok := p.d.Sessions.Account(r); ok {
		pg.Nav = append(pg.Nav, ui.NavLink{Label: "My sites", URL: "/sites"})
		pg.LogoutURL = "/logout"
	} else {
		pg.Nav = append(pg.Nav, ui.NavLink{Label: "Log in", URL: "/login"}, ui.NavLink{Label: "Create your site", URL: "/signup"})
	}
	for i := range pg.Nav {
		pg.Nav[i].Current = pg.Nav[i].URL == r.URL.Path
	}
	if pg.ConsentBar == "" {
		p.withBar(r, pg, false)
	}
}

// handle serves a page of the platform host. Its pages show who is logged
// in (and "My sites" their sites), so none may be kept by a cache.
func (p *Platform) handle(h request.HandlerFunc) http.Handler {
	return p.rd.Handle(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		return h(w, r)
	})
}

func (p *Platform) render(w http.ResponseWriter, r *http.Request, status int, name string, pg ui.Page) error {
	return p.rd.Render(w, r, status, name, pg)
}

func (p *Platform) notFound(w http.ResponseWriter, r *http.Request) error {
	return fault.ErrNotFound
}

// thumbnail serves a design's preview picture for the gallery.
func (p *Platform) thumbnail(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if _, ok := p.d.Themes.Get(name); !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, p.d.Themes.Assets(), name+"/thumbnail.png")
}
