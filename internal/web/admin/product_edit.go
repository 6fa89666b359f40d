package admin

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// The editor's form names its fields as the catalog names its errors
// ("price", "variants[2].price"), so that every message lands next to its
// input without a table of translations.

type optionRow struct {
	Index       int
	Name        string
	Values      string // comma-separated as typed
	NameError   string
	ValuesError string
}

type variantRow struct {
	Index                         int
	ID                            int64
	Values                        []string
	Title                         string
	SKU, Price, Stock, Low, Image string
	Track, Backorder              bool
	StockText                     string // an existing variant's stock, changed in Inventory
	Errors                        map[string]string
}

type imagePick struct {
	media.Media
	Thumb   string
	Checked bool
	Order   string
}

type categoryPick struct {
	catalog.CategoryNode
	Checked bool
}

type productForm struct {
	Product    catalog.Product // zero ID for a new product
	Action     string
	Currency   string
	Example    string
	Options    []optionRow
	Rows       []variantRow
	Images     []imagePick
	Categories []categoryPick
	SiteURL    string
	Regrouped  bool // the grid was just rebuilt from the options
}

func (a *Admin) newProduct(w http.ResponseWriter, r *http.Request, st *state) error {
	f := &ui.Form{Values: url.Values{"status": {"draft"}}}
	d, err := a.productForm(r, st, catalog.Product{}, f, defaultRows(f))
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "product.html", "New product", f, d)
}

func (a *Admin) findProduct(r *http.Request, st *state) (catalog.Product, error) {
	id, err := pathID(r)
	if err != nil {
		return catalog.Product{}, err
	}
	return a.d.Catalog.Product(r.Context(), st.site.ID, id)
}

func (a *Admin) editProduct(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findProduct(r, st)
	if err != nil {
		return err
	}
	m := siteMoney(st.site)
	v := url.Values{"title": {p.Title}, "slug": {p.Slug}, "description": {string(p.Description)}, "status": {string(p.Status)},
		"price": {m.Input(p.Price)}, "taxClass": {p.TaxClass}, "sku": {p.SKU}, "ean": {p.EAN},
		"seoTitle": {p.SEOTitle}, "seoDescription": {p.SEODescription}}
	if p.CompareAtPrice != 0 {
		v.Set("compareAtPrice", m.Input(p.CompareAtPrice))
	}
	if p.WeightGrams != 0 {
		v.Set("weightGrams", strconv.Itoa(p.WeightGrams))
	}
	for i, o := range p.Options {
		v.Set(fmt.Sprintf("options[%d].name", i), o.Name)
		v.Set(fmt.Sprintf("options[%d].values", i), strings.Join(o.Values, ", "))
	}
	for i, im := range p.Images {
		id := strconv.FormatInt(im.MediaID, 10)
		v.Add("image", id)
		v.Set("order_"+id, strconv.Itoa(i+1))
	}
	for _, c := range p.Categories {
		v.Add("category", strconv.FormatInt(c.ID, 10))
	}
	var rows []variantRow
	for i, vr := range p.Variants {
		row := variantRow{Index: i, ID: vr.ID, Values: vr.OptionValues, Title: cmp.Or(vr.Title(), "Default"), SKU: vr.SKU,
			Price: m.Input(vr.Price), Track: vr.TrackStock, Backorder: vr.AllowBackorder, StockText: strconv.Itoa(vr.Stock),
			Low: strconv.Itoa(vr.LowStockThreshold)}
		if vr.ImageMediaID != 0 {
			row.Image = strconv.FormatInt(vr.ImageMediaID, 10)
		}
		rows = append(rows, row)
	}
	f := &ui.Form{Values: v}
	d, err := a.productForm(r, st, p, f, rows)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "product.html", p.Title, f, d)
}

func defaultRows(f *ui.Form) []variantRow {
	return []variantRow{{Title: "Default", Low: "0"}}
}

