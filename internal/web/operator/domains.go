package operator

import (
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sites"
)

// orderRow is an open domain order with its site, for the console.
type orderRow struct {
	domains.Order
	Display string
	Site    sites.Site
}

// domainOrders lists the domains owners asked Pagecart to buy, oldest
// first: the operator registers each at the registrar, points its DNS at
// the platform and marks it registered, which connects it to the site.
func (o *Operator) domainOrders(w http.ResponseWriter, r *http.Request) error {
	open, err := o.d.Domains.OpenOrders(r.Context())
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(open))
	for _, ord := range open {
		ids = append(ids, ord.SiteID)
	}
	list, err := o.d.Sites.ByIDs(r.Context(), ids)
	if err != nil {
		return err
	}
	byID := map[int64]sites.Site{}
	for _, s := range list {
		byID[s.ID] = s
	}
	rows := make([]orderRow, 0, len(open))
	for _, ord := range open {
		rows = append(rows, orderRow{Order: ord, Display: domains.Display(ord.Host), Site: byID[ord.SiteID]})
	}
	return o.render(w, r, http.StatusOK, "domains.html", "Domain orders", nil, rows)
}

func (o *Operator) markRegistered(w http.ResponseWriter, r *http.Request) error {
	siteID, err := strconv.ParseInt(r.PathValue("site"), 10, 64)
	if err != nil {
		return fault.ErrNotFound
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := o.d.Domains.MarkRegistered(r.Context(), siteID, id); err != nil {
		return err
	}
	return done(w, r, "/operator/domains", "Marked as registered: the domain is connected to the site and verified.")
}
