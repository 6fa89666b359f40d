package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/design"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/web/storefront"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// designData is the design page: the settings form (the draft), its
// readability checks and preview, and the designs to switch to.
type designData struct {
	Themes  []themes.Theme
	Current string
	Theme   themes.Theme // the current design
	State   design.State
	Changed bool // the draft differs from what is published
	Checks  []design.Check
	// Colours are the palette inputs: each contract colour with the
	// draft's value, or the design's own.
	Colours []colourInput
	Fonts   []design.Font
	Shapes  []struct{ Key, Label, Radius string }
	Headers []struct{ Key, Label string }
	Images  []media.Media
	Pages   []pages.Page
	// PreviewPage is the slug the preview shows.
	PreviewPage string
}

type colourInput struct {
	Name, Label, Value string
	Custom             bool
}

func (a *Admin) designData(r *http.Request, st *state) (designData, error) {
	ctx := r.Context()
	cur, _ := a.d.Themes.Get(st.site.Theme)
	d := designData{Themes: a.d.Themes.List(), Current: st.site.Theme, Theme: cur, Fonts: design.Fonts,
		Shapes: design.Shapes, Headers: design.Headers, PreviewPage: r.URL.Query().Get("page")}
	var err error
	if d.State, err = a.d.Design.Get(ctx, st.site.ID); err != nil {
		return d, err
	}
	d.Changed = d.State.Changed()
	d.Checks = design.Checks(d.State.Draft, cur.Defaults)
	for _, c := range design.Colours {
		v, custom := d.State.Draft.Colours[c.Name], true
		if v == "" {
			v, custom = cur.Defaults[c.Name], false
		}
		d.Colours = append(d.Colours, colourInput{Name: c.Name, Label: c.Label, Value: v, Custom: custom})
	}
	list, err := a.d.Media.List(ctx, st.site.ID, media.ListOptions{PerPage: 200})
	if err != nil {
		return d, err
	}
	d.Images = list.Items
	if d.Pages, err = a.d.Pages.List(ctx, st.site.ID, st.site.Entitlements()); err != nil {
		return d, err
	}
	return d, nil
}

// settingsValues fills the settings form from the draft.
func settingsValues(s design.Settings) url.Values {
	v := url.Values{"palette": {s.Palette}, "headingFont": {s.HeadingFont}, "bodyFont": {s.BodyFont},
		"buttonShape": {s.ButtonShape}, "headerLayout": {s.HeaderLayout}, "footerText": {s.FooterText},
		"logoMode": {s.LogoMode}}
	if s.LogoID != 0 {
		v.Set("logo", strconv.FormatInt(s.LogoID, 10))
	}
	if s.FaviconID != 0 {
		v.Set("favicon", strconv.FormatInt(s.FaviconID, 10))
	}
	return v
}

func (a *Admin) designPage(w http.ResponseWriter, r *http.Request, st *state) error {
	d, err := a.designData(r, st)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: settingsValues(d.State.Draft)}
	f.Values.Set("theme", st.site.Theme)
	return a.render(w, r, http.StatusOK, "design.html", "Design", f, d)
}

// saveDesignSettings keeps the form as the draft. "Apply palette" takes a
// preset's colours (or the design's own); "Save draft" takes the colour
// inputs, keeping only the colours that differ from the design's own, so
// that a later switch of design brings that design's colours.
func (a *Admin) saveDesignSettings(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	ctx := r.Context()
	cur, _ := a.d.Themes.Get(st.site.Theme)
	state, err := a.d.Design.Get(ctx, st.site.ID)
	if err != nil {
		return err
	}
	s := state.Draft
	s.HeadingFont, s.BodyFont = f.Value("headingFont"), f.Value("bodyFont")
	s.ButtonShape, s.HeaderLayout = f.Value("buttonShape"), f.Value("headerLayout")
	s.FooterText, s.LogoMode = f.Raw("footerText"), f.Value("logoMode")
	s.LogoID, s.FaviconID = 0, 0
	for field, dst := range map[string]*int64{"logo": &s.LogoID, "favicon": &s.FaviconID} {
		if v := f.Value(field); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err == nil {
				_, err = a.d.Media.Get(ctx, st.site.ID, id)
			}
			if err != nil {
				f.Set(field, "Choose an image from your media library.")
				continue
			}
			*dst = id
		}
	}
	msg := "Draft saved. Look at the preview, then publish it."
	if f.Value("action") == "palette" {
		name := f.Value("palette")
		s = s.WithPalette("", nil)
		for _, p := range cur.Palettes {
			if p.Name == name {
				s = s.WithPalette(p.Name, p.Colours)
				msg = "The “" + p.Title + "” colours are in your draft."
			}
		}
		if s.Palette == "" {
			msg = "Your draft has " + cur.Title + "'s own colours."
		}
	} else {
		colours := map[string]string{}
		for _, c := range design.Colours {
			v, ok := design.NormalColour(f.Value("colour-" + c.Name))
			if !ok {
				f.Set("colour-"+c.Name, "Use a colour such as #1a2b3c.")
				continue
			}
			def, ok := design.NormalColour(cur.Defaults[c.Name])
			if !ok {
				def = ""
			}
			if def == "" && v == "#000000" {
				// A colour input with no value sends black: the design
				// defines this colour in another form, so keep the design's.
				continue
			}
			if v != "" && v != def {
				colours[c.Name] = v
			}
		}
		if !sameColours(colours, s.Colours) {
			s.Palette = ""
		}
		s.Colours = colours
	}
	if !f.HasErrors() {
		err = a.d.Design.SaveDraft(ctx, st.site.ID, s)
		if err == nil {
			return done(w, r, "/admin/design#settings", msg)
		}
		if !f.Absorb(err) {
			return err
		}
	}
	d, derr := a.designData(r, st)
	if derr != nil {
		return derr
	}
	return a.render(w, r, http.StatusUnprocessableEntity, "design.html", "Design", f, d)
}

