package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/web/api/graph/model"
)

// Orders through the API are the admin's orders: the resolvers below call
// orders.Admin (status, cancel, note, invoice), payments.RecordPayment and
// checkout.PlaceOrder exactly as the admin's handlers do, so that an order
// changed through the API sends the same e-mails and webhooks.

var paymentOut = map[string]model.PaymentStatus{
	orders.PaymentUnpaid: model.PaymentStatusUnpaid, orders.PaymentPartial: model.PaymentStatusPartiallyPaid,
	orders.PaymentPaid: model.PaymentStatusPaid, orders.PaymentRefunded: model.PaymentStatusRefunded,
}

func paymentIn(s model.PaymentStatus) string {
	for k, v := range paymentOut {
		if v == s {
			return k
		}
	}
	return ""
}

var invoiceKindOut = map[invoices.Kind]model.InvoiceKind{
	invoices.ProForma: model.InvoiceKindProforma, invoices.Final: model.InvoiceKindInvoice, invoices.CreditNote: model.InvoiceKindCreditNote,
}

func optionalStamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := stamp(t)
	return &s
}

func addressOut(a orders.Address) *model.Address {
	return &model.Address{Name: a.Name, Company: a.Company, Line1: a.Line1, Line2: a.Line2, City: a.City, Postcode: a.Postcode,
		Region: a.Region, Country: a.Country, Phone: a.Phone}
}

func addressIn(a *model.AddressInput, phone string) orders.Address {
	if a == nil {
		return orders.Address{}
	}
	out := orders.Address{Name: a.Name, Line1: a.Line1, City: a.City, Postcode: a.Postcode, Country: a.Country, Phone: phone}
	for dst, src := range map[*string]*string{&out.Company: a.Company, &out.Line2: a.Line2, &out.Region: a.Region} {
		if src != nil {
			*dst = *src
		}
	}
	return out
}

// orderOut is an order as the API shows it. The personal fields are set
// always: the @personal directive withholds them from a limited token.
func orderOut(c *Caller, o orders.Order, full bool) *model.Order {
	m := func(n int64) *model.Money { return money(c, n, o.Currency) }
	email, phone, name := o.Email, o.Phone, o.CustomerName
	return &model.Order{ID: id(o.ID), Number: o.Number, Status: o.Status, PaymentStatus: paymentOut[o.PaymentStatus], Source: o.Source,
		Email: &email, Phone: &phone, CustomerName: &name, BillingAddress: addressOut(o.Billing), ShippingAddress: addressOut(o.Shipping),
		Currency: o.Currency, PricesIncludeTax: o.PricesIncludeTax, Subtotal: m(o.Subtotal), ShippingTotal: m(o.ShippingTotal),
		PaymentFee: m(o.PaymentFee), TaxTotal: m(o.TaxTotal), Total: m(o.Total), PaidTotal: m(o.PaidTotal), Due: m(o.Due()),
		ShippingMethod: o.ShippingName, PaymentMethod: o.PaymentMethod, PaymentReference: o.PaymentReference, Note: o.Note,
		StaffNote: o.StaffNote, Cancelled: !o.CancelledAt.IsZero(), CancelledAt: optionalStamp(o.CancelledAt),
		PaidAt: optionalStamp(o.PaidAt), CreatedAt: stamp(o.CreatedAt), UpdatedAt: stamp(o.UpdatedAt), Raw: o, Full: full}
}

func invoiceOut(c *Caller, inv invoices.Invoice) *model.Invoice {
	return &model.Invoice{ID: id(inv.ID), Kind: invoiceKindOut[inv.Kind], Number: inv.Number, IssuedAt: stamp(inv.IssuedAt),
		DueAt: optionalStamp(inv.DueAt), Subtotal: money(c, inv.Subtotal, inv.Currency), Tax: money(c, inv.Tax, inv.Currency),
		Total: money(c, inv.Total, inv.Currency)}
}

