package storefront

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// orderPage serves /orders/{token}: the order's own page, reached only by
// its unguessable address (from the confirmation e-mail or the account).
func (s *Storefront) orderPage(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	o, err := s.d.Orders.ByToken(r.Context(), site.ID, r.PathValue("token"))
	if errors.Is(err, orders.ErrNotFound) {
		return s.notFound(w, r)
	}
	if err != nil {
		return err
	}
	return s.showOrder(w, r, site, o, nil, http.StatusOK)
}

var paymentMessages = map[string]string{
	"success": "Your payment was received. Thank you!",
	"failure": "The card payment did not go through. You can try again below.",
	"cancel":  "The card payment was cancelled. You can pay below when you are ready.",
}

func (s *Storefront) showOrder(w http.ResponseWriter, r *http.Request, site sites.Site, o orders.Order, accountErrs map[string]string, status int) error {
	ctx := r.Context()
	statuses, err := s.d.Orders.Statuses(ctx, site.ID)
	if err != nil {
		return err
	}
	methods, err := s.d.Payments.Methods(ctx, site.ID)
	if err != nil {
		return err
	}
	events, err := s.d.Orders.Timeline(ctx, site.ID, o.ID, true)
	if err != nil {
		return err
	}
	m := newMoney(site.Language)
	loc := siteLocation(site)
	q := checkout.Quote{Currency: o.Currency, PricesIncludeTax: o.PricesIncludeTax, Lines: o.Lines, Subtotal: o.Subtotal,
		ShippingTotal: o.ShippingTotal, PaymentFee: o.PaymentFee, TaxTotal: o.TaxTotal, Total: o.Total}
	for _, l := range o.Lines {
		q.LinesTotal += l.Total
	}
	sum := summary(q, m)
	if o.ShippingName != "" {
		sum.Shipping = m.format(o.ShippingTotal, o.Currency)
		if !o.PricesIncludeTax {
			sum.Shipping = m.format(o.ShippingTotal-o.ShippingTax, o.Currency)
		}
		if o.ShippingTotal == 0 {
			sum.Shipping = "Free"
		}
	}
	ov := &themes.OrderView{Number: o.Number, Date: o.CreatedAt.In(loc).Format("2 January 2006, 15:04"),
		Status: orders.StatusName(statuses, o.Status), PaymentStatus: paymentWords[o.PaymentStatus],
		JustPlaced: r.URL.Query().Get("placed") != "", Email: o.Email, Summary: sum,
		BillingLines: addressLines(o.Billing), ShippingLines: addressLines(o.Shipping), ShippingName: o.ShippingName,
		PaymentName: o.PaymentName, Note: o.Note, PaymentMessage: paymentMessages[r.URL.Query().Get("payment")]}
	if o.Due() > 0 && o.CancelledAt.IsZero() {
		ov.Due = m.format(o.Due(), o.Currency)
		if pm, ok := payments.Find(methods, o.PaymentMethod); ok {
			ov.Instructions = pm.Instructions
			if pm.Code == payments.BankTransfer {
				ov.PaymentReference = o.PaymentReference
				for _, l := range strings.Split(strings.TrimSpace(pm.Details), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						ov.BankDetails = append(ov.BankDetails, l)
					}
				}
				if len(ov.BankDetails) == 0 {
					ov.BankDetails = []string{"The shop sends you its bank account by e-mail."}
				}
			}
			if pm.IsCard() && pm.Enabled {
				ov.PayAction = "/orders/" + o.Token + "/pay"
			}
		}
	}
	for _, e := range events {
		ov.Timeline = append(ov.Timeline, themes.TimelineEntry{When: e.At.In(loc).Format("2 Jan 2006, 15:04"), Text: e.Message})
	}
	if _, loggedIn := s.customer(r, site); o.CustomerID == 0 && !loggedIn {
		ov.OfferAccount, ov.AccountAction, ov.AccountError = true, "/orders/"+o.Token+"/account", accountErrs
	}
	return s.renderCommerce(w, r, site, "Order "+o.Number, themes.Commerce{Order: ov}, status)
}

var paymentWords = map[string]string{
	orders.PaymentUnpaid:   "Not paid yet",
	orders.PaymentPartial:  "Partly paid",
	orders.PaymentPaid:     "Paid",
	orders.PaymentRefunded: "Refunded",
}

// siteLocation is the site's time zone for showing times.
func siteLocation(site sites.Site) *time.Location {
	if loc, err := time.LoadLocation(site.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// payOrder starts a card payment of an order: POST /orders/{token}/pay.
func (s *Storefront) payOrder(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	o, err := s.d.Orders.ByToken(r.Context(), site.ID, r.PathValue("token"))
	if errors.Is(err, orders.ErrNotFound) {
		return s.notFound(w, r)
	}
	if err != nil {
		return err
	}
	token, err := s.d.Payments.StartCard(r.Context(), site.ID, o.ID)
	if errors.Is(err, fault.ErrConflict) {
		http.Redirect(w, r, "/orders/"+o.Token, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/checkout/pay/test/"+token, http.StatusSeeOther)
	return nil
}

// orderAccount creates an account for a guest's order: POST
// /orders/{token}/account with a password.
func (s *Storefront) orderAccount(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	o, err := s.d.Orders.ByToken(r.Context(), site.ID, r.PathValue("token"))
	if errors.Is(err, orders.ErrNotFound) {
		return s.notFound(w, r)
	}
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	_, token, err := s.d.Customers.Register(r.Context(), site.ID, o.Email, r.PostFormValue("password"), o.CustomerName, o.Token)
	if fields, bad := fault.AsInvalid(err); bad {
		return s.showOrder(w, r, site, o, fields, http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	s.setCookie(w, customerCookie, token, 30*24*3600)
	http.Redirect(w, r, "/account?welcome=1", http.StatusSeeOther)
	return nil
}
