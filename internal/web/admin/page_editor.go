package admin

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// The page editor ("Customise"): a page is a list of sections, edited as a
// draft and published as a version. Every change works as a plain form
// post; editor.js only adds the live preview and drag and drop.

// sectionItem is one section in the editor's list.
type sectionItem struct {
	Index   int
	ID      string
	Type    sections.Type
	Summary string
	First   bool
	Last    bool
}

// editorData is the data of the page editor.
type editorData struct {
	Page     pages.Page
	Home     bool
	ReadOnly bool
	Sections []sectionItem
	HasDraft bool
	// PublishAtLocal is the scheduled time in the site's time zone, for
	// the datetime-local input ("" when not scheduled).
	PublishAtLocal string
	PublishAtText  string
	TimeZone       string
	Invalid        string // the stored draft cannot be read (should not happen)
}

func pagePath(p pages.Page) string { return "/admin/pages/" + strconv.FormatInt(p.ID, 10) }

// editing returns the page's sections as the editor shows them: the draft,
// or what is live.
func editing(p pages.Page) ([]sections.Section, error) {
	return sections.Decode(p.Editing())
}

func (a *Admin) pageEditor(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	d := editorData{Page: p, Home: p.Slug == "", ReadOnly: p.ReadOnly, HasDraft: p.Draft != nil, TimeZone: st.site.TimeZone}
	secs, err := editing(p)
	if err != nil {
		d.Invalid = err.Error()
	}
	for i, s := range secs {
		t, _ := sections.Lookup(s.Type)
		d.Sections = append(d.Sections, sectionItem{Index: i, ID: s.ID, Type: t, Summary: summary(t, s),
			First: i == 0, Last: i == len(secs)-1})
	}
	if !p.PublishAt.IsZero() {
		loc := a.siteLocation(st)
		d.PublishAtLocal = p.PublishAt.In(loc).Format("2006-01-02T15:04")
		d.PublishAtText = p.PublishAt.In(loc).Format("2 Jan 2006 at 15:04")
	}
	f := &ui.Form{}
	if t := r.URL.Query().Get("schedule_error"); t != "" {
		f.Errors = map[string]string{"publish_at": t}
	}
	return a.render(w, r, http.StatusOK, "page_editor.html", "Customise “"+p.Title+"”", f, d)
}

// summary is a line that tells sections of one type apart in the list.
func summary(t sections.Type, s sections.Section) string {
	for _, name := range []string{"heading", "eyebrow", "title", "text", "html", "caption"} {
		v := strings.TrimSpace(tags.ReplaceAllString(s.Get(name), " "))
		if v != "" {
			v = strings.Join(strings.Fields(v), " ")
			if r := []rune(v); len(r) > 80 {
				v = string(r[:79]) + "…"
			}
			return v
		}
	}
	if n := len(s.Blocks); n > 0 && t.Block != nil {
		return fmt.Sprintf("%d × %s", n, strings.ToLower(t.Block.Title))
	}
	return ""
}

// writablePage returns the page for a change, refusing a read-only one.
func (a *Admin) writablePage(r *http.Request, st *state) (pages.Page, error) {
	p, err := a.findPage(r, st)
	if err != nil {
		return p, err
	}
	if p.ReadOnly {
		return p, pages.ErrReadOnly
	}
	return p, nil
}

// saveSections stores secs as the page's draft.
func (a *Admin) saveSections(r *http.Request, st *state, p pages.Page, secs []sections.Section) error {
	data, err := sections.Encode(secs)
	if err != nil {
		return err
	}
	return a.d.Pages.SaveDraft(r.Context(), st.site.ID, p.ID, st.account.ID, data)
}

// sectionIndex finds the section {sid} of the URL.
func sectionIndex(r *http.Request, secs []sections.Section) (int, error) {
	sid := r.PathValue("sid")
	for i, s := range secs {
		if s.ID == sid {
			return i, nil
		}
	}
	return -1, fault.ErrNotFound
}

// sectionAction moves, duplicates or removes one section, without
// JavaScript: each is a small form with its own button.
func (a *Admin) sectionAction(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	secs, err := editing(p)
	if err != nil {
		return err
	}
	i, err := sectionIndex(r, secs)
	if err != nil {
		return err
	}
	t, _ := sections.Lookup(secs[i].Type)
	msg := ""
	switch r.PathValue("action") {
	case "up":
		if i > 0 {
			secs[i-1], secs[i] = secs[i], secs[i-1]
		}
		msg = t.Title + " moved up."
	case "down":
		if i < len(secs)-1 {
			secs[i+1], secs[i] = secs[i], secs[i+1]
		}
		msg = t.Title + " moved down."
	case "duplicate":
		if len(secs) >= sections.MaxSections {
			return fault.Invalidf("section", fmt.Sprintf("A page can have at most %d sections.", sections.MaxSections))
		}
		c := sections.Clone(secs[i : i+1])[0]
		c.ID = sections.NewID()
		for j := range c.Blocks {
			c.Blocks[j].ID = sections.NewID()
		}
		secs = append(secs[:i+1], append([]sections.Section{c}, secs[i+1:]...)...)
		msg = t.Title + " duplicated."
	case "remove":
		if !confirmed(r) {
			return a.confirm(w, r, confirmation{Heading: "Remove this " + strings.ToLower(t.Title) + " section?",
				Message: "It disappears from the draft. Your visitors still see it until you publish; the page's history keeps every published version.",
				Action:  r.URL.Path, Button: "Remove section", Cancel: pagePath(p)})
		}
		secs = append(secs[:i], secs[i+1:]...)
		msg = t.Title + " removed from the draft."
	default:
		return fault.ErrNotFound
	}
	if err := a.saveSections(r, st, p, secs); err != nil {
		return err
	}
	return done(w, r, pagePath(p)+"#sections", msg)
}

