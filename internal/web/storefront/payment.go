package storefront

import (
	"errors"
	"io"
	"net/http"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/themes"
)

// The built-in test card provider: its hosted page, where the shopper
// picks the outcome, and the callback endpoint that a provider posts its
// signed answer to. Both live on the site's own host and act on that site
// only.

// testPayPage serves /checkout/pay/test/{token}.
func (s *Storefront) testPayPage(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	token := r.PathValue("token")
	h, err := s.d.Payments.HostedPayment(r.Context(), site.ID, token)
	if errors.Is(err, payments.ErrPaymentNotFound) {
		return s.notFound(w, r)
	}
	if err != nil {
		return err
	}
	title := site.Title
	if title == "" {
		title = site.Name
	}
	pv := &themes.PaymentPageView{Shop: title, OrderNumber: h.OrderNumber, Amount: newMoney(site.Language).format(h.Amount, h.Currency),
		Action: "/checkout/pay/test/" + token, Done: h.Payment.Status != payments.StatusPending, Status: h.Payment.Status,
		BackURL: "/orders/" + h.OrderToken}
	return s.renderCommerce(w, r, site, "Test payment", themes.Commerce{Payment: pv}, http.StatusOK)
}

// testPayDecide takes the shopper's choice on the test page; the provider
// then calls the shop back (signed) and the shopper returns to the order.
func (s *Storefront) testPayDecide(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	outcome := r.PostFormValue("outcome")
	switch outcome {
	case payments.OutcomeSuccess, payments.OutcomeFailure, payments.OutcomeCancel:
	default:
		return fault.Invalidf("outcome", "Choose one of the buttons.")
	}
	orderToken, err := s.d.Payments.Decide(r.Context(), site.ID, r.PathValue("token"), outcome)
	if errors.Is(err, payments.ErrPaymentNotFound) {
		return s.notFound(w, r)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/orders/"+orderToken+"?payment="+outcome, http.StatusSeeOther)
	return nil
}

// testPayCallback receives a provider's signed callback: the body is JSON
// (payments.Callback), X-Pagecart-Signature its hex HMAC-SHA256 with the
// site's secret.
func (s *Storefront) testPayCallback(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return fault.Invalidf("body", "The callback could not be read.")
	}
	p, err := s.d.Payments.HandleCallback(r.Context(), site.ID, body, r.Header.Get("X-Pagecart-Signature"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = io.WriteString(w, `{"status":"`+p.Status+`"}`)
	return err
}
