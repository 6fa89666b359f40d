package admin

import (
	"net/http"
	"time"

	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// orderPayments lists an order's payments for its page, and reports
// whether payments can be recorded here.
func (a *Admin) orderPayments(r *http.Request, st *state, o orders.Order, m money, loc *time.Location) ([]paymentView, bool, error) {
	pays, err := a.d.Payments.Payments(r.Context(), st.site.ID, o.ID)
	if err != nil {
		return nil, false, err
	}
	var out []paymentView
	methods, err := a.d.Payments.Methods(r.Context(), st.site.ID)
	if err != nil {
		return nil, false, err
	}
	for _, p := range pays {
		method := p.Method
		if m, ok := payments.Find(methods, p.Method); ok {
			method = m.Name
		}
		out = append(out, paymentView{When: p.CreatedAt.In(loc).Format("2 Jan 2006 15:04"), Method: method,
			Amount: m.Format(p.Amount), Status: p.Status, Note: p.Note})
	}
	return out, true, nil
}

// recordPayment records money received for an order (payments.RecordPayment):
// the full amount due marks it paid, less records a partial payment.
func (a *Admin) recordPayment(w http.ResponseWriter, r *http.Request, st *state) error {
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	m := moneyIn(st.site, o.Currency)
	amount, err := m.Parse(f.Value("amount"))
	switch {
	case err != nil:
		f.Set("amount", m.parseError())
	case amount <= 0:
		f.Set("amount", "Enter the amount received, more than zero.")
	case amount > o.Due():
		f.Set("amount", "That is more than the "+m.Format(o.Due())+" still due.")
	}
	if len([]rune(f.Value("note"))) > 200 {
		f.Set("note", "Use at most 200 characters.")
	}
	if f.HasErrors() {
		return a.renderOrder(w, r, st, http.StatusUnprocessableEntity, o, f)
	}
	updated, err := a.d.Payments.RecordPayment(r.Context(), st.site.ID, o.ID, payments.Received{Amount: amount,
		Method: o.PaymentMethod, Note: f.Value("note"), ActorAccountID: st.account.ID})
	if err != nil {
		if f.Absorb(err) {
			return a.renderOrder(w, r, st, http.StatusUnprocessableEntity, o, f)
		}
		return err
	}
	msg := "Payment of " + m.Format(amount) + " recorded."
	if updated.PaymentStatus == orders.PaymentPaid {
		msg += " The order is paid."
	}
	return done(w, r, orderURL(o.ID)+"#payments", msg)
}