// reorderSections takes the whole new order at once (drag and drop).
func (a *Admin) reorderSections(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	secs, err := editing(p)
	if err != nil {
		return err
	}
	byID := make(map[string]sections.Section, len(secs))
	for _, s := range secs {
		byID[s.ID] = s
	}
	ids := strings.Split(r.PostFormValue("order"), ",")
	if len(ids) != len(secs) {
		return fault.Invalidf("order", "The page changed meanwhile; reload it and try again.")
	}
	out := make([]sections.Section, 0, len(secs))
	for _, id := range ids {
		s, ok := byID[id]
		if !ok {
			return fault.Invalidf("order", "The page changed meanwhile; reload it and try again.")
		}
		delete(byID, id)
		out = append(out, s)
	}
	if err := a.saveSections(r, st, p, out); err != nil {
		return err
	}
	if r.Header.Get("X-Editor") != "" {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return done(w, r, pagePath(p)+"#sections", "Sections reordered.")
}

// galleryData is the page that adds a section.
type galleryData struct {
	Page      pages.Page
	Types     []sections.Type
	Positions []position
	At        int
}

type position struct {
	Value int
	Label string
}

func (a *Admin) allowedTypes(st *state) []sections.Type {
	var out []sections.Type
	for _, t := range sections.Types() {
		if t.Premium && st.site.Entitlements().ID != plans.Premium {
			continue
		}
		out = append(out, t)
	}
	return out
}

func (a *Admin) sectionGallery(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	secs, err := editing(p)
	if err != nil {
		return err
	}
	d := galleryData{Page: p, Types: a.allowedTypes(st), At: len(secs)}
	if at, err := strconv.Atoi(r.URL.Query().Get("at")); err == nil && at >= 0 && at <= len(secs) {
		d.At = at
	}
	d.Positions = append(d.Positions, position{0, "At the top of the page"})
	for i, s := range secs {
		t, _ := sections.Lookup(s.Type)
		label := fmt.Sprintf("After section %d: %s", i+1, t.Title)
		if sum := summary(t, s); sum != "" {
			label += " (" + sum + ")"
		}
		d.Positions = append(d.Positions, position{i + 1, label})
	}
	return a.render(w, r, http.StatusOK, "page_add.html", "Add a section", nil, d)
}

func (a *Admin) addSection(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	secs, err := editing(p)
	if err != nil {
		return err
	}
	name := r.PostFormValue("type")
	allowed := false
	for _, t := range a.allowedTypes(st) {
		allowed = allowed || t.Name == name
	}
	if !allowed {
		return fault.Invalidf("type", "Choose one of the section types.")
	}
	if len(secs) >= sections.MaxSections {
		return fault.Invalidf("type", fmt.Sprintf("A page can have at most %d sections.", sections.MaxSections))
	}
	s, err := sections.New(name)
	if err != nil {
		return err
	}
	at, err := strconv.Atoi(r.PostFormValue("at"))
	if err != nil || at < 0 || at > len(secs) {
		at = len(secs)
	}
	secs = append(secs[:at], append([]sections.Section{s}, secs[at:]...)...)
	if err := a.saveSections(r, st, p, secs); err != nil {
		return err
	}
	t, _ := sections.Lookup(name)
	return done(w, r, pagePath(p)+"/sections/"+s.ID, t.Title+" added to the draft. Fill it in, then publish.")
}

// pageLinks are the site's own addresses the link fields offer.
func (a *Admin) pageLinks(r *http.Request, st *state) ([]linkOption, error) {
	ps, err := a.d.Pages.List(r.Context(), st.site.ID, st.site.Entitlements())
	if err != nil {
		return nil, err
	}
	var out []linkOption
	for _, p := range ps {
		out = append(out, linkOption{URL: "/" + p.Slug, Label: "Page: " + p.Title})
	}
	list, err := a.d.Catalog.ListProducts(r.Context(), st.site.ID, catalog.ListQuery{Status: catalog.StatusActive, Limit: 100})
	if err != nil {
		return nil, err
	}
	if len(list.Products) > 0 {
		out = append(out, linkOption{URL: "/products", Label: "The shop"})
	}
	for _, pr := range list.Products {
		out = append(out, linkOption{URL: "/products/" + pr.Slug, Label: "Product: " + pr.Title})
	}
	return out, nil
}

type linkOption struct{ URL, Label string }

// tags strips markup for the one-line summaries.
var tags = regexp.MustCompile(`<[^>]*>`)
