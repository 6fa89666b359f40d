package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// menuView is one menu on the menus page.
type menuView struct {
	Name, Title string
	Edited      bool
	Items       []menuRow
	Form        *ui.Form // the add-a-link form, with its errors
}

// menuRow is one item of a menu as the page lists it.
type menuRow struct {
	menus.Item
	Target         string // what it links to, for people: "Page: About us"
	Gone           bool   // its page, category or product no longer exists: visitors do not see it
	First, Last    bool   // among its siblings
	CanIndent      bool
	HasChildren    bool
	ItemFormErrors string
}

// target is one choice of the link picker.
type target struct{ Value, Label string }

type menusData struct {
	Menus      []menuView
	Pages      []target
	Categories []target
	Products   []target
	Posts      []target
}

// menuSources reads what the owner can link to, and the default items.
func (a *Admin) menuSources(ctx context.Context, st *state) (menusData, []menus.Item, map[string]string, error) {
	var d menusData
	names := map[string]string{}
	all, err := a.d.Pages.List(ctx, st.site.ID, st.site.Entitlements())
	if err != nil {
		return d, nil, nil, err
	}
	for _, p := range all {
		v := "page:" + strconv.FormatInt(p.ID, 10)
		d.Pages = append(d.Pages, target{v, p.Title})
		names[v] = "Page: " + p.Title
	}
	tree, err := a.d.Catalog.CategoryTree(ctx, st.site.ID)
	if err != nil {
		return d, nil, nil, err
	}
	for _, c := range tree {
		v := "category:" + strconv.FormatInt(c.ID, 10)
		d.Categories = append(d.Categories, target{v, strings.Repeat("– ", c.Depth) + c.Title})
		names[v] = "Category: " + c.Title
	}
	prods, err := a.d.Catalog.ListProducts(ctx, st.site.ID, catalog.ListQuery{Status: catalog.StatusActive, Limit: 200})
	if err != nil {
		return d, nil, nil, err
	}
	for _, p := range prods.Products {
		v := "product:" + strconv.FormatInt(p.ID, 10)
		d.Products = append(d.Products, target{v, p.Title})
		names[v] = "Product: " + p.Title
	}
	posts, err := a.d.Blog.Recent(ctx, st.site.ID, 200)
	if err != nil {
		return d, nil, nil, err
	}
	for _, p := range posts {
		v := "post:" + strconv.FormatInt(p.ID, 10)
		d.Posts = append(d.Posts, target{v, p.Title})
		names[v] = "Post: " + p.Title
	}
	return d, menus.Defaults(all, len(posts) > 0, len(prods.Products) > 0), names, nil
}

var menuTitles = map[string]string{menus.Header: "Header menu", menus.Footer: "Footer menu"}

func (a *Admin) renderMenus(w http.ResponseWriter, r *http.Request, st *state, status int, failed string, f *ui.Form) error {
	ctx := r.Context()
	d, defaults, names, err := a.menuSources(ctx, st)
	if err != nil {
		return err
	}
	for _, name := range menus.Names {
		items, edited, err := a.d.Menus.Items(ctx, st.site.ID, name)
		if err != nil {
			return err
		}
		if !edited {
			items = defaults
		}
		mv := menuView{Name: name, Title: menuTitles[name], Edited: edited, Form: &ui.Form{}}
		if name == failed {
			mv.Form = f
		}
		for i, it := range items {
			row := menuRow{Item: it, Target: it.URL}
			if it.Kind != menus.KindURL {
				key := string(it.Kind) + ":" + strconv.FormatInt(it.TargetID, 10)
				row.Target, row.Gone = names[key], names[key] == ""
				if row.Gone {
					row.Target = "A " + string(it.Kind) + " that no longer exists"
				}
			}
			row.First, row.Last = true, true
			for j := i - 1; j >= 0; j-- {
				if items[j].Depth < it.Depth {
					break
				}
				if items[j].Depth == it.Depth {
					row.First = false
					break
				}
			}
			for j := i + 1; j < len(items); j++ {
				if items[j].Depth < it.Depth {
					break
				}
				if items[j].Depth == it.Depth {
					row.Last = false
					break
				}
			}
			row.HasChildren = i+1 < len(items) && items[i+1].Depth > it.Depth
			row.CanIndent = it.Depth == 0 && !row.First && !row.HasChildren
			mv.Items = append(mv.Items, row)
		}
		d.Menus = append(d.Menus, mv)
	}
	return a.render(w, r, status, "menus.html", "Menus", f, d)
}

