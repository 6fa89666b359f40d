package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
)

// pagesPerList is how many pages the list shows at once; a site with more
// gets a search box and Previous/Next links.
const pagesPerList = 50

type pagesData struct {
	Pages    []pageRow
	Total    int // pages of the site
	Plan     plans.Plan
	ReadOnly int // pages above the plan's limit
	AtLimit  bool
	CanPlan  bool
	Query    string
	Search   bool // the site has enough pages for a search box
	Prev     string
	Next     string
	From, To int // 1-based range shown
	Matches  int
	Back     string // this list as shown, where its buttons return
}

// pageRow is one page of the list with what its buttons need.
type pageRow struct {
	pages.Page
	First, Last bool // in the whole order: no Move up / Move down
}

// listPages shows the site's pages in menu order, with buttons to open,
// duplicate, move, make home and delete each, a search box and pages of
// pagesPerList when there are many.
func (a *Admin) listPages(w http.ResponseWriter, r *http.Request, st *state) error {
	plan := st.site.Entitlements()
	ps, err := a.d.Pages.List(r.Context(), st.site.ID, plan)
	if err != nil {
		return err
	}
	d := pagesData{Total: len(ps), Plan: plan, AtLimit: !plans.Allows(plan.Pages, len(ps)+1),
		CanPlan: st.member.Role.Can(accounts.PermPlan), Search: len(ps) > pagesPerList}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	d.Query = q
	d.Back = r.URL.RequestURI()
	d.Search = d.Search || q != ""
	var rows []pageRow
	for i, p := range ps {
		if p.ReadOnly {
			d.ReadOnly++
		}
		if q != "" && !strings.Contains(strings.ToLower(p.Title), strings.ToLower(q)) && !strings.Contains(p.Slug, strings.ToLower(q)) {
			continue
		}
		rows = append(rows, pageRow{Page: p, First: i == 0, Last: i == len(ps)-1})
	}
	d.Matches = len(rows)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pagesCount := max(1, (len(rows)+pagesPerList-1)/pagesPerList)
	page = min(max(page, 1), pagesCount)
	from := (page - 1) * pagesPerList
	to := min(from+pagesPerList, len(rows))
	d.Pages, d.From, d.To = rows[from:to], from+1, to
	link := func(n int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/admin/pages"
		}
		return "/admin/pages?" + v.Encode()
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if page < pagesCount {
		d.Next = link(page + 1)
	}
	return a.render(w, r, http.StatusOK, "pages.html", "Pages", nil, d)
}

// back is where a list action returns: the list as the person saw it.
func backToList(r *http.Request) string {
	if b := r.PostFormValue("back"); strings.HasPrefix(b, "/admin/pages") && !strings.HasPrefix(b, "//") &&
		!strings.ContainsAny(b, "\\\r\n") && len(b) < 500 {
		return b
	}
	return "/admin/pages"
}

func (a *Admin) duplicatePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	cp, err := a.d.Pages.Duplicate(r.Context(), st.site.ID, st.site.Entitlements(), p.ID)
	if err != nil {
		return err
	}
	return done(w, r, backToList(r), "Page “"+p.Title+"” duplicated as “"+cp.Title+"” at /"+cp.Slug+".")
}

func (a *Admin) movePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	delta := 1
	if r.PostFormValue("dir") == "up" {
		delta = -1
	}
	if err := a.d.Pages.Move(r.Context(), st.site.ID, p.ID, delta); err != nil {
		return err
	}
	return done(w, r, backToList(r)+"#page-"+strconv.FormatInt(p.ID, 10), "")
}

func (a *Admin) confirmHomePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	if p.Slug == "" {
		return done(w, r, "/admin/pages", "“"+p.Title+"” already is your home page.")
	}
	return a.confirm(w, r, confirmation{Heading: "Make “" + p.Title + "” your home page?",
		Message: "Visitors of your site's address see this page first. Its old address /" + p.Slug +
			" leads to the home page from now on, and your current home page gets an address made from its title.",
		Action: "/admin/pages/" + strconv.FormatInt(p.ID, 10) + "/home", Button: "Make it the home page",
		Cancel: "/admin/pages", Safe: true})
}

func (a *Admin) setHomePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmHomePage(w, r, st)
	}
	if err := a.d.Pages.SetHome(r.Context(), st.site.ID, p.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/pages", "“"+p.Title+"” is your home page now. Its old address /"+p.Slug+" leads there.")
}