// productForm gathers what the editor shows besides the typed values: the
// library's images, the category tree, the options and the variant grid.
func (a *Admin) productForm(r *http.Request, st *state, p catalog.Product, f *ui.Form, rows []variantRow) (productForm, error) {
	m := siteMoney(st.site)
	d := productForm{Product: p, Currency: m.code, Example: m.Example(), Rows: rows, SiteURL: a.d.Config.SiteURL(st.site.Name),
		Action: "/admin/products/new"}
	if p.ID != 0 {
		d.Action = "/admin/products/" + strconv.FormatInt(p.ID, 10)
	}
	for i := range catalog.MaxOptions {
		d.Options = append(d.Options, optionRow{Index: i, Name: f.Value(fmt.Sprintf("options[%d].name", i)),
			Values: f.Value(fmt.Sprintf("options[%d].values", i)), NameError: f.Error(fmt.Sprintf("options[%d].name", i)),
			ValuesError: f.Error(fmt.Sprintf("options[%d].values", i))})
	}
	for i := range d.Rows {
		d.Rows[i].Index = i
		if d.Rows[i].Errors == nil {
			d.Rows[i].Errors = map[string]string{}
		}
		prefix := fmt.Sprintf("variants[%d].", i)
		for k, msg := range f.Errors {
			if rest, ok := strings.CutPrefix(k, prefix); ok {
				field, _, _ := strings.Cut(rest, "[")
				if _, dup := d.Rows[i].Errors[field]; !dup {
					d.Rows[i].Errors[field] = msg
				}
			}
		}
	}
	lib, err := a.d.Media.List(r.Context(), st.site.ID, media.ListOptions{PerPage: 200})
	if err != nil {
		return d, err
	}
	chosen := f.Values["image"]
	for _, im := range lib.Items {
		id := strconv.FormatInt(im.ID, 10)
		pick := imagePick{Media: im, Thumb: im.VariantURL(160), Checked: slices.Contains(chosen, id), Order: f.Value("order_" + id)}
		if im.IsSVG() {
			pick.Thumb = im.URL()
		}
		d.Images = append(d.Images, pick)
	}
	// Chosen images first, in their order, so the owner sees the gallery.
	slices.SortStableFunc(d.Images, func(x, y imagePick) int {
		if x.Checked != y.Checked {
			if x.Checked {
				return -1
			}
			return 1
		}
		xo, _ := strconv.Atoi(x.Order)
		yo, _ := strconv.Atoi(y.Order)
		return cmp.Compare(xo, yo)
	})
	tree, err := a.d.Catalog.CategoryTree(r.Context(), st.site.ID)
	if err != nil {
		return d, err
	}
	for _, c := range tree {
		d.Categories = append(d.Categories, categoryPick{CategoryNode: c, Checked: slices.Contains(f.Values["category"], strconv.FormatInt(c.ID, 10))})
	}
	return d, nil
}

// readOptions reads the option rows that have a name or values.
func readOptions(f *ui.Form) []catalog.Option {
	var out []catalog.Option
	for i := range catalog.MaxOptions {
		name := f.Value(fmt.Sprintf("options[%d].name", i))
		raw := f.Value(fmt.Sprintf("options[%d].values", i))
		if name == "" && raw == "" {
			continue
		}
		var values []string
		for _, v := range strings.Split(raw, ",") {
			if v = strings.TrimSpace(v); v != "" {
				values = append(values, v)
			}
		}
		out = append(out, catalog.Option{Name: name, Values: values})
	}
	return out
}

