package admin

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

type designData struct {
	Themes  []themes.Theme
	Current string
}

func (a *Admin) designPage(w http.ResponseWriter, r *http.Request, st *state) error {
	f := &ui.Form{Values: url.Values{"theme": {st.site.Theme}}}
	return a.render(w, r, http.StatusOK, "design.html", "Design", f, designData{a.d.Themes.List(), st.site.Theme})
}

// setDesign switches the design; pages and settings stay as they are.
func (a *Admin) setDesign(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	t, ok := a.d.Themes.Get(f.Value("theme"))
	if !ok {
		f.Set("theme", "Choose one of the designs.")
		return a.render(w, r, http.StatusUnprocessableEntity, "design.html", "Design", f,
			designData{a.d.Themes.List(), st.site.Theme})
	}
	if t.Name == st.site.Theme {
		return done(w, r, "/admin/design", "Your site already uses "+t.Title+".")
	}
	if err := a.d.Sites.SetTheme(r.Context(), st.site.ID, t.Name); err != nil {
		return err
	}
	return done(w, r, "/admin/design", "Your site now uses the "+t.Title+" design. Your pages and settings stay as they were.")
}
