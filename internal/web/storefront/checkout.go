package storefront

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// checkoutState is what the shopper answered so far, kept with the cart so
// that every step works without a script and survives a reload.
type checkoutState struct {
	Email      string         `json:"email,omitempty"`
	Phone      string         `json:"phone,omitempty"`
	Billing    orders.Address `json:"billing"`
	Shipping   orders.Address `json:"shipping"`
	Same       bool           `json:"same,omitempty"`
	ShippingID int64          `json:"shipping_id,omitempty"`
	Payment    string         `json:"payment,omitempty"`
	Note       string         `json:"note,omitempty"`
	// Key is the review form's submission key: the same for every reload
	// of the review, so that submitting twice places one order.
	Key string `json:"key,omitempty"`
}

func stateOf(c cart.Cart) checkoutState {
	var st checkoutState
	if c.Checkout != "" {
		_ = json.Unmarshal([]byte(c.Checkout), &st)
	}
	return st
}

func (s *Storefront) saveState(r *http.Request, site sites.Site, c cart.Cart, st checkoutState) error {
	b, _ := json.Marshal(st)
	return s.d.Carts.SaveCheckout(r.Context(), site.ID, c.ID, string(b))
}

// checkoutCart is the visitor's cart with its lines, or a redirect to the
// cart page when it is empty (ok false).
func (s *Storefront) checkoutCart(w http.ResponseWriter, r *http.Request, site sites.Site) (cart.Cart, []cart.Line, bool, error) {
	ct, ok, err := s.cartOf(w, r, site, false)
	if err != nil || !ok {
		if err == nil {
			http.Redirect(w, r, "/cart", http.StatusSeeOther)
		}
		return cart.Cart{}, nil, false, err
	}
	lines, err := s.d.Carts.Lines(r.Context(), site.ID, ct.ID)
	if err != nil {
		return cart.Cart{}, nil, false, err
	}
	if len(lines) == 0 {
		http.Redirect(w, r, "/cart", http.StatusSeeOther)
		return cart.Cart{}, nil, false, nil
	}
	return ct, lines, true, nil
}

var stepNames = []struct{ step, label string }{{"details", "Details"}, {"delivery", "Delivery & payment"}, {"review", "Review"}}

func steps(current string) []themes.Step {
	var out []themes.Step
	done := true
	for i, sn := range stepNames {
		if sn.step == current {
			done = false
		}
		out = append(out, themes.Step{Number: i + 1, Label: sn.label, URL: "/checkout/" + sn.step, Current: sn.step == current, Done: done})
	}
	return out
}

// summary writes a quote's money for the page.
func summary(qt checkout.Quote, m money) themes.Summary {
	sum := themes.Summary{Subtotal: m.format(qt.LinesTotal, qt.Currency), Total: m.format(qt.Total, qt.Currency), TaxLabel: "Including tax"}
	if !qt.PricesIncludeTax {
		sum.Subtotal, sum.TaxLabel = m.format(qt.Subtotal, qt.Currency), "Tax"
	}
	for _, l := range qt.Lines {
		total := l.Total
		if !qt.PricesIncludeTax {
			total = l.Subtotal
		}
		sum.Lines = append(sum.Lines, themes.SummaryLine{Title: l.Title, VariantTitle: l.VariantTitle, Qty: l.Qty,
			UnitPrice: m.format(l.UnitPrice, qt.Currency), Total: m.format(total, qt.Currency)})
	}
	if qt.Shipping != nil {
		sum.Shipping = m.format(qt.ShippingTotal, qt.Currency)
		if !qt.PricesIncludeTax {
			sum.Shipping = m.format(qt.Shipping.Price, qt.Currency)
		}
		if qt.Shipping.Price == 0 {
			sum.Shipping = "Free"
		}
	}
	if qt.PaymentFee != 0 {
		sum.Fee = m.format(qt.PaymentFee, qt.Currency)
	}
	if qt.TaxTotal != 0 {
		sum.Tax = m.format(qt.TaxTotal, qt.Currency)
	}
	return sum
}

