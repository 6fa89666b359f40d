package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/themes"
)

// The form of one section, generated from its type's schema. Section
// fields are posted as "s.NAME", block fields as "b.INDEX.NAME" with the
// block's ID in "b.INDEX.id" and the number of blocks in "blocks". Block
// buttons (add, remove, duplicate, move) post the whole form with
// op=ACTION:INDEX, so nothing typed is lost, with or without JavaScript.

// fieldView is one form control.
type fieldView struct {
	Name, ID    string
	Label, Help string
	Kind        string
	Value       string
	Checked     bool
	Required    bool
	Max, Min    int
	Options     []sections.Option
	Error       string
	// NoColour: a colour field left to the design.
	NoColour bool
}

// blockView is one block's fields.
type blockView struct {
	Index       int
	ID          string
	Title       string
	Fields      []fieldView
	First, Last bool
	Error       string
}

// sectionFormData is the data of the section form.
type sectionFormData struct {
	Page      pages.Page
	ReadOnly  bool
	Section   sections.Section
	Index     int
	Type      sections.Type
	Fields    []fieldView
	Blocks    []blockView
	CanAdd    bool
	Error     string // a problem with the section as a whole
	Media     []media.Media
	MediaMore bool
	Links     []linkOption
	Forms     []sections.Option
}

// mediaOf finds an image in the list the picker offers.
func (d sectionFormData) MediaOf(value string) *media.Media {
	for i := range d.Media {
		if strconv.FormatInt(d.Media[i].ID, 10) == value {
			return &d.Media[i]
		}
	}
	return nil
}

// arts are the design's own illustrations, drawn by every design.
var arts = []sections.Option{{Value: "art-a", Label: "Design illustration A"}, {Value: "art-b", Label: "Design illustration B"},
	{Value: "art-c", Label: "Design illustration C"}, {Value: "art-d", Label: "Design illustration D"}}

// Arts lists the design illustrations for the image picker.
func (sectionFormData) Arts() []sections.Option { return arts }

func settingText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "on"
		}
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

func fieldViews(prefix string, fields []sections.Field, settings map[string]any, errs sections.FieldErrors, si, bi int) []fieldView {
	out := make([]fieldView, 0, len(fields))
	for _, f := range fields {
		v := settings[f.Name]
		fv := fieldView{Name: prefix + f.Name, ID: strings.ReplaceAll(prefix+f.Name, ".", "-"), Label: f.Label, Help: f.Help,
			Kind: string(f.Kind), Value: settingText(v), Required: f.Required, Max: f.Max, Min: f.Min, Options: f.Options}
		if b, ok := v.(bool); ok {
			fv.Checked = b
		}
		if f.Kind == sections.Colour && fv.Value == "" {
			fv.NoColour = true
		}
		var msgs []string
		for _, e := range errs.For(si, bi, f.Name) {
			msgs = append(msgs, e.Message)
		}
		fv.Error = strings.Join(msgs, " ")
		out = append(out, fv)
	}
	return out
}

