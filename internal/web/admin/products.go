package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
)

// productRow is one product of the list as the owner sees it.
type productRow struct {
	catalog.Listed
	PriceText string
	Thumb     string // a 160 px copy of the first image, "" for none
	ThumbAlt  string
}

type productsData struct {
	Rows       []productRow
	Query      string
	Status     string
	CategoryID int64
	LowStock   bool
	Sort       string
	Categories []catalog.CategoryNode
	Filtered   bool
	Prev, Next string // page links, "" when there is none
	Plan       plans.Plan
	NoShop     bool // the plan allows no products
	Samples    bool // the sample products a new shop starts with are still there
	CanPlan    bool
}

// listParams are the list's filters as they travel in links.
func listParams(d productsData) url.Values {
	v := url.Values{}
	if d.Query != "" {
		v.Set("q", d.Query)
	}
	if d.Status != "" {
		v.Set("status", d.Status)
	}
	if d.CategoryID != 0 {
		v.Set("category", strconv.FormatInt(d.CategoryID, 10))
	}
	if d.LowStock {
		v.Set("low", "1")
	}
	if d.Sort != "" && d.Sort != string(catalog.SortNewest) {
		v.Set("sort", d.Sort)
	}
	return v
}

// trailSep joins the cursors of the pages before this one, so that
// "Previous" works with keyset pagination (cursors never contain a dot).
const trailSep = "."