// checkoutStart sends the shopper to the first step.
func (s *Storefront) checkoutStart(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/checkout/details", http.StatusSeeOther)
	return nil
}

// checkoutDetails shows the contact and address step.
func (s *Storefront) checkoutDetails(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	ct, lines, ok, err := s.checkoutCart(w, r, site)
	if err != nil || !ok {
		return err
	}
	st := stateOf(ct)
	cust, loggedIn := s.customer(r, site)
	if loggedIn && st.Email == "" {
		st.Email = cust.Email
		if st.Billing.Empty() {
			st.Billing.Name = cust.Name
			if saved, err := s.d.Customers.Addresses(r.Context(), site.ID, cust.ID); err == nil && len(saved) > 0 {
				st.Billing = saved[0].Address
			}
		}
		st.Same = true
	}
	if st.Email == "" && st.Billing.Empty() {
		st.Same = true
	}
	return s.showDetails(w, r, site, lines, st, cust.Email, nil, http.StatusOK)
}

func (s *Storefront) showDetails(w http.ResponseWriter, r *http.Request, site sites.Site, lines []cart.Line, st checkoutState, customer string, errs map[string]string, status int) error {
	qt, err := s.d.Checkout.Quote(r.Context(), site.ID, lines, checkout.Choice{Country: st.Shipping.Country})
	if err != nil {
		return err
	}
	shipTo := st.Shipping
	if st.Same {
		shipTo = orders.Address{}
	}
	cv := &themes.CheckoutView{Step: "details", Steps: steps("details"), Customer: customer,
		Email: themes.Field{Value: st.Email, Error: errs["email"]}, Phone: themes.Field{Value: st.Phone, Error: errs["phone"]},
		Billing: addressForm("billing_", st.Billing, errs), Shipping: addressForm("shipping_", shipTo, errs), SameAddress: st.Same,
		Summary: summary(qt, newMoney(site.Language))}
	if len(errs) > 0 {
		cv.Error = "Please correct the fields marked below."
	}
	return s.renderCommerce(w, r, site, "Checkout", themes.Commerce{Checkout: cv}, status)
}

