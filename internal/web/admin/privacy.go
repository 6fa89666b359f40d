package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// logPageSize is how many recorded choices the privacy page shows at once.
const logPageSize = 25

// privacyData is the cookie-consent page: the bar's texts and colours, the
// declaration, the tagged scripts and the log of choices.
type privacyData struct {
	Settings   consent.Settings
	Categories []consent.Category
	Log        []consent.Entry
	LogTotal   int
	LogFrom    int
	PrevLog    string
	NextLog    string
	// Script is the add-a-script form after a refusal.
	Script *ui.Form
	// CanScript: the person is an owner, who alone may add scripts.
	CanScript bool
}

func (a *Admin) privacyData(r *http.Request, siteID int64) (privacyData, error) {
	st, _ := r.Context().Value(stateKey{}).(*state)
	set, err := a.d.Consent.Settings(r.Context(), siteID)
	if err != nil {
		return privacyData{}, err
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("log"))
	offset = max(offset, 0)
	log, total, err := a.d.Consent.Log(r.Context(), siteID, logPageSize, offset)
	if err != nil {
		return privacyData{}, err
	}
	d := privacyData{Settings: set, Categories: consent.Optional, Log: log, LogTotal: total, LogFrom: offset + 1,
		CanScript: st != nil && st.member != nil && st.member.Role.Can(accounts.PermScripts)}
	if offset > 0 {
		d.PrevLog = "/admin/privacy?log=" + strconv.Itoa(max(offset-logPageSize, 0)) + "#log"
	}
	if offset+logPageSize < total {
		d.NextLog = "/admin/privacy?log=" + strconv.Itoa(offset+logPageSize) + "#log"
	}
	return d, nil
}

func settingsForm(s consent.Settings) *ui.Form {
	return &ui.Form{Values: url.Values{"heading": {s.Heading}, "message": {s.Message}, "background": {s.Background},
		"foreground": {s.Foreground}, "accent": {s.Accent}, "controller": {s.Controller}, "declaration": {s.Declaration}}}
}

func (a *Admin) privacyPage(w http.ResponseWriter, r *http.Request, st *state) error {
	d, err := a.privacyData(r, st.site.ID)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "privacy.html", "Cookies and privacy", settingsForm(d.Settings), d)
}

func (a *Admin) savePrivacy(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	set := consent.Settings{Heading: f.Value("heading"), Message: f.Value("message"), Background: f.Value("background"),
		Foreground: f.Value("foreground"), Accent: f.Value("accent"), Controller: f.Raw("controller"), Declaration: f.Raw("declaration")}
	if err := a.d.Consent.Save(r.Context(), st.site.ID, set, f.Checked("ask_again")); err != nil {
		if f.Absorb(err) {
			d, derr := a.privacyData(r, st.site.ID)
			if derr != nil {
				return derr
			}
			return a.render(w, r, http.StatusUnprocessableEntity, "privacy.html", "Cookies and privacy", f, d)
		}
		return err
	}
	return done(w, r, "/admin/privacy", "Cookie bar and privacy declaration saved.")
}

func (a *Admin) addScript(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	sc := consent.Script{Name: f.Value("name"), Category: consent.Category(f.Value("category")), Code: f.Raw("code")}
	if _, err := a.d.Consent.AddScript(r.Context(), st.site.ID, sc); err != nil {
		if f.Absorb(err) {
			d, derr := a.privacyData(r, st.site.ID)
			if derr != nil {
				return derr
			}
			d.Script = f
			return a.render(w, r, http.StatusUnprocessableEntity, "privacy.html", "Cookies and privacy", settingsForm(d.Settings), d)
		}
		return err
	}
	return done(w, r, "/admin/privacy#scripts", "Script “"+sc.Name+"” added. It runs only for visitors who allow "+sc.Category.Label()+"; everyone is asked again.")
}

func (a *Admin) confirmDeleteScript(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sc, err := a.d.Consent.Script(r.Context(), st.site.ID, id)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Remove the script “" + sc.Name + "”?",
		Message: "It stops running on your site at once. This cannot be undone.",
		Action:  r.URL.Path, Button: "Remove script", Cancel: "/admin/privacy#scripts"})
}

func (a *Admin) deleteScript(w http.ResponseWriter, r *http.Request, st *state) error {
	if !confirmed(r) {
		return a.confirmDeleteScript(w, r, st)
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.d.Consent.DeleteScript(r.Context(), st.site.ID, id); err != nil {
		return err
	}
	return done(w, r, "/admin/privacy#scripts", "Script removed.")
}

// exportConsentLog is the whole log as CSV: the owner's proof of consent.
func (a *Admin) exportConsentLog(w http.ResponseWriter, r *http.Request, st *state) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="consent-log-`+st.site.Name+`.csv"`)
	return a.d.Consent.ExportCSV(r.Context(), st.site.ID, w)
}