// sectionForm builds the form's data from a section and its errors.
func (a *Admin) sectionForm(r *http.Request, st *state, p pages.Page, i int, s sections.Section, errs sections.FieldErrors) (sectionFormData, error) {
	t, _ := sections.Lookup(s.Type)
	d := sectionFormData{Page: p, ReadOnly: p.ReadOnly, Section: s, Index: i, Type: t,
		Fields: fieldViews("s.", t.Fields, s.Settings, errs, i, -1)}
	var whole []string
	for _, e := range errs {
		if e.Section == i && e.Field == "" {
			whole = append(whole, e.Message)
		}
	}
	d.Error = strings.Join(whole, " ")
	if t.Block != nil {
		d.CanAdd = len(s.Blocks) < t.MaxBlocks
		for j, b := range s.Blocks {
			bv := blockView{Index: j, ID: b.ID, Title: fmt.Sprintf("%s %d", t.Block.Title, j+1), First: j == 0, Last: j == len(s.Blocks)-1,
				Fields: fieldViews(fmt.Sprintf("b.%d.", j), t.Block.Fields, b.Settings, errs, i, j)}
			for _, e := range errs.For(i, j, "") {
				bv.Error += e.Message + " "
			}
			d.Blocks = append(d.Blocks, bv)
		}
	}
	kinds := map[sections.FieldKind]bool{}
	for _, f := range t.Fields {
		kinds[f.Kind] = true
	}
	if t.Block != nil {
		for _, f := range t.Block.Fields {
			kinds[f.Kind] = true
		}
	}
	ctx := r.Context()
	if kinds[sections.Image] {
		list, err := a.d.Media.List(ctx, st.site.ID, media.ListOptions{PerPage: 200})
		if err != nil {
			return d, err
		}
		d.Media, d.MediaMore = list.Items, list.Pages > 1
	}
	if kinds[sections.Link] {
		links, err := a.pageLinks(r, st)
		if err != nil {
			return d, err
		}
		d.Links = links
	}
	if kinds[sections.Form] {
		fs, err := a.d.Forms.List(ctx, st.site.ID)
		if err != nil {
			return d, err
		}
		for _, f := range fs {
			d.Forms = append(d.Forms, sections.Option{Value: f.Slug, Label: f.Title})
		}
	}
	return d, nil
}

func (a *Admin) editSection(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
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
	d, err := a.sectionForm(r, st, p, i, secs[i], nil)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "page_section.html", d.Type.Title+" · "+p.Title, nil, d)
}

// readSettings reads fields posted under prefix into settings.
func readSettings(form url.Values, prefix string, fields []sections.Field) map[string]any {
	m := make(map[string]any, len(fields))
	for _, f := range fields {
		name := prefix + f.Name
		raw := form.Get(name)
		switch f.Kind {
		case sections.Toggle:
			m[f.Name] = raw != ""
		case sections.Number:
			if n, err := strconv.Atoi(strings.TrimSpace(raw)); err == nil {
				m[f.Name] = n
			} else {
				// Kept as typed: Validate says what is wrong with it.
				m[f.Name] = raw
			}
		case sections.Colour:
			if form.Get(name+".none") != "" {
				m[f.Name] = ""
			} else {
				m[f.Name] = strings.TrimSpace(raw)
			}
		case sections.RichText, sections.HTML, sections.Textarea:
			m[f.Name] = strings.ReplaceAll(raw, "\r\n", "\n")
		default:
			m[f.Name] = strings.TrimSpace(raw)
		}
	}
	return m
}

// readSection reads the posted form into a copy of the section.
func readSection(form url.Values, t sections.Type, old sections.Section) sections.Section {
	s := sections.Section{ID: old.ID, Type: old.Type, Settings: readSettings(form, "s.", t.Fields)}
	if t.Block == nil {
		return s
	}
	n, _ := strconv.Atoi(form.Get("blocks"))
	n = min(max(n, 0), t.MaxBlocks)
	for j := 0; j < n; j++ {
		prefix := fmt.Sprintf("b.%d.", j)
		id := form.Get(prefix + "id")
		if id == "" {
			id = sections.NewID()
		}
		s.Blocks = append(s.Blocks, sections.Block{ID: id, Settings: readSettings(form, prefix, t.Block.Fields)})
	}
	return s
}

