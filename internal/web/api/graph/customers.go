package graph

import (
	"context"
	"errors"

	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/web/api/graph/model"
)

// Customers through the API are the admin's customers (customers.Store:
// List, Get, SetNote, Erase). Their name, e-mail, phone and addresses are
// @personal in the schema: a limited token gets them null (206).

func customerOut(c *Caller, cu customers.Customer, orderCount int, spent int64, currency string) *model.Customer {
	email, name, phone := cu.Email, cu.Name, cu.Phone
	out := &model.Customer{ID: id(cu.ID), Email: &email, Name: &name, Phone: &phone, Note: cu.Note, HasAccount: cu.HasPassword,
		CreatedAt: stamp(cu.CreatedAt), OrdersCount: orderCount, Raw: cu}
	if currency != "" {
		out.TotalSpent = money(c, spent, currency)
	}
	return out
}

// customerByID reads one customer of the caller's site with their order
// totals; another site's customer, or none, is a 404.
func (r *Resolver) customerByID(ctx context.Context, customerID string) (*model.Customer, error) {
	c := caller(ctx)
	n, ok := parseID(customerID)
	if !ok {
		return nil, notFound("customer")
	}
	cu, err := r.CustomerStore.Get(ctx, c.Site.ID, n)
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("customer")
	}
	if err != nil {
		return nil, err
	}
	t, err := r.OrderStore.TotalsOf(ctx, c.Site.ID, cu.ID)
	if err != nil {
		return nil, err
	}
	return customerOut(c, cu, t.Orders, t.Spent, t.Currency), nil
}

func (r *Resolver) customerList(ctx context.Context, first *int, after, query *string) (*model.CustomerConnection, error) {
	c := caller(ctx)
	n, err := pageSize(first, 20)
	if err != nil {
		return nil, err
	}
	before, err := parseKey(after)
	if err != nil {
		return nil, err
	}
	q := ""
	if query != nil {
		q = *query
	}
	list, next, err := r.CustomerStore.List(ctx, c.Site.ID, q, before, n)
	if fields, ok := fault.AsInvalid(err); ok {
		for _, msg := range fields {
			return nil, badArgument("query", msg)
		}
	}
	if err != nil {
		return nil, err
	}
	conn := &model.CustomerConnection{Edges: make([]*model.CustomerEdge, len(list)), PageInfo: &model.PageInfo{}}
	for i, l := range list {
		conn.Edges[i] = &model.CustomerEdge{Node: customerOut(c, l.Customer, l.Orders, l.Spent, l.Currency)}
	}
	if next != 0 {
		cur := keyCursor(next)
		conn.PageInfo.HasNextPage, conn.PageInfo.EndCursor = true, &cur
	}
	if asked(ctx, "totalCount") {
		if conn.TotalCount, err = r.CustomerStore.Count(ctx, c.Site.ID, q); err != nil {
			return nil, err
		}
	}
	return conn, nil
}

func (r *Resolver) customerAddresses(ctx context.Context, obj *model.Customer) ([]*model.Address, error) {
	addrs, err := r.CustomerStore.Addresses(ctx, caller(ctx).Site.ID, obj.Raw.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Address, len(addrs))
	for i, a := range addrs {
		out[i] = addressOut(a.Address)
	}
	return out, nil
}

func (r *Resolver) customerOrders(ctx context.Context, obj *model.Customer, first *int, after *string) (*model.OrderConnection, error) {
	return r.orderList(ctx, orders.Filter{CustomerID: obj.Raw.ID}, first, after, 10)
}

// orderCustomer is an order's customer account; null for a guest, or for
// an account erased since.
func (r *Resolver) orderCustomer(ctx context.Context, obj *model.Order) (*model.Customer, error) {
	if obj.Raw.CustomerID == 0 {
		return nil, nil
	}
	c := caller(ctx)
	cu, err := r.CustomerStore.Get(ctx, c.Site.ID, obj.Raw.CustomerID)
	if errors.Is(err, fault.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t, err := r.OrderStore.TotalsOf(ctx, c.Site.ID, cu.ID)
	if err != nil {
		return nil, err
	}
	return customerOut(c, cu, t.Orders, t.Spent, t.Currency), nil
}

func (r *Resolver) customerUpdate(ctx context.Context, customerID string, input model.CustomerInput) (*model.CustomerPayload, error) {
	c := caller(ctx)
	cu, err := r.customerByID(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if input.Note != nil {
		if err := r.CustomerStore.SetNote(ctx, c.Site.ID, cu.Raw.ID, *input.Note); err != nil {
			if errors.Is(err, fault.ErrNotFound) {
				return nil, notFound("customer")
			}
			ue, err := userErrors(err, nil)
			return &model.CustomerPayload{UserErrors: ue}, ctxErr(ctx, err)
		}
	}
	if cu, err = r.customerByID(ctx, customerID); err != nil {
		return nil, err
	}
	return &model.CustomerPayload{Customer: cu, UserErrors: []*model.UserError{}}, nil
}

// customerDelete erases the customer as the admin's "Delete customer"
// does (customers.Erase): the account goes, their orders are anonymised.
func (r *Resolver) customerDelete(ctx context.Context, customerID string) (*model.DeletePayload, error) {
	c := caller(ctx)
	n, ok := parseID(customerID)
	if !ok {
		return nil, notFound("customer")
	}
	if _, err := r.CustomerStore.Erase(ctx, c.Site.ID, n, 0); err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, notFound("customer")
		}
		ue, err := userErrors(err, nil)
		return &model.DeletePayload{UserErrors: ue}, ctxErr(ctx, err)
	}
	return &model.DeletePayload{DeletedID: &customerID, UserErrors: []*model.UserError{}}, nil
}