func (a *Admin) listProducts(w http.ResponseWriter, r *http.Request, st *state) error {
	q := r.URL.Query()
	plan := st.site.Entitlements()
	d := productsData{Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), LowStock: q.Get("low") == "1",
		Sort: q.Get("sort"), Plan: plan, NoShop: plan.Products == 0, CanPlan: st.member.Role.Can(accounts.PermPlan)}
	d.CategoryID, _ = strconv.ParseInt(q.Get("category"), 10, 64)
	samples, err := a.d.Catalog.HasSampleProducts(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	d.Samples = samples
	if d.Sort == "" {
		d.Sort = string(catalog.SortNewest)
	}
	d.Filtered = d.Query != "" || d.Status != "" || d.CategoryID != 0 || d.LowStock
	cursor, trail := q.Get("cursor"), q.Get("trail")
	lq := catalog.ListQuery{Search: d.Query, Status: catalog.Status(d.Status), CategoryID: d.CategoryID, LowStock: d.LowStock,
		Sort: catalog.Sort(d.Sort), Cursor: cursor, Limit: 25}
	page, err := a.d.Catalog.ListProducts(r.Context(), st.site.ID, lq)
	if _, bad := fault.AsInvalid(err); bad {
		// A hand-edited address or a stale cursor: start again at page 1.
		http.Redirect(w, r, "/admin/products", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	if d.Categories, err = a.d.Catalog.CategoryTree(r.Context(), st.site.ID); err != nil {
		return err
	}
	m := siteMoney(st.site)
	for _, p := range page.Products {
		row := productRow{Listed: p, PriceText: m.Format(p.Price)}
		row.Thumb, row.ThumbAlt = a.thumb(r.Context(), st.site.ID, p.ImageMediaID)
		d.Rows = append(d.Rows, row)
	}
	base := listParams(d)
	link := func(cursor, trail string) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		if trail != "" {
			v.Set("trail", trail)
		}
		if len(v) == 0 {
			return "/admin/products"
		}
		return "/admin/products?" + v.Encode()
	}
	if page.Next != "" {
		next := "" // the trail of the next page: the cursors before it, page 1's ("") left out
		switch {
		case cursor != "" && trail == "":
			next = cursor
		case cursor != "":
			next = trail + trailSep + cursor
		}
		d.Next = link(page.Next, next)
	}
	if cursor != "" {
		prev, rest := trail, ""
		if i := strings.LastIndex(trail, trailSep); i >= 0 {
			prev, rest = trail[i+len(trailSep):], trail[:i]
		}
		d.Prev = link(prev, rest)
	}
	return a.render(w, r, http.StatusOK, "products.html", "Products", nil, d)
}

// thumb is the small copy of a library image for lists.
func (a *Admin) thumb(ctx context.Context, siteID, mediaID int64) (src, alt string) {
	if mediaID == 0 {
		return "", ""
	}
	m, err := a.d.Media.Get(ctx, siteID, mediaID)
	if err != nil {
		return "", ""
	}
	if m.IsSVG() {
		return m.URL(), m.Alt
	}
	return m.VariantURL(160), m.Alt
}

// bulkIDs reads the ticked products of the list's form.
func bulkIDs(r *http.Request) []int64 {
	var ids []int64
	for _, s := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// bulkProducts applies the list's bulk action to the ticked products:
// publish and archive at once, delete and price changes after a
// confirmation page that repeats what will happen.
func (a *Admin) bulkProducts(w http.ResponseWriter, r *http.Request, st *state) error {
	_ = r.ParseForm()
	ids := bulkIDs(r)
	back := safeNext(r.PostFormValue("back"))
	if !strings.HasPrefix(back, "/admin/products") {
		back = "/admin/products"
	}
	if len(ids) == 0 {
		return done(w, r, back, "Tick one or more products first.")
	}
	if len(ids) > 200 {
		return done(w, r, back, "Choose at most 200 products at a time.")
	}
	hidden := []hiddenField{{"action", r.PostFormValue("action")}, {"back", back}, {"percent", r.PostFormValue("percent")}}
	for _, id := range ids {
		hidden = append(hidden, hiddenField{"id", strconv.FormatInt(id, 10)})
	}
	ctx, site := r.Context(), st.site.ID
	products := "1 product"
	if len(ids) > 1 {
		products = strconv.Itoa(len(ids)) + " products"
	}
	switch r.PostFormValue("action") {
	case "publish", "archive", "draft":
		status := map[string]catalog.Status{"publish": catalog.StatusActive, "archive": catalog.StatusArchived, "draft": catalog.StatusDraft}[r.PostFormValue("action")]
		n, err := a.d.Catalog.SetStatus(ctx, site, ids, status)
		if err != nil {
			return err
		}
		words := map[catalog.Status]string{catalog.StatusActive: "published: shoppers see them now", catalog.StatusArchived: "archived: hidden from shoppers, kept for your records", catalog.StatusDraft: "set to draft: hidden from shoppers"}
		return done(w, r, back, fmt.Sprintf("%d %s %s.", n, plural(n, "product", "products"), words[status]))
	case "delete":
		if !confirmed(r) {
			return a.confirm(w, r, confirmation{Heading: "Delete " + products + "?",
				Message: "The products, their variants, stock history and images' links to them are removed, and their pages stop working. Your media library keeps the pictures. This cannot be undone.",
				Action:  "/admin/products/bulk", Button: "Delete " + products, Cancel: back, Hidden: hidden})
		}
		n, err := a.d.Catalog.DeleteProducts(ctx, site, ids)
		if err != nil {
			return err
		}
		return done(w, r, back, fmt.Sprintf("%d %s deleted.", n, plural(n, "product", "products")))
	case "price":
		bp, ok := percentBP(r.PostFormValue("percent"))
		if !ok || bp == 0 {
			return done(w, r, back, "Enter the change in percent, such as 10 for 10 % more or -15 for 15 % off.")
		}
		pct := formatPercent(bp)
		if !confirmed(r) {
			return a.confirm(w, r, confirmation{Heading: "Change the prices of " + products + " by " + pct + "?",
				Message: "Every variant's price changes by " + pct + ", rounded to the nearest " + siteMoney(st.site).Format(1) +
					". A compare-at price that is no longer above the new price is removed.",
				Action: "/admin/products/bulk", Button: "Change prices by " + pct, Cancel: back, Hidden: hidden, Safe: true})
		}
		n, err := a.d.Catalog.ChangePrices(ctx, site, ids, bp)
		if msg, bad := fault.AsInvalid(err); bad {
			return done(w, r, back, msg["percent"])
		}
		if err != nil {
			return err
		}
		return done(w, r, back, fmt.Sprintf("Prices of %d %s changed by %s.", n, plural(n, "product", "products"), pct))
	}
	return done(w, r, back, "Choose what to do with the ticked products.")
}

// percentBP reads "10", "-15", "2.5" or "+2,5 %" as basis points.
func percentBP(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.Replace(strings.TrimPrefix(s, "+"), ",", ".", 1)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < -100 || f > 1000 {
		return 0, false
	}
	if f < 0 {
		return int(f*100 - 0.5), true
	}
	return int(f*100 + 0.5), true
}

func formatPercent(bp int) string {
	s := strconv.FormatFloat(float64(bp)/100, 'f', -1, 64) + " %"
	if bp > 0 {
		s = "+" + s
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