// statuses are the site's order statuses, read once per request.
func (c *Caller) statusList(ctx context.Context, store *orders.Store) ([]orders.Status, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.statuses != nil {
		return c.statuses, nil
	}
	sts, err := store.Statuses(ctx, c.Site.ID)
	if err != nil {
		return nil, err
	}
	c.statuses = sts
	return sts, nil
}

// findOrder reads an order of the caller's site by its ID argument; any
// other site's order, or no order, is a 404.
func (r *Resolver) findOrder(ctx context.Context, orderID string) (orders.Order, error) {
	n, ok := parseID(orderID)
	if !ok {
		return orders.Order{}, notFound("order")
	}
	o, err := r.OrderStore.Get(ctx, caller(ctx).Site.ID, n)
	if errors.Is(err, fault.ErrNotFound) {
		return orders.Order{}, notFound("order")
	}
	return o, err
}

// orderList is a page of orders, newest first, with the keyset cursor of
// the next; filter's Before and Limit are set from after and first.
func (r *Resolver) orderList(ctx context.Context, f orders.Filter, first *int, after *string, def int) (*model.OrderConnection, error) {
	c := caller(ctx)
	n, err := pageSize(first, def)
	if err != nil {
		return nil, err
	}
	if f.Before, err = parseKey(after); err != nil {
		return nil, err
	}
	f.Limit = n
	list, next, err := r.OrderStore.ListOrders(ctx, c.Site.ID, f)
	if fields, ok := fault.AsInvalid(err); ok {
		for k, msg := range fields {
			if k == "q" {
				k = "query"
			}
			return nil, badArgument(k, msg)
		}
	}
	if err != nil {
		return nil, err
	}
	conn := &model.OrderConnection{Edges: make([]*model.OrderEdge, len(list)), PageInfo: &model.PageInfo{}}
	for i, o := range list {
		conn.Edges[i] = &model.OrderEdge{Node: orderOut(c, o, false)}
	}
	if next != 0 {
		cur := keyCursor(next)
		conn.PageInfo.HasNextPage, conn.PageInfo.EndCursor = true, &cur
	}
	// Counting is a query of its own: only when asked for.
	if asked(ctx, "totalCount") {
		if conn.TotalCount, err = r.OrderStore.CountOrders(ctx, c.Site.ID, f); err != nil {
			return nil, err
		}
	}
	return conn, nil
}

