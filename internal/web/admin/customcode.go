package admin

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// customCodeData is the Custom CSS and head code page.
type customCodeData struct {
	// Allowed: the plan has custom code; otherwise the page shows the
	// feature locked, with the plans page for those who may change it.
	Allowed bool
	CanPlan bool
	// Plan is the first plan with custom code, named in the lock.
	Plan     string
	MaxKB    int
	SheetURL string // the saved stylesheet on the site, "" when none
}

func (a *Admin) customCodeData(r *http.Request, st *state, saved string) customCodeData {
	d := customCodeData{Allowed: st.site.Entitlements().CustomCode, CanPlan: st.member.Role.Can(accounts.PermPlan),
		Plan: plans.MustGet(plans.Premium).Name, MaxKB: customcss.MaxBytes >> 10}
	if d.Allowed && saved != "" {
		d.SheetURL = a.d.Config.SiteURL(st.site.Name) + "/site.css?v=" + customcss.Version(saved)
	}
	return d
}

func (a *Admin) customCodePage(w http.ResponseWriter, r *http.Request, st *state) error {
	css, err := a.d.CustomCSS.CSS(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"css": {css}}}
	return a.render(w, r, http.StatusOK, "customcode.html", "Custom CSS and head code", f, a.customCodeData(r, st, css))
}

func (a *Admin) saveCustomCSS(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	if err := a.d.CustomCSS.Save(r.Context(), st.site.ID, st.site.Entitlements(), f.Raw("css")); err != nil {
		if !f.Absorb(err) {
			return err
		}
		old, rerr := a.d.CustomCSS.CSS(r.Context(), st.site.ID)
		if rerr != nil {
			return rerr
		}
		return a.render(w, r, http.StatusUnprocessableEntity, "customcode.html", "Custom CSS and head code", f, a.customCodeData(r, st, old))
	}
	return done(w, r, "/admin/settings/code", "Custom CSS saved. Your pages use it now.")
}
