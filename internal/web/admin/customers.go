package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/web/ui"
)

type customerRow struct {
	ID          int64
	Name, Email string
	Orders      int
	Spent       string
	Since       string
	HasPassword bool
}

type customersData struct {
	Rows  []customerRow
	Query string
	Next  string
	First string
}

func (a *Admin) listCustomers(w http.ResponseWriter, r *http.Request, st *state) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, next, err := a.d.Customers.List(r.Context(), st.site.ID, q, before, 50)
	if err != nil {
		return err
	}
	loc := siteLocation(st.site)
	d := customersData{Query: q}
	for _, c := range list {
		row := customerRow{ID: c.ID, Name: c.Name, Email: c.Email, Orders: c.Orders, Since: c.CreatedAt.In(loc).Format("2 Jan 2006"),
			HasPassword: c.HasPassword}
		if c.Orders > 0 {
			row.Spent = moneyIn(st.site, c.Currency).Format(c.Spent)
		}
		d.Rows = append(d.Rows, row)
	}
	base := url.Values{}
	if q != "" {
		base.Set("q", q)
	}
	if next != 0 {
		nq := url.Values{"before": {strconv.FormatInt(next, 10)}}
		if q != "" {
			nq.Set("q", q)
		}
		d.Next = "/admin/customers?" + nq.Encode()
	}
	if before != 0 {
		d.First = "/admin/customers"
		if q != "" {
			d.First += "?" + base.Encode()
		}
	}
	return a.render(w, r, http.StatusOK, "customers.html", "Customers", nil, d)
}

type customerData struct {
	Customer  customers.Customer
	Since     string
	Orders    []orderRow
	MoreURL   string
	Count     int
	Spent     string
	Last      string
	Addresses [][]string
}

func (a *Admin) findCustomer(r *http.Request, st *state) (customers.Customer, error) {
	id, err := pathID(r)
	if err != nil {
		return customers.Customer{}, err
	}
	return a.d.Customers.Get(r.Context(), st.site.ID, id)
}

func (a *Admin) customerPage(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCustomer(r, st)
	if err != nil {
		return err
	}
	return a.renderCustomer(w, r, st, http.StatusOK, c, &ui.Form{Values: url.Values{"note": {c.Note}}})
}

func (a *Admin) renderCustomer(w http.ResponseWriter, r *http.Request, st *state, status int, c customers.Customer, f *ui.Form) error {
	ctx := r.Context()
	loc := siteLocation(st.site)
	list, next, err := a.d.Orders.ListOrders(ctx, st.site.ID, orders.Filter{CustomerID: c.ID, Limit: 20})
	if err != nil {
		return err
	}
	sts, err := a.d.Orders.Statuses(ctx, st.site.ID)
	if err != nil {
		return err
	}
	totals, err := a.d.Orders.TotalsOf(ctx, st.site.ID, c.ID)
	if err != nil {
		return err
	}
	d := customerData{Customer: c, Since: c.CreatedAt.In(loc).Format("2 January 2006"), Count: totals.Orders}
	if totals.Orders > 0 {
		d.Spent = moneyIn(st.site, totals.Currency).Format(totals.Spent)
		d.Last = totals.Last.In(loc).Format("2 Jan 2006")
	}
	for _, o := range list {
		d.Orders = append(d.Orders, orderRow{ID: o.ID, Number: o.Number, Date: o.CreatedAt.In(loc).Format("2 Jan 2006"),
			Status: statusOf(sts, o.Status), Payment: o.PaymentStatus, Total: moneyIn(st.site, o.Currency).Format(o.Total)})
	}
	if next != 0 {
		d.MoreURL = "/admin/orders?q=" + url.QueryEscape(c.Email)
	}
	addrs, err := a.d.Customers.Addresses(ctx, st.site.ID, c.ID)
	if err != nil {
		return err
	}
	for _, ad := range addrs {
		d.Addresses = append(d.Addresses, addressLines(ad.Address))
	}
	title := c.Name
	if title == "" {
		title = c.Email
	}
	return a.render(w, r, status, "customer.html", title, f, d)
}

func customerURL(id int64) string { return "/admin/customers/" + strconv.FormatInt(id, 10) }

func (a *Admin) saveCustomerNote(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCustomer(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	if err := a.d.Customers.SetNote(r.Context(), st.site.ID, c.ID, f.Raw("note")); err != nil {
		if f.Absorb(err) {
			return a.renderCustomer(w, r, st, http.StatusUnprocessableEntity, c, f)
		}
		return err
	}
	return done(w, r, customerURL(c.ID)+"#note", "Note saved.")
}

// exportCustomer downloads everything the shop keeps about a customer as
// JSON, for the customer's data access request.
func (a *Admin) exportCustomer(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCustomer(r, st)
	if err != nil {
		return err
	}
	exp, err := a.d.Customers.ExportData(r.Context(), st.site.ID, c.ID, st.site.Title, a.d.Orders)
	if err != nil {
		return err
	}
	body, err := customers.MarshalExport(exp)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="customer-`+strconv.FormatInt(c.ID, 10)+`.json"`)
	_, err = w.Write(body)
	return err
}

func (a *Admin) confirmDeleteCustomer(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCustomer(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete " + c.Email + "'s data?",
		Message: "Their account, saved addresses and cart are deleted, and their orders (also those placed as a guest with " + c.Email +
			") lose the name, e-mail address, phone, street addresses and notes. What was sold, the amounts, payments and issued invoices stay, " +
			"as accounting records must. This cannot be undone: download their data first if they asked for it.",
		Action: customerURL(c.ID) + "/delete", Button: "Delete their data", Cancel: customerURL(c.ID)})
}

func (a *Admin) deleteCustomer(w http.ResponseWriter, r *http.Request, st *state) error {
	c, err := a.findCustomer(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeleteCustomer(w, r, st)
	}
	n, err := a.d.Customers.Erase(r.Context(), st.site.ID, c.ID, st.account.ID)
	if err != nil {
		return err
	}
	return done(w, r, "/admin/customers", "The customer's data is deleted; "+strconv.Itoa(n)+" of their orders are anonymised.")
}