func sameColours(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func (a *Admin) publishDesign(w http.ResponseWriter, r *http.Request, st *state) error {
	if err := a.d.Design.Publish(r.Context(), st.site.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/design#settings", "Published: your site shows the new design settings.")
}

func (a *Admin) discardDesign(w http.ResponseWriter, r *http.Request, st *state) error {
	if err := a.d.Design.Discard(r.Context(), st.site.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/design#settings", "Draft discarded: it is what your site shows.")
}

// resetDesign puts the draft back to the design's own look; the owner
// publishes it like any draft.
func (a *Admin) resetDesign(w http.ResponseWriter, r *http.Request, st *state) error {
	if err := a.d.Design.SaveDraft(r.Context(), st.site.ID, design.Settings{}); err != nil {
		return err
	}
	return done(w, r, "/admin/design#settings", "Your draft has the design's own settings again. Publish it to show it on your site.")
}

// previewDraft draws a page of the site with the draft settings.
func (a *Admin) previewDraft(w http.ResponseWriter, r *http.Request, st *state) error {
	s, err := a.d.Design.Get(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.d.Preview(w, r, st.site, previewSlug(r), storefrontPreview(s.Draft,
		"/admin/design/preview.css?v="+s.Draft.Hash(), "Preview of your draft design settings: visitors do not see them until you publish."))
}

// draftStylesheet is the draft's stylesheet, for the preview only.
func (a *Admin) draftStylesheet(w http.ResponseWriter, r *http.Request, st *state) error {
	s, err := a.d.Design.Get(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, _ = w.Write(s.Draft.CSS())
	return nil
}

// previewTheme draws a page of the site in another design, with the
// published settings, before the owner switches to it.
func (a *Admin) previewTheme(w http.ResponseWriter, r *http.Request, st *state) error {
	t, ok := a.d.Themes.Get(r.PathValue("theme"))
	if !ok {
		return fault.ErrNotFound
	}
	s, err := a.d.Design.Get(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	p := storefrontPreview(s.Published, "/assets/site/design-"+s.Published.Hash()+".css",
		"Preview of your site in the "+t.Title+" design: nothing has changed yet.")
	p.Theme = t.Name
	return a.d.Preview(w, r, st.site, previewSlug(r), p)
}

// previewSlug is the page to preview: ?page=slug, the home page when empty.
func previewSlug(r *http.Request) string {
	return strings.Trim(r.URL.Query().Get("page"), "/")
}

// switchData is the page that previews a design before switching to it.
type switchData struct {
	Theme   themes.Theme
	Current themes.Theme
	Pages   []pages.Page
	Page    string
	Hidden  []string // section types the design cannot show
	Custom  bool     // the site has colours of its own
}

func (a *Admin) switchPage(w http.ResponseWriter, r *http.Request, st *state) error {
	t, ok := a.d.Themes.Get(r.PathValue("theme"))
	if !ok {
		return fault.ErrNotFound
	}
	cur, _ := a.d.Themes.Get(st.site.Theme)
	all, err := a.d.Pages.List(r.Context(), st.site.ID, st.site.Entitlements())
	if err != nil {
		return err
	}
	s, err := a.d.Design.Get(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	d := switchData{Theme: t, Current: cur, Pages: all, Page: previewSlug(r), Hidden: t.Hides,
		Custom: len(s.Published.Colours) > 0 || len(s.Draft.Colours) > 0}
	f := &ui.Form{Values: url.Values{"theme": {t.Name}}}
	return a.render(w, r, http.StatusOK, "design_switch.html", "Preview "+t.Title, f, d)
}

// setDesign switches the design; pages, menus and settings stay as they
// are, and the colours reset to the new design's own only when the owner
// ticked that.
func (a *Admin) setDesign(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	t, ok := a.d.Themes.Get(f.Value("theme"))
	if !ok {
		f.Set("theme", "Choose one of the designs.")
		d, err := a.designData(r, st)
		if err != nil {
			return err
		}
		return a.render(w, r, http.StatusUnprocessableEntity, "design.html", "Design", f, d)
	}
	if t.Name == st.site.Theme {
		return done(w, r, "/admin/design", "Your site already uses "+t.Title+".")
	}
	if f.Checked("reset_colours") {
		if err := a.d.Design.ResetColours(r.Context(), st.site.ID); err != nil {
			return err
		}
	}
	if err := a.d.Sites.SetTheme(r.Context(), st.site.ID, t.Name); err != nil {
		return err
	}
	return done(w, r, "/admin/design", "Your site now uses the "+t.Title+" design. Your pages, menus and settings stay as they were.")
}

func storefrontPreview(s design.Settings, cssURL, notice string) storefront.Preview {
	return storefront.Preview{Settings: s, StylesheetURL: cssURL, Notice: notice}
}
