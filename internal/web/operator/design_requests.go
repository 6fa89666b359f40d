package operator

import (
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/designrequests"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// designRow is one request of the list with its site.
type designRow struct {
	designrequests.Request
	Site sites.Site
}

type designListData struct {
	Rows     []designRow
	Pager    pager
	Status   string
	Statuses []designrequests.Status
}

func (o *Operator) designRequests(w http.ResponseWriter, r *http.Request) error {
	page, offset := pageOf(r)
	status := designrequests.Status(r.URL.Query().Get("status"))
	if !status.Valid() {
		status = ""
	}
	list, total, err := o.d.DesignRequests.All(r.Context(), status, pageSize, offset)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(list))
	for _, q := range list {
		ids = append(ids, q.SiteID)
	}
	ss, err := o.d.Sites.ByIDs(r.Context(), ids)
	if err != nil {
		return err
	}
	byID := map[int64]sites.Site{}
	for _, s := range ss {
		byID[s.ID] = s
	}
	d := designListData{Pager: newPager("/operator/design-requests", r.URL.Query(), page, len(list), total),
		Status: string(status), Statuses: designrequests.Statuses}
	for _, q := range list {
		d.Rows = append(d.Rows, designRow{Request: q, Site: byID[q.SiteID]})
	}
	return o.render(w, r, http.StatusOK, "design_requests.html", "Design requests", nil, d)
}

type designData struct {
	Request  designrequests.Request
	Messages []designrequests.Message
	Site     sites.Site
	Statuses []designrequests.Status
}

// designRequestIDs reads /operator/design-requests/{site}/{id}.
func designRequestIDs(r *http.Request) (site, id int64, err error) {
	site, err1 := strconv.ParseInt(r.PathValue("site"), 10, 64)
	id, err2 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err1 != nil || err2 != nil || site <= 0 || id <= 0 {
		return 0, 0, fault.ErrNotFound
	}
	return site, id, nil
}

func (o *Operator) designRequest(w http.ResponseWriter, r *http.Request) error {
	return o.renderDesignRequest(w, r, http.StatusOK, &ui.Form{})
}

func (o *Operator) renderDesignRequest(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) error {
	siteID, id, err := designRequestIDs(r)
	if err != nil {
		return err
	}
	q, msgs, err := o.d.DesignRequests.Get(r.Context(), siteID, id)
	if err != nil {
		return err
	}
	site, err := o.d.Sites.ByID(r.Context(), siteID)
	if err != nil {
		return err
	}
	return o.render(w, r, status, "design_request.html", "Design request from "+site.Title, f,
		designData{Request: q, Messages: msgs, Site: site, Statuses: designrequests.Statuses})
}

func (o *Operator) designNotice(r *http.Request, siteID int64) (designrequests.Notice, error) {
	site, err := o.d.Sites.ByID(r.Context(), siteID)
	if err != nil {
		return designrequests.Notice{}, err
	}
	return designrequests.Notice{SiteTitle: site.Title, AdminURL: o.d.Config.SiteURL(site.Name) + "/admin/design-request/",
		OperatorURL: o.d.Config.PlatformURL() + "/operator/design-requests/" + strconv.FormatInt(siteID, 10) + "/"}, nil
}

func (o *Operator) replyDesignRequest(w http.ResponseWriter, r *http.Request) error {
	siteID, id, err := designRequestIDs(r)
	if err != nil {
		return err
	}
	n, err := o.designNotice(r, siteID)
	if err != nil {
		return err
	}
	op, _ := current(r.Context())
	f := ui.NewForm(r)
	if _, err := o.d.DesignRequests.Reply(r.Context(), siteID, id, designrequests.AuthorOperator, op.Email, f.Raw("body"), n); err != nil {
		if f.Absorb(err) {
			return o.renderDesignRequest(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return done(w, r, r.URL.Path[:len(r.URL.Path)-len("/reply")], "Message sent; the owner gets it by e-mail too.")
}

func (o *Operator) setDesignRequestStatus(w http.ResponseWriter, r *http.Request) error {
	siteID, id, err := designRequestIDs(r)
	if err != nil {
		return err
	}
	n, err := o.designNotice(r, siteID)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	st := designrequests.Status(f.Value("status"))
	if err := o.d.DesignRequests.SetStatus(r.Context(), siteID, id, st, n); err != nil {
		if f.Absorb(err) {
			return o.renderDesignRequest(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return done(w, r, r.URL.Path[:len(r.URL.Path)-len("/status")], "Status set to “"+st.Label()+"”; the owner is told by e-mail.")
}
