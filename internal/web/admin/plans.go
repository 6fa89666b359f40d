package admin

import (
	"net/http"

	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// planColumn is one plan in the comparison, with how it relates to the site.
type planColumn struct {
	plans.Plan
	Current   bool // the site is on it (a trial counts as Business)
	Trial     bool // ...through the trial
	Requested bool // chosen, waiting for the operator
}

type plansData struct {
	Plans     []planColumn
	OnTrial   bool
	TrialLeft string
}

func (a *Admin) plansPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.showPlans(w, r, st, http.StatusOK, nil)
}

func (a *Admin) showPlans(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	site := st.site
	current := site.Plan
	if site.OnTrial() {
		current = plans.Business
	}
	d := plansData{OnTrial: site.OnTrial(), TrialLeft: trialLeft(site.TrialDaysLeft(a.now()))}
	for _, p := range plans.All() {
		if !p.Selectable {
			continue
		}
		d.Plans = append(d.Plans, planColumn{Plan: p, Current: p.ID == current, Trial: site.OnTrial() && p.ID == current,
			Requested: p.ID == site.RequestedPlan})
	}
	return a.render(w, r, status, "plans.html", "Plans", f, d)
}

func (a *Admin) requestPlan(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	id := plans.ID(f.Value("plan"))
	if err := a.d.Sites.RequestPlan(r.Context(), st.site.ID, id); err != nil {
		if f.Absorb(err) {
			return a.showPlans(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	p := plans.MustGet(id)
	return done(w, r, "/admin/plans", "We have your choice of "+p.Name+
		". Billing is confirmed by the Pagecart team; you keep your features meanwhile.")
}
