package admin

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/ui"
)

type settingsData struct {
	SiteURL    string
	TimeZones  []string
	Languages  []sites.Option
	Currencies []sites.Option
}

func (a *Admin) settingsData(st *state) settingsData {
	return settingsData{SiteURL: a.d.Config.SiteURL(st.site.Name), TimeZones: sites.TimeZones,
		Languages: sites.Languages, Currencies: sites.Currencies}
}

func (a *Admin) settingsPage(w http.ResponseWriter, r *http.Request, st *state) error {
	s := st.site.Settings()
	f := &ui.Form{Values: url.Values{
		"title": {s.Title}, "contact_email": {s.ContactEmail}, "time_zone": {s.TimeZone},
		"language": {s.Language}, "currency": {s.Currency},
	}}
	return a.render(w, r, http.StatusOK, "settings.html", "Settings", f, a.settingsData(st))
}

func (a *Admin) saveSettings(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	s := sites.Settings{Title: f.Value("title"), ContactEmail: f.Value("contact_email"),
		TimeZone: f.Value("time_zone"), Language: f.Value("language"), Currency: f.Value("currency")}
	if err := a.d.Sites.UpdateSettings(r.Context(), st.site.ID, s); err != nil {
		if f.Absorb(err) {
			return a.render(w, r, http.StatusUnprocessableEntity, "settings.html", "Settings", f, a.settingsData(st))
		}
		return err
	}
	return done(w, r, "/admin/settings", "Settings saved.")
}
