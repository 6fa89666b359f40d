package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// Categories.

type categoriesData struct {
	Tree     []catalog.CategoryNode
	Editing  catalog.Category // zero ID on the list page
	Products []catalog.Listed
}

func (a *Admin) listCategories(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderCategories(w, r, st, http.StatusOK, &ui.Form{}, catalog.Category{})
}

func (a *Admin) renderCategories(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form, c catalog.Category) error {
	tree, err := a.d.Catalog.CategoryTree(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	d := categoriesData{Tree: tree, Editing: c}
	title := "Categories"
	if c.ID != 0 {
		title = c.Title
		page, err := a.d.Catalog.CategoryProducts(r.Context(), st.site.ID, c.ID, "", 200)
		if err != nil {
			return err
		}
		d.Products = page.Products
	}
	return a.render(w, r, status, "categories.html", title, f, d)
}

func categoryInput(f *ui.Form) catalog.CategoryInput {
	parent, _ := strconv.ParseInt(f.Value("parent"), 10, 64)
	return catalog.CategoryInput{ParentID: parent, Slug: f.Value("slug"), Title: f.Value("title"), Description: f.Raw("description")}
}

func (a *Admin) createCategory(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	c, err := a.d.Catalog.CreateCategory(r.Context(), st.site.ID, categoryInput(f))
	if err != nil {
		if f.Absorb(err) {
			return a.renderCategories(w, r, st, http.StatusUnprocessableEntity, f, catalog.Category{})
		}
		return err
	}
	return done(w, r, "/admin/categories", "Category “"+c.Title+"” added.")
}

func (a *Admin) findCategory(r *http.Request, st *state) (catalog.Category, error) {
	id, err := pathID(r)
	if err != nil {
		return catalog.Category{}, err
	}
	return a.d.Catalog.Category(r.Context(), st.site.ID, id)
}

func (a *Admin) editCategory(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCategory(r, st)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"title": {c.Title}, "slug": {c.Slug}, "description": {string(c.Description)},
		"parent": {strconv.FormatInt(c.ParentID, 10)}}}
	return a.renderCategories(w, r, st, http.StatusOK, f, c)
}

func (a *Admin) updateCategory(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCategory(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	if _, err := a.d.Catalog.UpdateCategory(r.Context(), st.site.ID, c.ID, categoryInput(f)); err != nil {
		if f.Absorb(err) {
			return a.renderCategories(w, r, st, http.StatusUnprocessableEntity, f, c)
		}
		return err
	}
	return done(w, r, "/admin/categories/"+strconv.FormatInt(c.ID, 10), "Category saved.")
}

func (a *Admin) moveCategory(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCategory(r, st)
	if err != nil {
		return err
	}
	if err := a.d.Catalog.MoveCategory(r.Context(), st.site.ID, c.ID, r.PostFormValue("dir") == "up"); err != nil {
		return err
	}
	return done(w, r, "/admin/categories", "")
}

func (a *Admin) moveCategoryProduct(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCategory(r, st)
	if err != nil {
		return err
	}
	pid, _ := strconv.ParseInt(r.PostFormValue("product"), 10, 64)
	if err := a.d.Catalog.MoveProductInCategory(r.Context(), st.site.ID, c.ID, pid, r.PostFormValue("dir") == "up"); err != nil {
		return err
	}
	return done(w, r, "/admin/categories/"+strconv.FormatInt(c.ID, 10)+"#products", "")
}

func (a *Admin) confirmDeleteCategory(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCategory(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete the category “" + c.Title + "”?",
		Message: "Its products stay in your shop (and in their other categories); its subcategories move up one level. /categories/" + c.Slug + " stops working.",
		Action:  "/admin/categories/" + strconv.FormatInt(c.ID, 10) + "/delete", Button: "Delete category", Cancel: "/admin/categories"})
}

func (a *Admin) deleteCategory(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCategory(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeleteCategory(w, r, st)
	}
	if err := a.d.Catalog.DeleteCategory(r.Context(), st.site.ID, c.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/categories", "Category “"+c.Title+"” deleted.")
}

// Inventory.

type inventoryData struct {
	Low     []catalog.LowStockVariant
	Variant catalog.Variant
	Product catalog.Product
	History []movementRow
}

type movementRow struct {
	catalog.StockMovement
	Who string
}

func (a *Admin) inventory(w http.ResponseWriter, r *http.Request, st *state) error {
	low, err := a.d.Catalog.LowStock(r.Context(), st.site.ID, 200)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "inventory.html", "Inventory", nil, inventoryData{Low: low})
}

func (a *Admin) stockHistory(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return a.renderHistory(w, r, st, http.StatusOK, id, &ui.Form{})
}

func (a *Admin) renderHistory(w http.ResponseWriter, r *http.Request, st *state, status int, id int64, f *ui.Form) error {
	ctx := r.Context()
	v, err := a.d.Catalog.Variant(ctx, st.site.ID, id)
	if err != nil {
		return err
	}
	p, err := a.d.Catalog.Product(ctx, st.site.ID, v.ProductID)
	if err != nil {
		return err
	}
	ms, err := a.d.Catalog.StockHistory(ctx, st.site.ID, id, 200)
	if err != nil {
		return err
	}
	who := map[int64]string{0: "The shop (an order or an import)"}
	d := inventoryData{Variant: v, Product: p}
	for _, m := range ms {
		if _, ok := who[m.ActorAccountID]; !ok {
			who[m.ActorAccountID] = "A former member"
			if acct, err := a.d.Accounts.ByID(ctx, m.ActorAccountID); err == nil {
				who[m.ActorAccountID] = acct.Email
			}
		}
		d.History = append(d.History, movementRow{StockMovement: m, Who: who[m.ActorAccountID]})
	}
	title := p.Title
	if t := v.Title(); t != "" {
		title += " — " + t
	}
	return a.render(w, r, status, "stock.html", "Stock of "+title, f, d)
}

func (a *Admin) adjustStock(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	delta, err := strconv.Atoi(strings.TrimPrefix(f.Value("delta"), "+"))
	if err != nil || delta == 0 {
		f.Set("delta", "Enter how many to add, such as 5, or to remove, such as -2.")
	}
	if !f.HasErrors() {
		_, err = a.d.Catalog.AdjustStock(r.Context(), st.site.ID, id, delta, f.Value("reason"), st.account.ID)
		if err != nil && !f.Absorb(err) {
			return err
		}
	}
	if f.HasErrors() {
		return a.renderHistory(w, r, st, http.StatusUnprocessableEntity, id, f)
	}
	back := "/admin/inventory/variants/" + strconv.FormatInt(id, 10)
	if r.PostFormValue("back") == "list" {
		back = "/admin/inventory"
	}
	return done(w, r, back, "Stock changed.")
}
