package admin

import (
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// manualLines is how many product rows the manual order form offers.
const manualLines = 8

// newOrderData is the manual order form: the rows, and the choices of
// countries, delivery and payment.
type newOrderData struct {
	Rows      []int
	Countries []checkout.Country
	Zones     []shipping.Zone
	Methods   []payments.Method
	Key       string
}

// newOrder shows the form with which staff place an order for a customer
// (taken by phone, in the shop, by e-mail): the same checkout.PlaceOrder
// as the storefront's, so stock, prices, taxes, numbers and e-mails are
// the same.
func (a *Admin) newOrder(w http.ResponseWriter, r *http.Request, st *state) error {
	f := &ui.Form{Values: url.Values{"key": {newSubmissionKey()}}}
	return a.renderNewOrder(w, r, st, http.StatusOK, f)
}

func (a *Admin) renderNewOrder(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	ctx := r.Context()
	zones, err := a.d.Shipping.Zones(ctx, st.site.ID)
	if err != nil {
		return err
	}
	all, err := a.d.Payments.Methods(ctx, st.site.ID)
	if err != nil {
		return err
	}
	var methods []payments.Method
	for _, m := range all {
		if m.Enabled {
			methods = append(methods, m)
		}
	}
	d := newOrderData{Countries: checkout.Countries(), Zones: zones, Methods: methods, Key: f.Value("key")}
	for i := range manualLines {
		d.Rows = append(d.Rows, i)
	}
	return a.render(w, r, status, "order_new.html", "New order", f, d)
}

// placeOrder reads the rows (a SKU and a quantity each), places the order
// and opens it; every problem comes back on the form with what was typed.
func (a *Admin) placeOrder(w http.ResponseWriter, r *http.Request, st *state) error {
	ctx := r.Context()
	f := ui.NewForm(r)
	var items []cart.Item
	seen := map[int64]int{}
	for i := range manualLines {
		sku, qtyText := strings.TrimSpace(f.Value(fmt.Sprintf("sku%d", i))), strings.TrimSpace(f.Value(fmt.Sprintf("qty%d", i)))
		if sku == "" && (qtyText == "" || qtyText == "1") {
			continue
		}
		field := fmt.Sprintf("sku%d", i)
		v, err := a.d.Catalog.VariantBySKU(ctx, st.site.ID, sku)
		if errors.Is(err, catalog.ErrVariantNotFound) || sku == "" {
			f.Set(field, "No product of this shop has this SKU.")
			continue
		}
		if err != nil {
			return err
		}
		qty, err := strconv.Atoi(cmp.Or(qtyText, "1"))
		if err != nil || qty < 1 || qty > cart.MaxQty {
			f.Set(fmt.Sprintf("qty%d", i), fmt.Sprintf("Enter a number from 1 to %d.", cart.MaxQty))
			continue
		}
		if at, ok := seen[v.ID]; ok {
			items[at].Qty += qty
			continue
		}
		seen[v.ID] = len(items)
		items = append(items, cart.Item{VariantID: v.ID, Qty: qty})
	}
	if len(items) == 0 && !f.HasErrors() {
		f.Set("sku0", "Add at least one product by its SKU.")
	}
	shipID, _ := strconv.ParseInt(f.Value("shipping_method"), 10, 64)
	in := checkout.PlaceInput{SubmissionKey: f.Value("key"), Email: f.Value("email"), Phone: f.Value("phone"),
		Billing: orders.Address{Name: f.Value("billing_name"), Company: f.Value("billing_company"), Line1: f.Value("billing_line1"),
			Line2: f.Value("billing_line2"), City: f.Value("billing_city"), Postcode: f.Value("billing_postcode"),
			Country: f.Value("billing_country"), Phone: f.Value("phone")},
		ShippingMethodID: shipID, PaymentMethod: f.Value("payment_method"), Note: f.Value("note"),
		// The customer agreed with the staff member taking the order.
		AcceptTerms: true, Items: items, Source: orders.SourceAdmin, ActorAccountID: st.account.ID}
	if f.HasErrors() {
		// The products could not all be read: the customer's details are
		// still checked, so that one answer lists every problem.
		_, err := checkout.CheckDetails(in.Email, in.Phone, in.Billing, orders.Address{})
		f.Absorb(err)
	} else {
		o, err := a.d.Checkout.PlaceOrder(ctx, st.site.ID, in)
		var sold *checkout.SoldOutError
		switch {
		case errors.As(err, &sold):
			f.Set("sku0", sold.Error())
		case err == nil:
			ui.SetFlash(w, r, "Order "+o.Number+" placed.")
			http.Redirect(w, r, fmt.Sprintf("/admin/orders/%d", o.ID), http.StatusSeeOther)
			return nil
		case !f.Absorb(err):
			return err
		}
	}
	return a.renderNewOrder(w, r, st, http.StatusUnprocessableEntity, f)
}

// newSubmissionKey is the form's idempotency key: a second submission of
// the same form opens the order the first one placed.
func newSubmissionKey() string { return "admin-" + rand.Text() }
