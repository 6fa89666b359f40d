package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// permOrders is who may see and handle orders, invoices, customers and
// the order e-mails: they hold customers' personal data and money, so
// owners and managers, not content editors.
const permOrders = accounts.PermSettings

// moneyIn formats amounts of an order's currency as the site's language
// writes them.
func moneyIn(s sites.Site, code string) money {
	m := siteMoney(s)
	if currency.IsValid(code) && code != m.code {
		m.code = code
		m.digits, _ = currency.GetDigits(code)
	}
	return m
}

// siteLocation is the site's time zone, in which dates are shown and the
// date filters are read.
func siteLocation(s sites.Site) *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil || s.TimeZone == "" {
		return time.UTC
	}
	return loc
}

// statusView is a status with what the list and badges need.
type statusView struct {
	orders.Status
	Count int
}

type orderRow struct {
	ID                int64
	Number            string
	Date              string
	Customer, Email   string
	Status            orders.Status
	Payment, PayLabel string
	Total             string
	Cancelled         bool
}

type ordersData struct {
	Rows     []orderRow
	Statuses []orders.Status
	Payments []string
	Filter   url.Values
	Filtered bool
	Next     string
	First    string
}

// statusOf finds a status by code; an unknown code shows as itself.
func statusOf(sts []orders.Status, code string) orders.Status {
	for _, s := range sts {
		if s.Code == code {
			return s
		}
	}
	return orders.Status{Code: code, Name: code}
}

// orderFilter reads the list's filters from the query. Dates are whole
// days in the site's time zone; an unreadable one is ignored and shown
// as typed.
func orderFilter(q url.Values, loc *time.Location) orders.Filter {
	f := orders.Filter{Status: q.Get("status"), Payment: q.Get("payment"), Query: strings.TrimSpace(q.Get("q"))}
	if d, err := time.ParseInLocation("2006-01-02", q.Get("from"), loc); err == nil {
		f.From = d
	}
	if d, err := time.ParseInLocation("2006-01-02", q.Get("to"), loc); err == nil {
		f.To = d.AddDate(0, 0, 1)
	}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	return f
}

func (a *Admin) listOrders(w http.ResponseWriter, r *http.Request, st *state) error {
	ctx := r.Context()
	loc := siteLocation(st.site)
	q := r.URL.Query()
	f := orderFilter(q, loc)
	list, next, err := a.d.Orders.ListOrders(ctx, st.site.ID, f)
	if err != nil {
		return err
	}
	sts, err := a.d.Orders.Statuses(ctx, st.site.ID)
	if err != nil {
		return err
	}
	d := ordersData{Statuses: sts, Payments: orders.PaymentStates(), Filter: url.Values{}}
	for _, k := range []string{"status", "payment", "from", "to", "q"} {
		if v := q.Get(k); v != "" {
			d.Filter.Set(k, v)
			d.Filtered = true
		}
	}
	for _, o := range list {
		d.Rows = append(d.Rows, orderRow{ID: o.ID, Number: o.Number, Date: o.CreatedAt.In(loc).Format("2 Jan 2006 15:04"),
			Customer: o.CustomerName, Email: o.Email, Status: statusOf(sts, o.Status), Payment: o.PaymentStatus,
			PayLabel: orders.PaymentLabel(o.PaymentStatus), Total: moneyIn(st.site, o.Currency).Format(o.Total),
			Cancelled: !o.CancelledAt.IsZero()})
	}
	if next != 0 {
		nq := url.Values{}
		for k, v := range d.Filter {
			nq[k] = v
		}
		nq.Set("before", strconv.FormatInt(next, 10))
		d.Next = "/admin/orders?" + nq.Encode()
	}
	if f.Before != 0 {
		d.First = "/admin/orders"
		if len(d.Filter) > 0 {
			d.First += "?" + d.Filter.Encode()
		}
	}
	return a.render(w, r, http.StatusOK, "orders.html", "Orders", nil, d)
}

// orderData is the order page.
type orderData struct {
	Order      orders.Order
	Created    string
	Status     orders.Status
	Statuses   []orders.Status
	PayLabel   string
	Lines      []lineView
	Totals     [][2]string
	Paid, Due  string
	Total      string
	DueInput   string
	Payments   []paymentView
	Timeline   []eventView
	Invoices   []invoiceRow
	CanProForm bool
	CanFinal   bool
	Billing    []string
	Shipping   []string
	Cancelled  bool
	HasPayment bool
}

