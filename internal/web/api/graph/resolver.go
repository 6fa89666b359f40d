// Package graph resolves the API's schema (schema.graphqls) with gqlgen.
// Resolvers read and write through the same domain operations as the admin
// (catalog.Store, pages.Store, orders.Admin, customers.Store,
// webhooks.Store, blog.Store, media.Store, menus.Store): they only turn arguments into the domain's
// input and the domain's records into the schema's objects. The site comes
// from the request's Caller, never from an argument, so a token of one
// site can reach nothing of another.
package graph

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// Resolver holds the domain stores every request uses.
type Resolver struct {
	Catalog *catalog.Store
	// Content is the site's pages.
	Content *pages.Store
	// SiteURL is a site's public address by name.
	SiteURL func(name string) string

	// The admin's order, customer and webhook operations.
	OrderStore    *orders.Store
	OrderAdmin    *orders.Admin
	Checkout      *checkout.Service
	PaymentStore  *payments.Store
	InvoiceStore  *invoices.Store
	CustomerStore *customers.Store
	WebhookStore  *webhooks.Store

	// The admin's blog, media library and menus.
	Blog  *blog.Store
	Media *media.Store
	Menus *menus.Store
}

// Caller is who asks, for one request: the site its host resolved to and
// what its token may see.
type Caller struct {
	Site sites.Site
	// Limited tokens may not see personal data (fields marked @personal).
	Limited bool

	mu       sync.Mutex
	withheld []string
	products map[int64]catalog.Product
	money    *currency.Formatter
	statuses []orders.Status
	// page holds the IDs of the products a list returned: the first one
	// whose details are asked for reads them all at once.
	page       *pageLoad
	categories map[int64]catalog.Category
}

// Withheld lists the paths of the fields withheld from a limited token.
func (c *Caller) Withheld() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	// Fields resolve concurrently; sorted, the list is the same every time.
	return slices.Sorted(slices.Values(c.withheld))
}

type callerKey struct{}

// WithCaller returns ctx carrying c for the resolvers.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

func caller(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	if c == nil {
		// The HTTP layer always sets a caller; without one nothing is
		// visible, rather than everything.
		return &Caller{Limited: true}
	}
	return c
}

// NewSchema returns the executable schema on r, with the @personal
// directive that withholds personal data from limited tokens.
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{Resolvers: r, Directives: DirectiveRoot{Personal: personal}})
}

// personal answers null for a limited token and records the field's path,
// which the HTTP layer lists in extensions.withheld with status 206.
func personal(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	c := caller(ctx)
	if !c.Limited {
		return next(ctx)
	}
	path := graphql.GetPath(ctx).String()
	c.mu.Lock()
	c.withheld = append(c.withheld, path)
	c.mu.Unlock()
	return nil, nil
}

// product returns the whole product (with variants, images and
// categories), read once per request. A product of the page a list just
// returned is read with the rest of that page, in one batch: a page of 50
// products with their variants is five queries, not two hundred.
func (c *Caller) product(ctx context.Context, store *catalog.Store, id int64) (catalog.Product, error) {
	c.mu.Lock()
	p, ok := c.products[id]
	load := c.page
	leader := false
	if ok || load == nil || !slices.Contains(load.ids, id) {
		load = nil
	} else if !load.started {
		load.started, leader = true, true
	}
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	if load != nil {
		// The fields of a page's products resolve concurrently: the first
		// reads the whole page, the others wait for it.
		if leader {
			batch, err := store.ProductsByID(ctx, c.Site.ID, load.ids)
			c.mu.Lock()
			if c.products == nil {
				c.products = map[int64]catalog.Product{}
			}
			maps.Copy(c.products, batch)
			c.mu.Unlock()
			load.err = err
			close(load.done)
		} else {
			select {
			case <-load.done:
			case <-ctx.Done():
				return catalog.Product{}, ctx.Err()
			}
		}
		if load.err != nil {
			return catalog.Product{}, load.err
		}
		c.mu.Lock()
		p, ok = c.products[id]
		c.mu.Unlock()
		if ok {
			return p, nil
		}
	}
	p, err := store.Product(ctx, c.Site.ID, id)
	if err != nil {
		return catalog.Product{}, err
	}
	c.mu.Lock()
	if c.products == nil {
		c.products = map[int64]catalog.Product{}
	}
	c.products[id] = p
	c.mu.Unlock()
	return p, nil
}

// category returns one of the site's categories; the whole tree is read
// once per request, so that a page of products with their categories is
// one query for all of them.
func (c *Caller) category(ctx context.Context, store *catalog.Store, id int64) (catalog.Category, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.categories == nil {
		tree, err := store.CategoryTree(ctx, c.Site.ID)
		if err != nil {
			return catalog.Category{}, err
		}
		c.categories = make(map[int64]catalog.Category, len(tree))
		for _, n := range tree {
			c.categories[n.ID] = n.Category
		}
	}
	cat, ok := c.categories[id]
	if !ok {
		return catalog.Category{}, catalog.ErrCategoryNotFound
	}
	return cat, nil
}

// rememberPage notes the products a list returned, for product to read
// their details together.
func (c *Caller) rememberPage(ids []int64) {
	c.mu.Lock()
	c.page = &pageLoad{ids: ids, done: make(chan struct{})}
	c.mu.Unlock()
}

// pageLoad is the one read of a listed page's product details; done is
// closed when it has finished, with err set before.
type pageLoad struct {
	ids     []int64
	started bool
	done    chan struct{}
	err     error
}
