package operator

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// siteView is a site as the console shows it.
type siteView struct {
	sites.Site
	OwnerEmail  string
	URL         string
	PlanName    string
	DaysLeft    int
	Requested   string // the name of the plan the owner asked for, or ""
	Status      string
	StatusClass string // badge class
}

func (o *Operator) view(s sites.Site, ownerEmail string) siteView {
	v := siteView{Site: s, OwnerEmail: ownerEmail, URL: o.d.Config.SiteURL(s.Name),
		PlanName: plans.MustGet(s.Plan).Name, DaysLeft: s.TrialDaysLeft(time.Now())}
	if s.RequestedPlan != "" {
		v.Requested = plans.MustGet(s.RequestedPlan).Name
	}
	switch {
	case s.Suspended():
		v.Status, v.StatusClass = "suspended", "bad"
	case s.MaintenanceRetry > 0:
		v.Status, v.StatusClass = "maintenance", "warn"
	default:
		v.Status, v.StatusClass = "active", "ok"
	}
	return v
}

// planOption is one entry of a plan select.
type planOption struct {
	ID       plans.ID
	Name     string
	Selected bool
}

type listData struct {
	Search   string
	PlanName string // the filter, or ""
	Filtered bool
	Plans    []planOption
	Sites    []siteView
	Pager    pager
}

func (o *Operator) listSites(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, offset := pageOf(r)
	plan := plans.ID(q.Get("plan"))
	if _, ok := plans.Get(plan); !ok {
		plan = ""
	}
	list, total, err := o.d.Sites.List(r.Context(), sites.ListQuery{Search: q.Get("q"), Plan: plan, Limit: pageSize, Offset: offset})
	if err != nil {
		return err
	}
	data := listData{Search: q.Get("q"), Filtered: q.Get("q") != "" || plan != "",
		Pager: newPager("/operator", q, page, len(list), total)}
	if plan != "" {
		data.PlanName = plans.MustGet(plan).Name
	}
	trial, _ := plans.Get(plans.Trial)
	for _, p := range append([]plans.Plan{trial}, plans.All()...) {
		data.Plans = append(data.Plans, planOption{ID: p.ID, Name: p.Name, Selected: p.ID == plan})
	}
	for _, l := range list {
		data.Sites = append(data.Sites, o.view(l.Site, l.OwnerEmail))
	}
	return o.render(w, r, http.StatusOK, "sites.html", "Sites", nil, data)
}

type siteData struct {
	Site  siteView
	Plans []planOption
	// Form defaults when nothing was typed.
	Days, Retry string
}

func (o *Operator) showSite(w http.ResponseWriter, r *http.Request) error {
	return o.renderSite(w, r, http.StatusOK, nil)
}

// renderSite shows a site's details and its action forms; after a
// mistake, f holds what was typed and the messages.
func (o *Operator) renderSite(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	s, err := o.d.Sites.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	var email string
	if owner, err := o.d.Accounts.ByID(r.Context(), s.OwnerAccountID); err == nil {
		email = owner.Email
	}
	data := siteData{Site: o.view(s, email), Days: "15", Retry: "600"}
	if s.MaintenanceRetry > 0 {
		data.Retry = strconv.Itoa(s.MaintenanceRetry)
	}
	chosen := s.RequestedPlan
	if f != nil && f.Value("plan") != "" {
		chosen = plans.ID(f.Value("plan"))
	} else if chosen == "" {
		chosen = s.Plan
	}
	for _, p := range plans.All() {
		data.Plans = append(data.Plans, planOption{ID: p.ID, Name: p.Name, Selected: p.ID == chosen})
	}
	return o.render(w, r, status, "site.html", s.Name, f, data)
}
