package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// pageForm is the data of the page editor.
type pageForm struct {
	Page     pages.Page // zero ID for a new page
	Home     bool
	ReadOnly bool
	SiteURL  string
}

func (a *Admin) newPage(w http.ResponseWriter, r *http.Request, st *state) error {
	f := &ui.Form{Values: url.Values{"in_nav": {"on"}}}
	return a.render(w, r, http.StatusOK, "page.html", "New page", f, pageForm{SiteURL: a.d.Config.SiteURL(st.site.Name)})
}

func (a *Admin) createPage(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	in := pageInput(f)
	if in.Slug == "" {
		in.Slug = pages.Slugify(in.Title)
	}
	var p pages.Page
	var err error
	if in.Slug == "" && in.Title != "" {
		err = fault.Invalidf("slug", "Give the page an address, like about-us.")
	} else {
		p, err = a.d.Pages.Create(r.Context(), st.site.ID, st.site.Entitlements(), in)
	}
	if err != nil {
		if f.Absorb(err) {
			return a.render(w, r, http.StatusUnprocessableEntity, "page.html", "New page", f,
				pageForm{SiteURL: a.d.Config.SiteURL(st.site.Name)})
		}
		return err
	}
	return done(w, r, "/admin/pages", "Page “"+p.Title+"” created. It is live at /"+p.Slug+".")
}

// findPage returns a page of this site with its read-only mark.
func (a *Admin) findPage(r *http.Request, st *state) (pages.Page, error) {
	id, err := pathID(r)
	if err != nil {
		return pages.Page{}, err
	}
	ps, err := a.d.Pages.List(r.Context(), st.site.ID, st.site.Entitlements())
	if err != nil {
		return pages.Page{}, err
	}
	for _, p := range ps {
		if p.ID == id {
			return p, nil
		}
	}
	return pages.Page{}, pages.ErrNotFound
}

// editPage is the page editor (page_editor.go); ?form=html shows the
// foundation's title and address form, which updatePage still takes.
func (a *Admin) editPage(w http.ResponseWriter, r *http.Request, st *state) error {
	if r.URL.Query().Get("form") != "html" {
		return a.pageEditor(w, r, st)
	}
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"title": {p.Title}, "slug": {p.Slug}, "body": {string(p.Body)}}}
	if p.InNav {
		f.Values.Set("in_nav", "on")
	}
	return a.render(w, r, http.StatusOK, "page.html", "Edit "+p.Title, f, a.pageForm(st, p))
}

func (a *Admin) pageForm(st *state, p pages.Page) pageForm {
	return pageForm{Page: p, Home: p.Slug == "", ReadOnly: p.ReadOnly, SiteURL: a.d.Config.SiteURL(st.site.Name)}
}

func (a *Admin) updatePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	in := pageInput(f)
	in.Body = string(p.Body) // content is edited as sections, in the page editor
	if p.Slug == "" {
		in.Slug = "" // the home page keeps its address
	} else if in.Slug == "" {
		f.Set("slug", "Give the page an address, like about-us.")
	}
	if !f.HasErrors() {
		err = a.d.Pages.Update(r.Context(), st.site.ID, p.ID, st.site.Entitlements(), in)
		if errors.Is(err, pages.ErrReadOnly) {
			f.Set("form", "This page is above your plan's page limit and is read-only. Choose a bigger plan, or delete other pages, to edit it again.")
		} else if err != nil && !f.Absorb(err) {
			return err
		}
	}
	if f.HasErrors() {
		return a.render(w, r, http.StatusUnprocessableEntity, "page.html", "Edit "+p.Title, f, a.pageForm(st, p))
	}
	return done(w, r, "/admin/pages/"+strconv.FormatInt(p.ID, 10), "Page saved. Your visitors see the change now.")
}

func (a *Admin) confirmDeletePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	if p.Slug == "" {
		return fault.Invalidf("page", "The home page cannot be deleted; edit it instead.")
	}
	return a.confirm(w, r, confirmation{Heading: "Delete the page “" + p.Title + "”?",
		Message: "The page disappears from your site at once, and links to /" + p.Slug + " stop working. This cannot be undone.",
		Action:  r.URL.Path, Button: "Delete page", Cancel: "/admin/pages/" + strconv.FormatInt(p.ID, 10)})
}

func (a *Admin) deletePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeletePage(w, r, st)
	}
	if err := a.d.Pages.Delete(r.Context(), st.site.ID, p.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/pages", "Page “"+p.Title+"” deleted.")
}

func pageInput(f *ui.Form) pages.Input {
	return pages.Input{Title: f.Value("title"), Slug: f.Value("slug"), Body: f.Raw("body"), InNav: f.Checked("in_nav")}
}
