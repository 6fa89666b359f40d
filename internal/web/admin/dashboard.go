package admin

import (
	"cmp"
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// step is one item of the getting-started checklist.
type step struct {
	Label, URL, Hint string
	Done             bool
	perm             accounts.Permission
}

type dashboardData struct {
	SiteURL       string
	Plan          plans.Plan
	OnTrial       bool
	TrialLeft     string
	RequestedPlan string
	Pages, Staff  int
	Steps         []step
	StepsDone     int
	CanPlan       bool
	CanStaff      bool
}

func (a *Admin) dashboard(w http.ResponseWriter, r *http.Request, st *state) error {
	ctx, site := r.Context(), st.site
	ps, err := a.d.Pages.List(ctx, site.ID, site.Entitlements())
	if err != nil {
		return err
	}
	members, err := a.d.Accounts.Members(ctx, site.ID)
	if err != nil {
		return err
	}
	homeEdited, placeholders := false, ""
	for _, p := range ps {
		if p.Slug == "" && p.UpdatedAt.After(p.CreatedAt) {
			homeEdited = true
		}
		// The live page: a placeholder only counts while visitors see it.
		if secs, err := sections.Decode(p.Sections); placeholders == "" && err == nil && sections.HasPlaceholder(secs) {
			placeholders = "/admin/pages/" + strconv.FormatInt(p.ID, 10)
		}
	}
	products, err := a.d.Catalog.ProductCount(ctx, site.ID)
	if err != nil {
		return err
	}
	role := st.member.Role
	d := dashboardData{
		SiteURL: a.d.Config.SiteURL(site.Name), Plan: site.Entitlements(), OnTrial: site.OnTrial(),
		TrialLeft: trialLeft(site.TrialDaysLeft(a.now())), Pages: len(ps), Staff: len(members),
		CanPlan: role.Can(accounts.PermPlan), CanStaff: role.Can(accounts.PermStaff),
	}
	if rp, ok := plans.Get(site.RequestedPlan); ok && site.RequestedPlan != "" {
		d.RequestedPlan = rp.Name
	}
	d.Steps = []step{
		{Label: "Choose a design", URL: "/admin/design", Done: true, perm: accounts.PermContent},
		{Label: "Edit your home page", URL: homeURL(ps), Hint: "Say who you are and what you offer.",
			Done: homeEdited, perm: accounts.PermContent},
		{Label: "Add a page", URL: "/admin/pages/new", Hint: "Opening hours, a menu, your story…",
			Done: len(ps) > a.d.Themes.StarterCount(site.Theme), perm: accounts.PermContent},
		// Checked on the pages themselves: a placeholder left anywhere is
		// text a visitor would read as "[Your phone number]".
		{Label: "Replace the placeholders in your pages", URL: cmp.Or(placeholders, "/admin/pages"),
			Hint: "Your starter pages mark what only you know, like [Your street and number], in yellow.",
			Done: placeholders == "", perm: accounts.PermContent},
		// Done only once the owner chose a public address: the signup
		// e-mail is private and never counts.
		{Label: "Show an e-mail on your site", URL: "/admin/settings#public_email",
			Hint: "Your site shows no e-mail until you choose one in the settings.",
			Done: site.PublicEmail != "", perm: accounts.PermSettings},
		shopStep(site.Entitlements(), products),
		{Label: "Invite your staff", URL: "/admin/staff", Hint: "Managers and editors help you run the site.",
			Done: len(members) > 1, perm: accounts.PermStaff},
		{Label: "Pick a plan", URL: "/admin/plans", Hint: "Your trial has every Business feature; choose what to keep.",
			Done: site.RequestedPlan != "" || site.Plan != plans.Trial, perm: accounts.PermPlan},
	}
	// A step the person's role cannot take is left out rather than shown
	// as a link to a refusal.
	kept := d.Steps[:0]
	for _, s := range d.Steps {
		if s.perm == anyRole || role.Can(s.perm) {
			kept = append(kept, s)
			if s.Done {
				d.StepsDone++
			}
		}
	}
	d.Steps = kept
	return a.rd.Render(w, r, http.StatusOK, "dashboard.html", ui.Page{Title: "Dashboard", Data: d})
}

// shopStep asks for a first product, or, on a plan without a shop, for a
// plan that has one.
func shopStep(plan plans.Plan, products int) step {
	if plan.Products == 0 {
		return step{Label: "Choose a plan with a shop", URL: "/admin/plans",
			Hint: "Your plan has no online store; Starter and above sell products.", perm: accounts.PermPlan}
	}
	return step{Label: "Add your first product", URL: "/admin/products/new",
		Hint: "A title, a price and a photo: options and variants can come later.", Done: products > 0, perm: accounts.PermContent}
}

// homeURL is the edit page of the home page, or the page list without one.
func homeURL(ps []pages.Page) string {
	for _, p := range ps {
		if p.Slug == "" {
			return "/admin/pages/" + strconv.FormatInt(p.ID, 10)
		}
	}
	return "/admin/pages"
}