func (a *Admin) menusPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderMenus(w, r, st, http.StatusOK, "", &ui.Form{})
}

func menuName(r *http.Request) (string, error) {
	m := r.PathValue("menu")
	if m != menus.Header && m != menus.Footer {
		return "", fault.ErrNotFound
	}
	return m, nil
}

func (a *Admin) menuDefaults(ctx context.Context, st *state) ([]menus.Item, error) {
	_, defaults, _, err := a.menuSources(ctx, st)
	return defaults, err
}

// addMenuItem adds a link chosen in the picker (a page, category or
// product, whose title is the label unless one is typed) or a typed URL.
func (a *Admin) addMenuItem(w http.ResponseWriter, r *http.Request, st *state) error {
	name, err := menuName(r)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	ctx := r.Context()
	d, defaults, _, err := a.menuSources(ctx, st)
	if err != nil {
		return err
	}
	in := menus.Input{Label: f.Value("label")}
	choice := f.Value("target")
	switch {
	case choice == "url" || (choice == "" && f.Value("url") != ""):
		in.Kind, in.URL = menus.KindURL, f.Value("url")
	case choice != "":
		kind, id, _ := strings.Cut(choice, ":")
		in.Kind = menus.Kind(kind)
		in.TargetID, _ = strconv.ParseInt(id, 10, 64)
		if in.Label == "" {
			for _, list := range [][]target{d.Pages, d.Categories, d.Products, d.Posts} {
				for _, t := range list {
					if t.Value == choice {
						in.Label = strings.TrimLeft(t.Label, "– ")
					}
				}
			}
		}
	}
	if err := a.d.Menus.Apply(ctx, st.site.ID, name, defaults, menus.Edit{Op: "add", Input: in}); err != nil {
		if f.Absorb(err) {
			return a.renderMenus(w, r, st, http.StatusUnprocessableEntity, name, f)
		}
		return err
	}
	return done(w, r, "/admin/menus#"+name, "“"+in.Label+"” is in the "+strings.ToLower(menuTitles[name])+".")
}

// editMenuItem renames, moves, nests, un-nests or removes one link; the
// button pressed names the change.
func (a *Admin) editMenuItem(w http.ResponseWriter, r *http.Request, st *state) error {
	name, err := menuName(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id == 0 {
		return fault.ErrNotFound
	}
	f := ui.NewForm(r)
	defaults, err := a.menuDefaults(r.Context(), st)
	if err != nil {
		return err
	}
	e := menus.Edit{Op: f.Value("op"), ID: id, Label: f.Value("label")}
	if err := a.d.Menus.Apply(r.Context(), st.site.ID, name, defaults, e); err != nil {
		if f.Absorb(err) {
			return a.renderMenus(w, r, st, http.StatusUnprocessableEntity, name, f)
		}
		return err
	}
	msg := map[string]string{"rename": "Link renamed.", "up": "Link moved up.", "down": "Link moved down.",
		"indent": "Link nested.", "outdent": "Link moved out.", "remove": "Link removed."}[e.Op]
	return done(w, r, "/admin/menus#"+name, msg)
}

func (a *Admin) resetMenu(w http.ResponseWriter, r *http.Request, st *state) error {
	name, err := menuName(r)
	if err != nil {
		return err
	}
	if err := a.d.Menus.Reset(r.Context(), st.site.ID, name); err != nil {
		return err
	}
	return done(w, r, "/admin/menus#"+name, "The "+strings.ToLower(menuTitles[name])+" shows your pages again.")
}