// saveDetails checks and keeps the first step's answers.
func (s *Storefront) saveDetails(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	ct, lines, ok, err := s.checkoutCart(w, r, site)
	if err != nil || !ok {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	st := stateOf(ct)
	st.Email, st.Phone = strings.TrimSpace(r.PostFormValue("email")), strings.TrimSpace(r.PostFormValue("phone"))
	st.Billing = addressFromForm(r, "billing_")
	st.Same = r.PostFormValue("same_address") != ""
	st.Shipping = addressFromForm(r, "shipping_")
	if st.Same {
		st.Shipping = orders.Address{}
	}
	in, err := checkout.CheckDetails(st.Email, st.Phone, st.Billing, st.Shipping)
	if fields, bad := fault.AsInvalid(err); bad {
		cust, _ := s.customer(r, site)
		return s.showDetails(w, r, site, lines, st, cust.Email, fields, http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	st.Email, st.Phone, st.Billing, st.Shipping = in.Email, in.Phone, in.Billing, in.Shipping
	st.Key = ""
	if err := s.saveState(r, site, ct, st); err != nil {
		return err
	}
	http.Redirect(w, r, "/checkout/delivery", http.StatusSeeOther)
	return nil
}

// checkoutDelivery shows the shipping and payment step.
func (s *Storefront) checkoutDelivery(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	ct, lines, ok, err := s.checkoutCart(w, r, site)
	if err != nil || !ok {
		return err
	}
	st := stateOf(ct)
	if st.Email == "" {
		http.Redirect(w, r, "/checkout/details", http.StatusSeeOther)
		return nil
	}
	return s.showDelivery(w, r, site, lines, st, nil, http.StatusOK)
}

func (s *Storefront) showDelivery(w http.ResponseWriter, r *http.Request, site sites.Site, lines []cart.Line, st checkoutState, errs map[string]string, status int) error {
	qt, err := s.d.Checkout.Quote(r.Context(), site.ID, lines, checkout.Choice{Country: st.Shipping.Country, ShippingMethodID: st.ShippingID, PaymentMethod: st.Payment})
	if err != nil {
		return err
	}
	m := newMoney(site.Language)
	cv := &themes.CheckoutView{Step: "delivery", Steps: steps("delivery"), Note: themes.Field{Value: st.Note, Error: errs["note"]},
		ShippingError: errs["shipping_method"], PaymentError: errs["payment_method"], Summary: summary(qt, m)}
	if len(qt.ShippingOptions) == 0 && errs["shipping_method"] == "" {
		cv.ShippingError = ""
	}
	for i, o := range qt.ShippingOptions {
		price := m.format(o.Price, qt.Currency)
		if o.Price == 0 {
			price = "Free"
		}
		checked := o.MethodID == st.ShippingID || st.ShippingID == 0 && i == 0
		cv.ShippingChoices = append(cv.ShippingChoices, themes.Choice{Value: strconv.FormatInt(o.MethodID, 10), Label: o.Name, Price: price, Checked: checked})
	}
	for i, pm := range qt.PaymentMethods {
		price := ""
		if pm.Fee > 0 {
			price = "+ " + m.format(pm.Fee, qt.Currency)
		}
		cv.PaymentChoices = append(cv.PaymentChoices, themes.Choice{Value: pm.Code, Label: pm.Name, Price: price, Detail: pm.Instructions,
			Checked: pm.Code == st.Payment || st.Payment == "" && i == 0})
	}
	if len(errs) > 0 {
		cv.Error = "Please choose how your order is delivered and paid."
	}
	return s.renderCommerce(w, r, site, "Checkout", themes.Commerce{Checkout: cv}, status)
}

// saveDelivery keeps the chosen shipping and payment methods and the note.
func (s *Storefront) saveDelivery(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	ct, lines, ok, err := s.checkoutCart(w, r, site)
	if err != nil || !ok {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	st := stateOf(ct)
	st.ShippingID = formInt(r, "shipping")
	st.Payment = r.PostFormValue("payment")
	st.Note = strings.TrimSpace(r.PostFormValue("note"))
	qt, err := s.d.Checkout.Quote(r.Context(), site.ID, lines, checkout.Choice{Country: st.Shipping.Country, ShippingMethodID: st.ShippingID, PaymentMethod: st.Payment})
	if err != nil {
		return err
	}
	errs := map[string]string{}
	if qt.Shipping == nil && len(qt.ShippingOptions) > 0 {
		errs["shipping_method"] = "Choose how your order is delivered."
	}
	if qt.Payment == nil {
		errs["payment_method"] = "Choose how you want to pay."
	}
	if len(st.Note) > 2000 {
		errs["note"] = "Use at most 2,000 characters."
	}
	if len(errs) > 0 {
		return s.showDelivery(w, r, site, lines, st, errs, http.StatusUnprocessableEntity)
	}
	st.Key = ""
	if err := s.saveState(r, site, ct, st); err != nil {
		return err
	}
	http.Redirect(w, r, "/checkout/review", http.StatusSeeOther)
	return nil
}

// checkoutReview shows everything with the terms and the button that
// places the order.
func (s *Storefront) checkoutReview(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	ct, lines, ok, err := s.checkoutCart(w, r, site)
	if err != nil || !ok {
		return err
	}
	st := stateOf(ct)
	if st.Email == "" {
		http.Redirect(w, r, "/checkout/details", http.StatusSeeOther)
		return nil
	}
	if st.Key == "" {
		st.Key = checkout.NewSubmissionKey()
		if err := s.saveState(r, site, ct, st); err != nil {
			return err
		}
	}
	return s.showReview(w, r, site, lines, st, "", "", http.StatusOK)
}

func (s *Storefront) showReview(w http.ResponseWriter, r *http.Request, site sites.Site, lines []cart.Line, st checkoutState, problem, termsError string, status int) error {
	qt, err := s.d.Checkout.Quote(r.Context(), site.ID, lines, checkout.Choice{Country: st.Shipping.Country, ShippingMethodID: st.ShippingID, PaymentMethod: st.Payment})
	if err != nil {
		return err
	}
	if qt.Payment == nil || qt.Shipping == nil && len(qt.ShippingOptions) > 0 {
		http.Redirect(w, r, "/checkout/delivery", http.StatusSeeOther)
		return nil
	}
	cv := &themes.CheckoutView{Step: "review", Steps: steps("review"), Error: problem, TermsError: termsError,
		Email: themes.Field{Value: st.Email}, Phone: themes.Field{Value: st.Phone}, Note: themes.Field{Value: st.Note},
		BillingLines: addressLines(st.Billing), ShippingLines: addressLines(st.Shipping), PaymentName: qt.Payment.Name,
		Terms: qt.Settings.TermsText(), SubmissionKey: st.Key, Summary: summary(qt, newMoney(site.Language))}
	if qt.Shipping != nil {
		cv.ShippingName = qt.Shipping.Name
	}
	return s.renderCommerce(w, r, site, "Checkout", themes.Commerce{Checkout: cv}, status)
}

// placeOrder is the review's button: one call of checkout.PlaceOrder.
func (s *Storefront) placeOrder(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	key := r.PostFormValue("key")
	// A second submission of a form that already placed its order (the
	// cart is gone by now) lands on that order.
	if len(key) >= 16 {
		if o, err := s.d.Orders.BySubmissionKey(ctx, site.ID, key); err == nil {
			return s.afterPlaced(w, r, site, o)
		}
	}
	ct, lines, ok, err := s.checkoutCart(w, r, site)
	if err != nil || !ok {
		return err
	}
	st := stateOf(ct)
	if key == "" || key != st.Key {
		return s.showReview(w, r, site, lines, st, "Your cart or details changed since this page was opened. Check them and place the order again.", "", http.StatusConflict)
	}
	cust, loggedIn := s.customer(r, site)
	items := make([]cart.Item, len(lines))
	for i, l := range lines {
		items[i] = l.Item
	}
	in := checkout.PlaceInput{SubmissionKey: key, CustomerID: cust.ID, Email: st.Email, Phone: st.Phone, Billing: st.Billing,
		Shipping: st.Shipping, ShippingMethodID: st.ShippingID, PaymentMethod: st.Payment, Note: st.Note,
		AcceptTerms: r.PostFormValue("terms") != "", Items: items, CartID: ct.ID, Source: orders.SourceStorefront}
	o, err := s.d.Checkout.PlaceOrder(ctx, site.ID, in)
	var sold *checkout.SoldOutError
	if errors.As(err, &sold) {
		return s.showCart(w, r, "", sold.Error(), http.StatusConflict)
	}
	if fields, bad := fault.AsInvalid(err); bad {
		if fields["terms"] != "" && len(fields) == 1 {
			return s.showReview(w, r, site, lines, st, "", fields["terms"], http.StatusUnprocessableEntity)
		}
		msg := "Please check your order: "
		for _, m := range fields {
			msg += m + " "
		}
		return s.showReview(w, r, site, lines, st, strings.TrimSpace(msg), "", http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	if loggedIn {
		// The address book learns the delivery address; an order placed is
		// not undone by a failure here.
		if err := s.d.Customers.SaveAddress(ctx, site.ID, cust.ID, st.Shipping); err != nil && !errors.Is(err, customers.ErrNotFound) {
			s.d.Logger.Warn("save customer address", "site", site.ID, "err", err)
		}
	}
	return s.afterPlaced(w, r, site, o)
}

// afterPlaced sends the shopper on: to the card payment page for an
// unpaid card order, else to the order's page.
func (s *Storefront) afterPlaced(w http.ResponseWriter, r *http.Request, site sites.Site, o orders.Order) error {
	if o.PaymentMethod == payments.CardTest && o.Due() > 0 {
		token, err := s.d.Payments.StartCard(r.Context(), site.ID, o.ID)
		if err == nil {
			http.Redirect(w, r, "/checkout/pay/test/"+token, http.StatusSeeOther)
			return nil
		}
		if !errors.Is(err, fault.ErrConflict) {
			return err
		}
	}
	http.Redirect(w, r, "/orders/"+o.Token+"?placed=1", http.StatusSeeOther)
	return nil
}