// postedRows reads the variant grid as it was posted.
func postedRows(f *ui.Form) []variantRow {
	n, _ := strconv.Atoi(f.Value("variant_count"))
	var rows []variantRow
	for i := range min(n, catalog.MaxVariants) {
		k := func(s string) string { return fmt.Sprintf("variants[%d].%s", i, s) }
		row := variantRow{SKU: f.Value(k("sku")), Price: f.Value(k("price")), Stock: f.Value(k("stock")), Low: f.Value(k("lowStockThreshold")),
			Image: f.Value(k("imageMediaId")), Track: f.Checked(k("trackStock")), Backorder: f.Checked(k("allowBackorder")),
			StockText: f.Value(k("stockText"))}
		row.ID, _ = strconv.ParseInt(f.Value(k("id")), 10, 64)
		for j := range catalog.MaxOptions {
			if v, ok := f.Values[k(fmt.Sprintf("optionValues[%d]", j))]; ok && len(v) > 0 {
				row.Values = append(row.Values, v[0])
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// regroup builds the variant grid for the options: every combination of
// their values, each keeping the data of the posted row with the same
// values (so renaming nothing loses nothing), new ones empty.
func regroup(options []catalog.Option, posted []variantRow) []variantRow {
	combos := [][]string{nil}
	for _, o := range options {
		if len(o.Values) == 0 {
			continue
		}
		var next [][]string
		for _, c := range combos {
			for _, v := range o.Values {
				next = append(next, append(slices.Clone(c), v))
			}
		}
		combos = next
	}
	if len(combos) > catalog.MaxVariants {
		combos = combos[:catalog.MaxVariants+1] // one over, so the catalog says so
	}
	key := func(vs []string) string { return strings.ToLower(strings.Join(vs, "\x00")) }
	old := map[string]variantRow{}
	for _, r := range posted {
		old[key(r.Values)] = r
	}
	var rows []variantRow
	for _, c := range combos {
		row, ok := old[key(c)]
		if !ok && len(c) == 0 && len(posted) == 1 {
			row, ok = posted[0], true // options removed: the one variant stays
		}
		if !ok {
			row = variantRow{Low: "0"}
		}
		row.Values = c
		row.Title = cmp.Or(strings.Join(c, " / "), "Default")
		rows = append(rows, row)
	}
	return rows
}

// readProduct turns the posted editor into the catalog's input; typing
// mistakes the catalog cannot see (a price "12,5x") go to f.
func readProduct(f *ui.Form, m money, rows []variantRow, options []catalog.Option) catalog.ProductInput {
	in := catalog.ProductInput{Title: f.Value("title"), Slug: f.Value("slug"), Description: f.Raw("description"),
		Status: catalog.Status(f.Value("status")), Currency: m.code, TaxClass: f.Value("taxClass"), SKU: f.Value("sku"),
		EAN: f.Value("ean"), SEOTitle: f.Value("seoTitle"), SEODescription: f.Value("seoDescription"), Options: options}
	price := func(name string) int64 {
		n, err := m.Parse(f.Value(name))
		if err != nil {
			f.Set(name, m.parseError())
		}
		return n
	}
	whole := func(name, s, msg string) int {
		if s = strings.TrimSpace(s); s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f.Set(name, msg)
		}
		return n
	}
	in.Price = price("price")
	in.CompareAtPrice = price("compareAtPrice")
	in.WeightGrams = whole("weightGrams", f.Value("weightGrams"), "Enter the weight in whole grams, such as 250.")
	for _, s := range f.Values["category"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.CategoryIDs = append(in.CategoryIDs, id)
		}
	}
	type ordered struct {
		id    int64
		order int
		pos   int
	}
	var imgs []ordered
	for i, s := range f.Values["image"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			continue
		}
		o, err := strconv.Atoi(f.Value("order_" + s))
		if err != nil {
			o = 1000 + i
		}
		imgs = append(imgs, ordered{id, o, i})
	}
	slices.SortStableFunc(imgs, func(x, y ordered) int { return cmp.Compare(x.order, y.order) })
	for _, im := range imgs {
		in.Images = append(in.Images, catalog.ImageInput{MediaID: im.id})
	}
	for i, r := range rows {
		k := func(s string) string { return fmt.Sprintf("variants[%d].%s", i, s) }
		v := catalog.VariantInput{ID: r.ID, OptionValues: r.Values, SKU: r.SKU, TrackStock: r.Track, AllowBackorder: r.Backorder,
			WeightGrams: in.WeightGrams}
		v.Price = in.Price
		if r.Price != "" {
			n, err := m.Parse(r.Price)
			if err != nil {
				f.Set(k("price"), m.parseError())
			}
			v.Price = n
		}
		if v.Price == in.Price {
			v.CompareAtPrice = in.CompareAtPrice
		}
		if r.ID == 0 {
			v.Stock = whole(k("stock"), r.Stock, "Enter a whole number, such as 10.")
		}
		v.LowStockThreshold = whole(k("lowStockThreshold"), r.Low, "Enter a whole number, such as 3.")
		if r.Image != "" {
			v.ImageMediaID, _ = strconv.ParseInt(r.Image, 10, 64)
		}
		if len(options) == 0 && v.SKU == "" {
			v.SKU = in.SKU // a simple product sells under its own SKU
		}
		in.Variants = append(in.Variants, v)
	}
	return in
}

// absorbProduct puts the catalog's messages next to their inputs: an
// option value's message goes to the option's values field, and a simple
// product's one variant speaks through the product's own fields.
func absorbProduct(f *ui.Form, err error, simple bool) bool {
	fields, ok := fault.AsInvalid(err)
	if !ok {
		return false
	}
	for k, msg := range fields {
		if i := strings.Index(k, ".values["); i >= 0 && strings.HasPrefix(k, "options[") {
			k = k[:i] + ".values"
		}
		if simple {
			switch k {
			case "variants[0].price":
				k = "price"
			case "variants[0].compareAtPrice":
				k = "compareAtPrice"
			case "variants[0].sku":
				k = "sku"
			}
		}
		if k == "media" {
			k = "images"
		}
		f.Set(k, msg)
	}
	return true
}

func (a *Admin) saveProduct(w http.ResponseWriter, r *http.Request, st *state) error {
	var p catalog.Product
	if r.PathValue("id") != "" {
		var err error
		if p, err = a.findProduct(r, st); err != nil {
			return err
		}
	}
	f := ui.NewForm(r)
	m := siteMoney(st.site)
	options := readOptions(f)
	rows := regroup(options, postedRows(f))
	title := cmp.Or(p.Title, "New product")
	if f.Value("update_variants") != "" {
		d, err := a.productForm(r, st, p, f, rows)
		if err != nil {
			return err
		}
		d.Regrouped = true
		return a.render(w, r, http.StatusOK, "product.html", title, f, d)
	}
	in := readProduct(f, m, rows, options)
	in.ActorAccountID = st.account.ID
	var saved catalog.Product
	var err error
	if f.HasErrors() {
		// A field that could not be read (a price like "12,5x") stops
		// the save; the catalog's own checks still run, so that the owner
		// sees every problem at once rather than one per try.
		absorbProduct(f, in.Check(), len(options) == 0)
	} else {
		if p.ID == 0 {
			saved, err = a.d.Catalog.CreateProduct(r.Context(), st.site.ID, st.site.Entitlements(), in)
		} else {
			saved, err = a.d.Catalog.UpdateProduct(r.Context(), st.site.ID, p.ID, in)
		}
		if err != nil && !absorbProduct(f, err, len(options) == 0) {
			return err
		}
	}
	if f.HasErrors() {
		d, err := a.productForm(r, st, p, f, rows)
		if err != nil {
			return err
		}
		return a.render(w, r, http.StatusUnprocessableEntity, "product.html", title, f, d)
	}
	msg := "Product saved."
	if p.ID == 0 {
		msg = "Product “" + saved.Title + "” created."
	}
	if saved.Status == catalog.StatusActive {
		msg += " Shoppers see it at /products/" + saved.Slug + "."
	}
	return done(w, r, "/admin/products/"+strconv.FormatInt(saved.ID, 10), msg)
}

func (a *Admin) confirmDeleteProduct(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findProduct(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete the product “" + p.Title + "”?",
		Message: "The product, its variants and their stock history are removed, and /products/" + p.Slug +
			" stops working. Your media library keeps its pictures. This cannot be undone.",
		Action: "/admin/products/" + strconv.FormatInt(p.ID, 10) + "/delete", Button: "Delete product",
		Cancel: "/admin/products/" + strconv.FormatInt(p.ID, 10)})
}

func (a *Admin) deleteProduct(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findProduct(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeleteProduct(w, r, st)
	}
	if err := a.d.Catalog.DeleteProduct(r.Context(), st.site.ID, p.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/products", "Product “"+p.Title+"” deleted.")
}