// asked reports whether the field being resolved selects the named field.
func asked(ctx context.Context, name string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// orderFilter reads the orders query's filters. A day is a whole day of
// the site's time zone, as in the admin's list.
func (r *Resolver) orderFilter(ctx context.Context, status *string, pay *model.PaymentStatus, from, to, query *string) (orders.Filter, error) {
	var f orders.Filter
	if status != nil {
		f.Status = *status
	}
	if pay != nil {
		f.Payment = paymentIn(*pay)
	}
	if query != nil {
		f.Query = strings.TrimSpace(*query)
	}
	loc := siteLocation(caller(ctx).Site.TimeZone)
	for _, d := range []struct {
		arg  string
		text *string
		dst  *time.Time
		end  bool
	}{{"createdFrom", from, &f.From, false}, {"createdTo", to, &f.To, true}} {
		if d.text == nil || *d.text == "" {
			continue
		}
		if t, err := time.Parse(time.RFC3339, *d.text); err == nil {
			*d.dst = t
			if d.end {
				*d.dst = t.Add(time.Millisecond) // the instant itself is included
			}
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", *d.text, loc)
		if err != nil {
			return f, badArgument(d.arg, "Give a day as 2026-03-31 or an instant as 2026-03-31T12:00:00Z.")
		}
		if d.end {
			t = t.AddDate(0, 0, 1)
		}
		*d.dst = t
	}
	return f, nil
}

func siteLocation(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil && name != "" {
		return loc
	}
	return time.UTC
}

// orderPayload answers an order mutation: the order as it is now, or the
// domain's refusal as userErrors.
func (r *Resolver) orderPayload(ctx context.Context, orderID int64, err error, rename map[string]string) (*model.OrderPayload, error) {
	if err == nil {
		o, gerr := r.OrderStore.Get(ctx, caller(ctx).Site.ID, orderID)
		if gerr != nil {
			return nil, gerr
		}
		return &model.OrderPayload{Order: orderOut(caller(ctx), o, true), UserErrors: []*model.UserError{}}, nil
	}
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("order")
	}
	ue, err := userErrors(err, rename)
	return &model.OrderPayload{UserErrors: ue}, ctxErr(ctx, err)
}

// placeFields maps checkout's field names to orderCreate's input.
var placeFields = map[string]string{
	"email": "email", "phone": "phone", "note": "note", "items": "lines", "shipping_method": "shippingMethodId",
	"payment_method": "paymentMethod", "shipping_country": "shippingAddress.country",
	"billing_name": "billingAddress.name", "billing_line1": "billingAddress.line1", "billing_city": "billingAddress.city",
	"billing_postcode": "billingAddress.postcode", "billing_country": "billingAddress.country",
	"shipping_name": "shippingAddress.name", "shipping_line1": "shippingAddress.line1", "shipping_city": "shippingAddress.city",
	"shipping_postcode": "shippingAddress.postcode", "customer_id": "customerId",
}

// orderCreate places an order as the admin's New order form does: the
// lines name variants (by ID or SKU) of this site only, and
// checkout.PlaceOrder prices them, takes the stock and sends the e-mail
// and the orders/create webhook. The idempotency key of the request keeps
// a repeat from placing it twice.
func (r *Resolver) orderCreate(ctx context.Context, input model.OrderInput) (*model.OrderPayload, error) {
	c := caller(ctx)
	var bad fault.Invalid
	var items []cart.Item
	seen := map[int64]int{}
	for i, l := range input.Lines {
		field := fmt.Sprintf("lines.%d", i)
		var v catalog.Variant
		var err error
		switch {
		case l.VariantID != nil:
			n, ok := parseID(*l.VariantID)
			if !ok {
				bad.Add(field+".variantId", "No product of this shop has this variant.")
				continue
			}
			v, err = r.Catalog.Variant(ctx, c.Site.ID, n)
		case l.Sku != nil && strings.TrimSpace(*l.Sku) != "":
			v, err = r.Catalog.VariantBySKU(ctx, c.Site.ID, strings.TrimSpace(*l.Sku))
		default:
			bad.Add(field, "Give the line's variantId or its sku.")
			continue
		}
		if errors.Is(err, fault.ErrNotFound) {
			bad.Add(field, "No product of this shop has this variant or SKU.")
			continue
		}
		if err != nil {
			return nil, err
		}
		if at, ok := seen[v.ID]; ok {
			items[at].Qty += l.Quantity
			continue
		}
		seen[v.ID] = len(items)
		items = append(items, cart.Item{VariantID: v.ID, Qty: l.Quantity})
	}
	in := checkout.PlaceInput{SubmissionKey: checkout.NewSubmissionKey(), Email: input.Email,
		Billing: addressIn(input.BillingAddress, ""), Shipping: addressIn(input.ShippingAddress, ""),
		// The integration placing the order answers for the customer's
		// agreement, as staff do for an order taken by phone.
		AcceptTerms: true, Items: items, Source: orders.SourceAPI}
	if input.Phone != nil {
		in.Phone = *input.Phone
		in.Billing.Phone = in.Phone
	}
	if input.PaymentMethod != nil {
		in.PaymentMethod = *input.PaymentMethod
	}
	if input.Note != nil {
		in.Note = *input.Note
	}
	if input.ShippingMethodID != nil && *input.ShippingMethodID != "" {
		n, ok := parseID(*input.ShippingMethodID)
		if !ok {
			bad.Add("shipping_method", "Choose a shipping method of this shop.")
		}
		in.ShippingMethodID = n
	}
	if input.CustomerID != nil && *input.CustomerID != "" {
		n, ok := parseID(*input.CustomerID)
		if ok {
			_, err := r.CustomerStore.Get(ctx, c.Site.ID, n)
			if err != nil && !errors.Is(err, fault.ErrNotFound) {
				return nil, err
			}
			ok = err == nil
		}
		if !ok {
			bad.Add("customer_id", "No customer of this shop has this ID.")
		}
		in.CustomerID = n
	}
	if bad.Err() != nil {
		// Every problem at once: the details are checked too.
		_, err := checkout.CheckDetails(in.Email, in.Phone, in.Billing, in.Shipping)
		if fields, ok := fault.AsInvalid(err); ok {
			for k, msg := range fields {
				if _, dup := bad.Fields[k]; !dup {
					bad.Add(k, msg)
				}
			}
		}
		ue, err := userErrors(&bad, placeFields)
		return &model.OrderPayload{UserErrors: ue}, err
	}
	o, err := r.Checkout.PlaceOrder(ctx, c.Site.ID, in)
	var sold *checkout.SoldOutError
	if errors.As(err, &sold) {
		err = fault.Invalidf("items", sold.Error())
	}
	return r.orderPayload(ctx, o.ID, err, placeFields)
}

func (r *Resolver) orderSetStatus(ctx context.Context, orderID, status string) (*model.OrderPayload, error) {
	o, err := r.findOrder(ctx, orderID)
	if err != nil {
		return nil, err
	}
	_, err = r.OrderAdmin.SetStatus(ctx, o.SiteID, o.ID, strings.TrimSpace(status), 0)
	return r.orderPayload(ctx, o.ID, err, nil)
}

func (r *Resolver) orderCancel(ctx context.Context, orderID string) (*model.OrderPayload, error) {
	o, err := r.findOrder(ctx, orderID)
	if err != nil {
		return nil, err
	}
	_, _, err = r.OrderAdmin.Cancel(ctx, o.SiteID, o.ID, 0)
	return r.orderPayload(ctx, o.ID, err, nil)
}

func (r *Resolver) orderSetNote(ctx context.Context, orderID, note string) (*model.OrderPayload, error) {
	o, err := r.findOrder(ctx, orderID)
	if err != nil {
		return nil, err
	}
	err = r.OrderAdmin.SetStaffNote(ctx, o.SiteID, o.ID, note, 0)
	return r.orderPayload(ctx, o.ID, err, map[string]string{"staff_note": "note"})
}

// paymentRecord records money received, as the admin's payment form does:
// more than is due is refused, nothing given means what is due.
func (r *Resolver) paymentRecord(ctx context.Context, orderID string, amount *int, method, reference, note *string) (*model.OrderPayload, error) {
	o, err := r.findOrder(ctx, orderID)
	if err != nil {
		return nil, err
	}
	in := payments.Received{Method: o.PaymentMethod}
	if amount != nil {
		in.Amount = int64(*amount)
	}
	for dst, src := range map[*string]*string{&in.Method: method, &in.ProviderRef: reference, &in.Note: note} {
		if src != nil && strings.TrimSpace(*src) != "" {
			*dst = strings.TrimSpace(*src)
		}
	}
	var bad fault.Invalid
	switch {
	case amount != nil && *amount <= 0:
		bad.Add("amount", "Give the amount received, more than zero, or leave it out for what is due.")
	case in.Amount > o.Due():
		bad.Add("amount", "That is more than the "+money(caller(ctx), o.Due(), o.Currency).Formatted+" still due.")
	}
	if len([]rune(in.Note)) > 200 {
		bad.Add("note", "Use at most 200 characters.")
	}
	if len(in.ProviderRef) > 200 {
		bad.Add("reference", "Use at most 200 characters.")
	}
	if err := bad.Err(); err != nil {
		return r.orderPayload(ctx, o.ID, err, nil)
	}
	_, err = r.PaymentStore.RecordPayment(ctx, o.SiteID, o.ID, in)
	return r.orderPayload(ctx, o.ID, err, nil)
}

func (r *Resolver) invoiceIssue(ctx context.Context, orderID string, kind *model.InvoiceKind) (*model.InvoicePayload, error) {
	c := caller(ctx)
	o, err := r.findOrder(ctx, orderID)
	if err != nil {
		return nil, err
	}
	k := invoices.Final
	if kind != nil && *kind == model.InvoiceKindProforma {
		k = invoices.ProForma
	}
	if kind != nil && *kind == model.InvoiceKindCreditNote {
		return &model.InvoicePayload{UserErrors: []*model.UserError{{Field: []string{"kind"},
			Message: "A credit note is issued by cancelling the order (orderCancel).", Code: "INVALID"}}}, nil
	}
	inv, err := r.OrderAdmin.IssueInvoice(ctx, c.Site.ID, o.ID, k,
		orders.Seller{Title: c.Site.Title, Language: c.Site.Language, TimeZone: c.Site.TimeZone}, 0)
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, notFound("order")
		}
		ue, err := userErrors(err, nil)
		return &model.InvoicePayload{UserErrors: ue}, ctxErr(ctx, err)
	}
	return &model.InvoicePayload{Invoice: invoiceOut(c, inv), UserErrors: []*model.UserError{}}, nil
}

