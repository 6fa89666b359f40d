package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/redirects"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// pageSettingsData is the page settings form: everything about a page but
// its content.
type pageSettingsData struct {
	Page      pages.Page
	Home      bool
	SiteURL   string
	Images    []socialPick
	Redirects []redirects.Redirect // old addresses that lead to this page
	// The search result preview and the length hints.
	PreviewTitle, PreviewDescription string
	TitleLen, DescriptionLen         int
	TitleHint, DescriptionHint       int
}

// socialPick is one image the page may be shared with.
type socialPick struct {
	ID       int64
	Thumb    string
	Filename string
	Checked  bool
}

func (a *Admin) pageSettings(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"title": {p.Title}, "slug": {p.Slug}, "seo_title": {p.SEOTitle},
		"seo_description": {p.SEODescription}}}
	if p.SocialImageID != 0 {
		f.Values.Set("social_image", strconv.FormatInt(p.SocialImageID, 10))
	}
	if p.InNav {
		f.Values.Set("in_nav", "on")
	}
	if p.NotFound {
		f.Values.Set("not_found", "on")
	}
	return a.renderPageSettings(w, r, st, http.StatusOK, f, p)
}

func (a *Admin) renderPageSettings(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form, p pages.Page) error {
	d := pageSettingsData{Page: p, Home: p.Slug == "", SiteURL: a.d.Config.SiteURL(st.site.Name),
		TitleHint: pages.SEOTitleHint, DescriptionHint: pages.SEODescriptionHint}
	d.PreviewTitle = f.Value("seo_title")
	if d.PreviewTitle == "" {
		d.PreviewTitle = f.Value("title")
	}
	d.PreviewDescription = f.Value("seo_description")
	d.TitleLen, d.DescriptionLen = utf8.RuneCountInString(f.Value("seo_title")), utf8.RuneCountInString(d.PreviewDescription)
	// The preview cuts as a search engine does.
	d.PreviewTitle, d.PreviewDescription = cut(d.PreviewTitle, pages.SEOTitleHint), cut(d.PreviewDescription, pages.SEODescriptionHint)
	chosen, _ := strconv.ParseInt(f.Value("social_image"), 10, 64)
	list, err := a.d.Media.List(r.Context(), st.site.ID, media.ListOptions{PerPage: 48})
	if err != nil {
		return err
	}
	items := list.Items
	if chosen != 0 && !containsMedia(items, chosen) {
		if m, err := a.d.Media.Get(r.Context(), st.site.ID, chosen); err == nil {
			items = append([]media.Media{m}, items...)
		}
	}
	for _, m := range items {
		pick := socialPick{ID: m.ID, Thumb: m.VariantURL(160), Filename: m.Filename, Checked: m.ID == chosen}
		if m.IsSVG() {
			pick.Thumb = m.URL()
		}
		d.Images = append(d.Images, pick)
	}
	if d.Redirects, err = a.d.Redirects.To(r.Context(), st.site.ID, "/"+p.Slug); err != nil {
		return err
	}
	return a.render(w, r, status, "page_settings.html", "Settings of "+p.Title, f, d)
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimRight(string(r[:n-1]), " ,.;:") + "…"
	}
	return s
}

func containsMedia(ms []media.Media, id int64) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}

func (a *Admin) savePageSettings(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	in := pages.Settings{Title: f.Value("title"), Slug: f.Value("slug"), InNav: f.Checked("in_nav"),
		SEOTitle: f.Value("seo_title"), SEODescription: f.Value("seo_description"), NotFound: f.Checked("not_found")}
	if v := f.Value("social_image"); v != "" {
		id, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil || id <= 0 {
			f.Set("social_image", "Choose an image from the list.")
		}
		in.SocialImageID = id
	}
	if !f.HasErrors() {
		err = a.d.Pages.UpdateSettings(r.Context(), st.site.ID, p.ID, st.site.Entitlements(), in)
		switch {
		case errors.Is(err, pages.ErrReadOnly):
			f.Set("form", "This page is above your plan's page limit and is read-only. Choose a bigger plan, or delete other pages, to change it again.")
		case err != nil && !f.Absorb(err):
			return err
		}
	}
	if f.HasErrors() {
		return a.renderPageSettings(w, r, st, http.StatusUnprocessableEntity, f, p)
	}
	msg := "Page settings saved."
	if in.Slug != p.Slug && p.Slug != "" {
		msg += " The old address /" + p.Slug + " leads to /" + in.Slug + " now."
	}
	return done(w, r, "/admin/pages/"+strconv.FormatInt(p.ID, 10)+"/settings", msg)
}

// redirectsData is the site's redirects page.
type redirectsData struct {
	Redirects []redirects.Redirect
	Total     int
}

func (a *Admin) listRedirects(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderRedirects(w, r, st, http.StatusOK, &ui.Form{})
}

func (a *Admin) renderRedirects(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	list, total, err := a.d.Redirects.List(r.Context(), st.site.ID, 500)
	if err != nil {
		return err
	}
	return a.render(w, r, status, "redirects.html", "Redirects", f, redirectsData{Redirects: list, Total: total})
}

// addRedirect lets the owner send an address of an old site to a page.
func (a *Admin) addRedirect(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	from, to := f.Value("from"), f.Value("to")
	if !strings.HasPrefix(strings.TrimSpace(from), "/") && strings.TrimSpace(from) != "" {
		from = "/" + strings.TrimSpace(from)
	}
	if !strings.HasPrefix(strings.TrimSpace(to), "/") && strings.TrimSpace(to) != "" {
		to = "/" + strings.TrimSpace(to)
	}
	if c, err := redirects.CleanPath("from", from); err == nil && (c == "/" || c == "/admin" || strings.HasPrefix(c, "/admin/")) {
		// Never reached: the home page and the admin always answer.
		f.Set("from", "The home page and the admin always answer themselves; choose another address.")
	} else if err := a.d.Redirects.Add(r.Context(), st.site.ID, from, to); err != nil && !f.Absorb(err) {
		return err
	}
	if f.HasErrors() {
		return a.renderRedirects(w, r, st, http.StatusUnprocessableEntity, f)
	}
	return done(w, r, "/admin/redirects", "Redirect added.")
}

func (a *Admin) deleteRedirect(w http.ResponseWriter, r *http.Request, st *state) error {
	from := r.PostFormValue("from")
	back := "/admin/redirects"
	if b := r.PostFormValue("back"); strings.HasPrefix(b, "/admin/pages/") && !strings.ContainsAny(b, "\\\r\n") && len(b) < 200 {
		back = b
	}
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "Delete the redirect from " + from + "?",
			Message: "Visitors of " + from + " will see the page-not-found page instead, and search engines forget the address.",
			Action:  "/admin/redirects/delete", Button: "Delete redirect", Cancel: back,
			Hidden: []hiddenField{{Name: "from", Value: from}, {Name: "back", Value: back}}})
	}
	if err := a.d.Redirects.Delete(r.Context(), st.site.ID, from); err != nil {
		return err
	}
	return done(w, r, back, "Redirect from "+from+" deleted.")
}
