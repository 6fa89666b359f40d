package admin

import (
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// domainsData is the Domains page: the site's own address, its domains
// with the DNS records to create and their last check, and the add form.
type domainsData struct {
	OwnHost string // NAME.<base domain>
	OwnURL  string
	Domains []domains.Domain
	Primary string // the primary domain's host, "" when it is OwnHost
	Allowed bool   // the plan includes own domains
	CanPlan bool   // this person may change the plan
	Max     int
	HelpURL string

	// Buying a domain: open orders, what was searched and the answer.
	Orders   []domains.Order
	Buy      string // as typed
	BuyHost  string // normalised, when the search ran
	BuyFree  bool
	BuyError string
}

func (a *Admin) domainsPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.showDomains(w, r, st, http.StatusOK, &ui.Form{Values: map[string][]string{"www": {"1"}}})
}

// search answers "is this domain free?" on the Domains page (?buy=NAME).
func (a *Admin) search(r *http.Request, d *domainsData) {
	d.Buy = r.URL.Query().Get("buy")
	if d.Buy == "" || !d.Allowed {
		return
	}
	host, free, err := a.d.Domains.Search(r.Context(), d.Buy)
	if fields, ok := fault.AsInvalid(err); ok {
		d.BuyError = fields["domain"]
		return
	}
	if err != nil {
		a.d.Logger.Warn("domain search", "err", err)
		d.BuyError = "We could not check that name just now. Please try again in a minute."
		return
	}
	d.BuyHost, d.BuyFree = host, free
}

// orderDomain sends the owner's order of a free domain to the operator.
func (a *Admin) orderDomain(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	o, err := a.d.Domains.PlaceOrder(r.Context(), st.site.ID, st.account.ID, f.Raw("domain"))
	if err != nil {
		if fields, ok := fault.AsInvalid(err); ok {
			ui.SetFlash(w, r, fields["domain"])
			http.Redirect(w, r, "/admin/domains#buy-domain", http.StatusSeeOther)
			return nil
		}
		return err
	}
	return done(w, r, "/admin/domains#buy-domain", "Ordered "+domains.Display(o.Host)+
		". The Pagecart team registers it for you; then it is connected to your site and verified automatically.")
}

func (a *Admin) showDomains(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	list, err := a.d.Domains.List(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	d := domainsData{OwnHost: a.d.Config.SiteHost(st.site.Name), OwnURL: a.d.Config.SiteURL(st.site.Name), Domains: list,
		Allowed: st.site.Entitlements().CustomDomain, CanPlan: st.member.Role.Can(accounts.PermPlan), Max: domains.MaxPerSite, HelpURL: a.d.Config.PlatformURL() + "/help/own-domains/using-your-own-domain"}
	for _, dm := range list {
		if dm.IsPrimary && dm.Verified() {
			d.Primary = dm.Host
		}
	}
	if d.Orders, err = a.d.Domains.Orders(r.Context(), st.site.ID); err != nil {
		return err
	}
	a.search(r, &d)
	return a.render(w, r, status, "domains.html", "Domains", f, d)
}

// addDomain connects a domain (and its www twin when ticked); the store
// checks its records at once, so the page shows their status right away.
func (a *Admin) addDomain(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	added, err := a.d.Domains.Add(r.Context(), st.site.ID, f.Raw("domain"), f.Checked("www"))
	if err != nil {
		if f.Absorb(err) {
			return a.showDomains(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	msg := "Added " + domains.Display(added[0].Host)
	if len(added) > 1 {
		msg += " and " + domains.Display(added[1].Host)
	}
	msg += ". Create the DNS records shown below at your DNS provider."
	if added[0].Verified() {
		msg = "Added and verified " + domains.Display(added[0].Host) + ": its DNS records were already in place."
	}
	return done(w, r, "/admin/domains#d"+strconv.FormatInt(added[0].ID, 10), msg)
}

func (a *Admin) checkDomain(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := a.d.Domains.Check(r.Context(), st.site.ID, id)
	if err != nil {
		return err
	}
	msg := "Checked " + domains.Display(d.Host) + ": "
	switch {
	case d.Verified():
		msg += "verified. It shows your site now."
	default:
		msg += "not all records are in place yet. DNS changes can take a while to show; we keep checking automatically."
	}
	return done(w, r, "/admin/domains#d"+strconv.FormatInt(d.ID, 10), msg)
}

// setPrimary takes the domain's ID from the form; 0 is the site's own address.
func (a *Admin) setPrimary(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	id, err := strconv.ParseInt(f.Value("domain"), 10, 64)
	if err != nil || id < 0 {
		f.Set("primary", "Choose an address.")
		return a.showDomains(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err := a.d.Domains.SetPrimary(r.Context(), st.site.ID, id); err != nil {
		if f.Absorb(err) {
			return a.showDomains(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	host := a.d.Config.SiteHost(st.site.Name)
	if id != 0 {
		d, err := a.d.Domains.Get(r.Context(), st.site.ID, id)
		if err != nil {
			return err
		}
		host = domains.Display(d.Host)
	}
	return done(w, r, "/admin/domains", host+" is your primary address now: every other address of your site sends visitors there.")
}

func (a *Admin) confirmRemoveDomain(w http.ResponseWriter, r *http.Request, st *state) error {
	d, err := a.domain(r, st)
	if err != nil {
		return err
	}
	msg := "Visitors who open " + domains.Display(d.Host) + " no longer reach your site, from this moment. Your DNS records stay at your provider; remove them there too."
	if d.IsPrimary {
		msg += " Your primary address becomes " + a.d.Config.SiteHost(st.site.Name) + " again."
	}
	return a.confirm(w, r, confirmation{Heading: "Remove " + domains.Display(d.Host) + "?", Message: msg,
		Action: "/admin/domains/" + strconv.FormatInt(d.ID, 10) + "/remove", Button: "Remove domain", Cancel: "/admin/domains"})
}

func (a *Admin) removeDomain(w http.ResponseWriter, r *http.Request, st *state) error {
	d, err := a.domain(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmRemoveDomain(w, r, st)
	}
	if err := a.d.Domains.Remove(r.Context(), st.site.ID, d.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/domains", domains.Display(d.Host)+" is no longer connected to your site.")
}

// domain returns a domain of this site by the URL's ID; another site's is
// not found.
func (a *Admin) domain(r *http.Request, st *state) (domains.Domain, error) {
	id, err := pathID(r)
	if err != nil {
		return domains.Domain{}, err
	}
	return a.d.Domains.Get(r.Context(), st.site.ID, id)
}