// blockOp applies a block button (op=ACTION:INDEX) to the section and
// says what it did.
func blockOp(op string, t sections.Type, s *sections.Section) (string, error) {
	action, idx, _ := strings.Cut(op, ":")
	if action == "" || action == "save" || t.Block == nil {
		return "", nil
	}
	if action == "add" {
		if len(s.Blocks) >= t.MaxBlocks {
			return "", fmt.Errorf("a %s section can have at most %d blocks", strings.ToLower(t.Title), t.MaxBlocks)
		}
		b, err := sections.NewBlock(t.Name)
		if err != nil {
			return "", err
		}
		s.Blocks = append(s.Blocks, b)
		return t.Block.Title + " added.", nil
	}
	j, err := strconv.Atoi(idx)
	if err != nil || j < 0 || j >= len(s.Blocks) {
		return "", errors.New("that block is no longer there")
	}
	switch action {
	case "remove":
		s.Blocks = append(s.Blocks[:j], s.Blocks[j+1:]...)
		return t.Block.Title + " removed.", nil
	case "duplicate":
		if len(s.Blocks) >= t.MaxBlocks {
			return "", fmt.Errorf("a %s section can have at most %d blocks", strings.ToLower(t.Title), t.MaxBlocks)
		}
		c := sections.Block{ID: sections.NewID(), Settings: make(map[string]any, len(s.Blocks[j].Settings))}
		for k, v := range s.Blocks[j].Settings {
			c.Settings[k] = v
		}
		s.Blocks = append(s.Blocks[:j+1], append([]sections.Block{c}, s.Blocks[j+1:]...)...)
		return t.Block.Title + " duplicated.", nil
	case "up":
		if j > 0 {
			s.Blocks[j-1], s.Blocks[j] = s.Blocks[j], s.Blocks[j-1]
		}
		return t.Block.Title + " moved up.", nil
	case "down":
		if j < len(s.Blocks)-1 {
			s.Blocks[j+1], s.Blocks[j] = s.Blocks[j], s.Blocks[j+1]
		}
		return t.Block.Title + " moved down.", nil
	}
	return "", errors.New("unknown action")
}

// saveSection stores the posted section in the draft. editor.js posts the
// same form while the person types (X-Editor: autosave) and gets 204, or
// 422 with the messages, instead of a page.
func (a *Admin) saveSection(w http.ResponseWriter, r *http.Request, st *state) error {
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
	if err := r.ParseForm(); err != nil {
		return err
	}
	t, _ := sections.Lookup(secs[i].Type)
	s := readSection(r.PostForm, t, secs[i])
	op := r.PostForm.Get("op")
	msg, opErr := blockOp(op, t, &s)
	secs[i] = s
	// Validate the whole page (IDs must stay unique), report this section.
	verr := sections.Validate(secs)
	var errs sections.FieldErrors
	if verr != nil && !errors.As(verr, &errs) {
		return verr
	}
	autosave := r.Header.Get("X-Editor") == "autosave"
	if verr == nil && opErr == nil {
		if err := a.saveSections(r, st, p, secs); err != nil {
			return err
		}
		if autosave {
			w.WriteHeader(http.StatusNoContent)
			return nil
		}
		to := pagePath(p) + "/sections/" + s.ID
		if op == "" || op == "save" {
			return done(w, r, pagePath(p)+"#sections", t.Title+" saved in the draft. Publish to show it to your visitors.")
		}
		if strings.HasPrefix(op, "add") && len(s.Blocks) > 0 {
			to += "#block-" + strconv.Itoa(len(s.Blocks)-1)
		}
		return done(w, r, to, msg)
	}
	if autosave {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = w.Write([]byte(verrText(errs, opErr)))
		return nil
	}
	d, err := a.sectionForm(r, st, p, i, s, errs)
	if err != nil {
		return err
	}
	f := &ui.Form{Errors: map[string]string{}}
	if opErr != nil {
		f.Errors["form"] = strings.ToUpper(opErr.Error()[:1]) + opErr.Error()[1:] + "."
	} else {
		f.Errors["form"] = "Please check the fields marked below; nothing was saved yet."
	}
	return a.render(w, r, http.StatusUnprocessableEntity, "page_section.html", t.Title+" · "+p.Title, f, d)
}

func verrText(errs sections.FieldErrors, opErr error) string {
	if opErr != nil {
		return opErr.Error()
	}
	return errs.Error()
}

// fieldCtx is what the "section-field" template needs: the field and the
// form's shared lists (media, links, forms).
type fieldCtx struct {
	Data  sectionFormData
	Field fieldView
}

func init() {
	// Added here rather than in frame.go's map so the editor stays in its
	// own files.
	funcs["fieldCtx"] = func(d sectionFormData, f fieldView) fieldCtx { return fieldCtx{Data: d, Field: f} }
	funcs["lower"] = strings.ToLower
	funcs["sectionThumb"] = themes.SectionThumbnailURL
}
