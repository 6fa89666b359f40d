package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// formsData is the list of forms with the create form.
type formsData struct {
	Forms  []forms.Form
	Unread int
}

func (a *Admin) listForms(w http.ResponseWriter, r *http.Request, st *state) error {
	all, err := a.d.Forms.List(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	unread, err := a.d.Forms.Unread(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "forms.html", "Forms", &ui.Form{}, formsData{Forms: all, Unread: unread})
}

// createForm makes a form with the usual fields (name, e-mail, message),
// which the owner then changes in the builder.
func (a *Admin) createForm(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	form := forms.Default(f.Value("title"))
	form.Slug = f.Value("slug")
	saved, err := a.d.Forms.Save(r.Context(), st.site.ID, form)
	if err != nil {
		if f.Absorb(err) {
			all, lerr := a.d.Forms.List(r.Context(), st.site.ID)
			if lerr != nil {
				return lerr
			}
			return a.render(w, r, http.StatusUnprocessableEntity, "forms.html", "Forms", f, formsData{Forms: all})
		}
		return err
	}
	return done(w, r, "/admin/forms/"+strconv.FormatInt(saved.ID, 10), "Form created. Put "+saved.Placeholder()+" in a page's text to show it there.")
}

// builderRow is one field of the builder: the form's fields and one empty
// row to add another, all saved at once (no JavaScript needed).
type builderRow struct {
	Index    int
	Key      string
	Label    string
	Kind     forms.Kind
	Required bool
	Options  string
	Position int
	Error    string
}

type formData struct {
	Form   forms.Form
	Rows   []builderRow
	Kinds  []forms.Kind
	Errors string // the fields' problems, together
}

func builderRows(f forms.Form) []builderRow {
	var rows []builderRow
	for i, fl := range f.Fields {
		rows = append(rows, builderRow{Index: i, Key: fl.Key, Label: fl.Label, Kind: fl.Kind, Required: fl.Required,
			Options: strings.Join(fl.Options, "\n"), Position: i + 1})
	}
	return append(rows, builderRow{Index: len(f.Fields), Kind: forms.Text, Position: len(f.Fields) + 1})
}

func (a *Admin) findForm(r *http.Request, st *state) (forms.Form, error) {
	id, err := pathID(r)
	if err != nil {
		return forms.Form{}, err
	}
	return a.d.Forms.Form(r.Context(), st.site.ID, id)
}

func formValues(f forms.Form) url.Values {
	return url.Values{"title": {f.Title}, "slug": {f.Slug}, "thanks": {f.Thanks}, "auto_reply": {f.AutoReply}}
}

func (a *Admin) editForm(w http.ResponseWriter, r *http.Request, st *state) error {
	f, err := a.findForm(r, st)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "form.html", f.Title, &ui.Form{Values: formValues(f)},
		formData{Form: f, Rows: builderRows(f), Kinds: forms.Kinds})
}

// saveForm reads the builder: each row's label, kind, required box,
// options and position; rows marked "remove", and the empty extra row,
// are left out; the rest are ordered by position.
func (a *Admin) saveForm(w http.ResponseWriter, r *http.Request, st *state) error {
	old, err := a.findForm(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	n, _ := strconv.Atoi(f.Value("rows"))
	n = min(max(n, 0), forms.MaxFields+1)
	var rows []builderRow
	for i := range n {
		is := strconv.Itoa(i)
		row := builderRow{Index: i, Key: f.Value("key_" + is), Label: f.Value("label_" + is), Kind: forms.Kind(f.Value("kind_" + is)),
			Required: f.Checked("required_" + is), Options: f.Raw("options_" + is)}
		row.Position, _ = strconv.Atoi(f.Value("position_" + is))
		if f.Checked("remove_"+is) || (row.Key == "" && row.Label == "") {
			continue
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(x, y builderRow) int { return x.Position - y.Position })
	form := forms.Form{ID: old.ID, Title: f.Value("title"), Slug: f.Value("slug"), Thanks: f.Raw("thanks"), AutoReply: f.Raw("auto_reply")}
	for _, row := range rows {
		form.Fields = append(form.Fields, forms.Field{Key: row.Key, Label: row.Label, Kind: row.Kind, Required: row.Required,
			Options: strings.Split(strings.ReplaceAll(row.Options, "\r\n", "\n"), "\n")})
	}
	saved, err := a.d.Forms.Save(r.Context(), st.site.ID, form)
	if err != nil {
		if fields, ok := fault.AsInvalid(err); ok {
			f.Absorb(err)
			var problems []string
			for i := range rows {
				rows[i].Index, rows[i].Position = i, i+1
				if msg := fields["field-"+strconv.Itoa(i)]; msg != "" {
					rows[i].Error = msg
					problems = append(problems, msg)
				}
			}
			if msg := fields["fields"]; msg != "" {
				problems = append(problems, msg)
			}
			rows = append(rows, builderRow{Index: len(rows), Kind: forms.Text, Position: len(rows) + 1})
			return a.render(w, r, http.StatusUnprocessableEntity, "form.html", old.Title, f,
				formData{Form: old, Rows: rows, Kinds: forms.Kinds, Errors: strings.Join(problems, " ")})
		}
		return err
	}
	return done(w, r, "/admin/forms/"+strconv.FormatInt(saved.ID, 10), "Form saved.")
}

func (a *Admin) confirmDeleteForm(w http.ResponseWriter, r *http.Request, st *state) error {
	f, err := a.findForm(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete the form “" + f.Title + "”?",
		Message: "It disappears from every page that shows it, and the messages sent with it are deleted too. This cannot be undone.",
		Action:  r.URL.Path, Button: "Delete form and its messages", Cancel: "/admin/forms/" + strconv.FormatInt(f.ID, 10)})
}

func (a *Admin) deleteForm(w http.ResponseWriter, r *http.Request, st *state) error {
	f, err := a.findForm(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeleteForm(w, r, st)
	}
	if err := a.d.Forms.Delete(r.Context(), st.site.ID, f.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/forms", "Form “"+f.Title+"” deleted.")
}