// order's fields read when asked for.

func (r *Resolver) orderLines(ctx context.Context, obj *model.Order) ([]*model.OrderLine, error) {
	c := caller(ctx)
	o := obj.Raw
	if !obj.Full {
		var err error
		if o, err = r.OrderStore.Get(ctx, c.Site.ID, o.ID); err != nil {
			return nil, err
		}
	}
	out := make([]*model.OrderLine, len(o.Lines))
	for i, l := range o.Lines {
		m := func(n int64) *model.Money { return money(c, n, o.Currency) }
		out[i] = &model.OrderLine{Title: l.Title, VariantTitle: l.VariantTitle, Sku: l.SKU, Quantity: l.Qty,
			UnitPrice: m(l.UnitPrice), TaxRate: l.RateBP, Tax: m(l.Tax), Total: m(l.Total)}
		if l.ProductID != 0 {
			s := id(l.ProductID)
			out[i].ProductID = &s
		}
		if l.VariantID != 0 {
			s := id(l.VariantID)
			out[i].VariantID = &s
		}
	}
	return out, nil
}

func (r *Resolver) orderHistory(ctx context.Context, obj *model.Order) ([]*model.OrderEvent, error) {
	events, err := r.OrderStore.Timeline(ctx, caller(ctx).Site.ID, obj.Raw.ID, false)
	if err != nil {
		return nil, err
	}
	out := make([]*model.OrderEvent, len(events))
	for i, e := range events {
		out[i] = &model.OrderEvent{Kind: e.Kind, Message: e.Message, Public: e.Public, At: stamp(e.At)}
	}
	return out, nil
}

func (r *Resolver) orderPayments(ctx context.Context, obj *model.Order) ([]*model.Payment, error) {
	c := caller(ctx)
	pays, err := r.PaymentStore.Payments(ctx, c.Site.ID, obj.Raw.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Payment, len(pays))
	for i, p := range pays {
		out[i] = &model.Payment{ID: id(p.ID), Method: p.Method, Amount: money(c, p.Amount, p.Currency), Status: p.Status,
			Reference: p.ProviderRef, Note: p.Note, CreatedAt: stamp(p.CreatedAt)}
	}
	return out, nil
}

func (r *Resolver) orderInvoices(ctx context.Context, obj *model.Order) ([]*model.Invoice, error) {
	c := caller(ctx)
	docs, err := r.InvoiceStore.ForOrder(ctx, c.Site.ID, obj.Raw.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Invoice, len(docs))
	for i, inv := range docs {
		out[i] = invoiceOut(c, inv)
	}
	return out, nil
}

func (r *Resolver) orderStatusName(ctx context.Context, obj *model.Order) (string, error) {
	sts, err := caller(ctx).statusList(ctx, r.OrderStore)
	if err != nil {
		return "", err
	}
	return orders.StatusName(sts, obj.Status), nil
}