type lineView struct {
	Name, SKU   string
	Qty         int
	Unit, Total string
	Rate        string
}

type paymentView struct {
	When, Method, Amount, Status, Note string
}

type eventView struct {
	When, Message string
	Public        bool
}

type invoiceRow struct {
	ID     int64
	Title  string
	Number string
	Date   string
	Total  string
}

// addressLines writes an address as the lines of an envelope.
func addressLines(ad orders.Address) []string {
	var out []string
	for _, s := range []string{ad.Name, ad.Company, ad.Line1, ad.Line2, strings.TrimSpace(ad.Postcode + " " + ad.City), ad.Region, ad.Country, ad.Phone} {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (a *Admin) findOrder(r *http.Request, st *state) (orders.Order, error) {
	id, err := pathID(r)
	if err != nil {
		return orders.Order{}, err
	}
	return a.d.Orders.Get(r.Context(), st.site.ID, id)
}

func (a *Admin) orderPage(w http.ResponseWriter, r *http.Request, st *state) error {
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	return a.renderOrder(w, r, st, http.StatusOK, o, nil)
}

func (a *Admin) renderOrder(w http.ResponseWriter, r *http.Request, st *state, status int, o orders.Order, f *ui.Form) error {
	ctx := r.Context()
	loc := siteLocation(st.site)
	m := moneyIn(st.site, o.Currency)
	sts, err := a.d.Orders.Statuses(ctx, st.site.ID)
	if err != nil {
		return err
	}
	d := orderData{Order: o, Created: o.CreatedAt.In(loc).Format("2 January 2006, 15:04"), Status: statusOf(sts, o.Status),
		Statuses: sts, PayLabel: orders.PaymentLabel(o.PaymentStatus), Paid: m.Format(o.PaidTotal), Total: m.Format(o.Total), Due: m.Format(o.Due()),
		DueInput: m.Input(o.Due()), Billing: addressLines(o.Billing), Shipping: addressLines(o.Shipping),
		Cancelled: !o.CancelledAt.IsZero()}
	for _, l := range o.Lines {
		name := l.Title
		if l.VariantTitle != "" {
			name += " — " + l.VariantTitle
		}
		d.Lines = append(d.Lines, lineView{Name: name, SKU: l.SKU, Qty: l.Qty, Unit: m.Format(l.UnitPrice),
			Total: m.Format(l.Total), Rate: invoices.RateLabel(l.RateBP)})
	}
	d.Totals = append(d.Totals, [2]string{"Items", m.Format(o.Subtotal)})
	shipping := "Shipping"
	if o.ShippingName != "" {
		shipping += " (" + o.ShippingName + ")"
	}
	d.Totals = append(d.Totals, [2]string{shipping, m.Format(o.ShippingTotal)})
	if o.PaymentFee != 0 {
		d.Totals = append(d.Totals, [2]string{"Payment fee", m.Format(o.PaymentFee)})
	}
	taxLabel := "Tax"
	if o.PricesIncludeTax {
		taxLabel = "Including tax"
	}
	d.Totals = append(d.Totals, [2]string{taxLabel, m.Format(o.TaxTotal)})
	if d.Payments, d.HasPayment, err = a.orderPayments(r, st, o, m, loc); err != nil {
		return err
	}
	events, err := a.d.Orders.Timeline(ctx, st.site.ID, o.ID, false)
	if err != nil {
		return err
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		d.Timeline = append(d.Timeline, eventView{When: e.At.In(loc).Format("2 Jan 2006 15:04"), Message: e.Message, Public: e.Public})
	}
	docs, err := a.d.Invoices.ForOrder(ctx, st.site.ID, o.ID)
	if err != nil {
		return err
	}
	d.CanProForm, d.CanFinal = !d.Cancelled, !d.Cancelled
	for _, inv := range docs {
		d.Invoices = append(d.Invoices, invoiceRow{ID: inv.ID, Title: inv.Kind.Title(), Number: inv.Number,
			Date: inv.IssuedAt.In(loc).Format("2 Jan 2006"), Total: moneyIn(st.site, inv.Currency).Format(inv.Total)})
		switch inv.Kind {
		case invoices.ProForma:
			d.CanProForm = false
		case invoices.Final:
			d.CanFinal, d.CanProForm = false, false
		}
	}
	if f == nil {
		f = &ui.Form{Values: url.Values{"staff_note": {o.StaffNote}, "amount": {d.DueInput}, "status": {o.Status}}}
	}
	return a.render(w, r, status, "order.html", "Order "+o.Number, f, d)
}

func (a *Admin) setOrderStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	sts, err := a.d.Orders.Statuses(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	target := statusOf(sts, f.Value("status"))
	if target.IsCancelled && !confirmed(r) {
		return a.confirmCancel(w, r, st, o, target)
	}
	updated, err := a.d.OrderAdmin.SetStatus(r.Context(), st.site.ID, o.ID, target.Code, st.account.ID)
	if err != nil {
		if f.Absorb(err) {
			return a.renderOrder(w, r, st, http.StatusUnprocessableEntity, o, f)
		}
		return err
	}
	msg := "Status changed to " + target.Name + "."
	if updated.Status == o.Status {
		msg = ""
	} else if target.Notify {
		msg += " The customer has been e-mailed."
	}
	return done(w, r, orderURL(o.ID), msg)
}

func orderURL(id int64) string { return "/admin/orders/" + strconv.FormatInt(id, 10) }

func (a *Admin) confirmCancel(w http.ResponseWriter, r *http.Request, st *state, o orders.Order, target orders.Status) error {
	msg := "Its items go back into stock"
	docs, err := a.d.Invoices.ForOrder(r.Context(), st.site.ID, o.ID)
	if err != nil {
		return err
	}
	for _, inv := range docs {
		if inv.Kind == invoices.Final {
			msg += " and a credit note cancels invoice " + inv.Number
		}
	}
	msg += ". A cancelled order cannot be reopened."
	if target.Notify {
		msg += " The customer is told by e-mail."
	}
	if o.PaidTotal > 0 {
		msg += " Refund the " + moneyIn(st.site, o.Currency).Format(o.PaidTotal) + " paid yourself: Pagecart does not send money back."
	}
	c := confirmation{Heading: "Cancel order " + o.Number + "?", Message: msg, Button: "Cancel the order",
		Cancel: orderURL(o.ID), Action: orderURL(o.ID) + "/cancel"}
	if target.Code != orders.StatusCancelled {
		c.Action = orderURL(o.ID) + "/status"
		c.Hidden = []hiddenField{{Name: "status", Value: target.Code}}
	}
	if !o.CancelledAt.IsZero() {
		return done(w, r, orderURL(o.ID), "This order is already cancelled.")
	}
	return a.confirm(w, r, c)
}

func (a *Admin) confirmCancelOrder(w http.ResponseWriter, r *http.Request, st *state) error {
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	sts, err := a.d.Orders.Statuses(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.confirmCancel(w, r, st, o, statusOf(sts, orders.StatusCancelled))
}

func (a *Admin) cancelOrder(w http.ResponseWriter, r *http.Request, st *state) error {
	if !confirmed(r) {
		return a.confirmCancelOrder(w, r, st)
	}
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	_, did, err := a.d.OrderAdmin.Cancel(r.Context(), st.site.ID, o.ID, st.account.ID)
	if err != nil {
		return err
	}
	msg := "Order " + o.Number + " cancelled; its items are back in stock."
	if !did {
		msg = "This order was already cancelled."
	}
	return done(w, r, orderURL(o.ID), msg)
}

func (a *Admin) saveOrderNote(w http.ResponseWriter, r *http.Request, st *state) error {
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	if err := a.d.OrderAdmin.SetStaffNote(r.Context(), st.site.ID, o.ID, f.Raw("staff_note"), st.account.ID); err != nil {
		if f.Absorb(err) {
			return a.renderOrder(w, r, st, http.StatusUnprocessableEntity, o, f)
		}
		return err
	}
	return done(w, r, orderURL(o.ID)+"#note", "Internal note saved.")
}

func (a *Admin) issueInvoice(w http.ResponseWriter, r *http.Request, st *state) error {
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	kind := invoices.Final
	if r.PostFormValue("kind") == string(invoices.ProForma) {
		kind = invoices.ProForma
	}
	inv, err := a.d.OrderAdmin.IssueInvoice(r.Context(), st.site.ID, o.ID, kind,
		orders.Seller{Title: st.site.Title, Language: st.site.Language, TimeZone: st.site.TimeZone}, st.account.ID)
	if err != nil {
		return err
	}
	return done(w, r, orderURL(o.ID)+"#invoices", inv.Kind.Title()+" "+inv.Number+" issued.")
}
