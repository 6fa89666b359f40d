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
	// Suggestion is offered for the public e-mail with one click; it is
	// published only when the person saves it, never by default.
	Suggestion string
	// Suggested is true when the form was just filled with Suggestion and
	// not saved yet.
	Suggested bool
}

func (a *Admin) settingsData(st *state) settingsData {
	suggestion := st.site.ContactEmail
	if suggestion == "" {
		suggestion = st.account.Email
	}
	return settingsData{SiteURL: a.d.Config.SiteURL(st.site.Name), TimeZones: sites.TimeZones,
		Languages: sites.Languages, Currencies: sites.Currencies, Suggestion: suggestion}
}

func (a *Admin) settingsPage(w http.ResponseWriter, r *http.Request, st *state) error {
	s := st.site.Settings()
	f := &ui.Form{Values: url.Values{
		"title": {s.Title}, "contact_email": {s.ContactEmail}, "public_email": {s.PublicEmail},
		"time_zone": {s.TimeZone}, "language": {s.Language}, "currency": {s.Currency},
	}}
	data := a.settingsData(st)
	// "Use this address" is a link that fills the public e-mail in the form
	// and saves nothing: the owner sees it in place and publishes it by
	// saving. A link rather than a second submit button keeps Enter on
	// "Save settings".
	if r.URL.Query().Get("use") == "suggestion" && data.Suggestion != "" {
		f.Values.Set("public_email", data.Suggestion)
		data.Suggested = true
	}
	return a.render(w, r, http.StatusOK, "settings.html", "Settings", f, data)
}

func (a *Admin) saveSettings(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	data := a.settingsData(st)
	s := sites.Settings{Title: f.Value("title"), ContactEmail: f.Value("contact_email"), PublicEmail: f.Value("public_email"),
		TimeZone: f.Value("time_zone"), Language: f.Value("language"), Currency: f.Value("currency")}
	if err := a.d.Sites.UpdateSettings(r.Context(), st.site.ID, s); err != nil {
		if f.Absorb(err) {
			return a.render(w, r, http.StatusUnprocessableEntity, "settings.html", "Settings", f, data)
		}
		return err
	}
	return done(w, r, "/admin/settings", "Settings saved.")
}
