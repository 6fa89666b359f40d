package catalog

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// The topics of the catalog's changes, as webhooks names them.
const (
	TopicProductCreate   = "products/create"
	TopicProductUpdate   = "products/update"
	TopicProductDelete   = "products/delete"
	TopicInventoryChange = "inventory/change"
	TopicCategoryUpdate  = "categories/update"
)

// EventTopics lists every topic the catalog announces.
var EventTopics = []string{TopicProductCreate, TopicProductUpdate, TopicProductDelete, TopicInventoryChange, TopicCategoryUpdate}

// Events is told of each catalog change inside the change's transaction,
// so that what it records (webhook deliveries) exists exactly when the
// change commits. payload is JSON-encodable, or a func() (any, error) that
// builds it, called only when someone listens. webhooks.Store.EnqueueTx is
// one.
type Events func(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error

// UseEvents makes the store announce product, stock and category changes
// to f.
func (s *Store) UseEvents(f Events) { s.events = f }

// emit announces a change in tx; without UseEvents it does nothing.
func (s *Store) emit(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error {
	if s.events == nil {
		return nil
	}
	if err := s.events(ctx, tx, siteID, topic, payload); err != nil {
		return fmt.Errorf("announce %s: %w", topic, err)
	}
	return nil
}

// emitProduct announces a product's creation or change with the product
// as it is now in tx, read only if someone listens.
func (s *Store) emitProduct(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, id int64) error {
	return s.emit(ctx, tx, siteID, topic, func() (any, error) {
		p, err := s.productWhere(ctx, tx, siteID, `p.id = ?`, id)
		if err != nil {
			return nil, err
		}
		return ProductEvent(p), nil
	})
}

// ProductPayload is what a product event carries: the product as the
// API shows it, IDs as strings, money in minor units.
type ProductPayload struct {
	ID             string           `json:"id"`
	Title          string           `json:"title"`
	Handle         string           `json:"handle"`
	Status         Status           `json:"status"`
	Price          int64            `json:"price"`
	CompareAtPrice int64            `json:"compareAtPrice"`
	Currency       string           `json:"currency"`
	SKU            string           `json:"sku"`
	Options        []OptionPayload  `json:"options"`
	Variants       []VariantPayload `json:"variants"`
	CategoryIDs    []string         `json:"categoryIds"`
	CreatedAt      time.Time        `json:"createdAt"`
	UpdatedAt      time.Time        `json:"updatedAt"`
}

// OptionPayload is a product option in an event.
type OptionPayload struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// VariantPayload is a variant in an event.
type VariantPayload struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Options        []string `json:"options"`
	SKU            string   `json:"sku"`
	Price          int64    `json:"price"`
	CompareAtPrice int64    `json:"compareAtPrice"`
	Stock          int      `json:"stock"`
	TrackStock     bool     `json:"trackStock"`
}

// ProductEvent is p as a product event carries it.
func ProductEvent(p Product) ProductPayload {
	out := ProductPayload{ID: eventID(p.ID), Title: p.Title, Handle: p.Slug, Status: p.Status, Price: p.Price,
		CompareAtPrice: p.CompareAtPrice, Currency: p.Currency, SKU: p.SKU, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		Options: []OptionPayload{}, Variants: []VariantPayload{}, CategoryIDs: []string{}}
	for _, o := range p.Options {
		out.Options = append(out.Options, OptionPayload{Name: o.Name, Values: o.Values})
	}
	for _, v := range p.Variants {
		opts := v.OptionValues
		if opts == nil {
			opts = []string{}
		}
		out.Variants = append(out.Variants, VariantPayload{ID: eventID(v.ID), Title: v.Title(), Options: opts, SKU: v.SKU,
			Price: v.Price, CompareAtPrice: v.CompareAtPrice, Stock: v.Stock, TrackStock: v.TrackStock})
	}
	for _, c := range p.Categories {
		out.CategoryIDs = append(out.CategoryIDs, eventID(c.ID))
	}
	return out
}

// DeletedPayload is what a products/delete event carries.
type DeletedPayload struct {
	ID string `json:"id"`
}

// StockPayload is what an inventory/change event carries.
type StockPayload struct {
	VariantID string `json:"variantId"`
	ProductID string `json:"productId"`
	SKU       string `json:"sku"`
	Delta     int    `json:"delta"`
	Stock     int    `json:"stock"`
	Reason    string `json:"reason"`
}

// CategoryPayload is what a categories/update event carries; Deleted is
// true when the category was removed.
type CategoryPayload struct {
	ID       string `json:"id"`
	ParentID string `json:"parentId,omitempty"`
	Title    string `json:"title"`
	Handle   string `json:"handle"`
	Deleted  bool   `json:"deleted"`
}

func categoryEvent(c Category, deleted bool) CategoryPayload {
	out := CategoryPayload{ID: eventID(c.ID), Title: c.Title, Handle: c.Slug, Deleted: deleted}
	if c.ParentID != 0 {
		out.ParentID = eventID(c.ParentID)
	}
	return out
}

// eventID writes an ID as the API does: a string, which JavaScript reads
// without losing digits.
func eventID(n int64) string { return strconv.FormatInt(n, 10) }

// emitStock announces a stock movement of a variant.
func (s *Store) emitStock(ctx context.Context, tx *sqldb.Tx, siteID, variantID int64, delta, after int, reason string) error {
	return s.emit(ctx, tx, siteID, TopicInventoryChange, func() (any, error) {
		var productID int64
		var sku *string
		if err := tx.QueryRow(ctx, `SELECT product_id, sku FROM product_variants WHERE site_id = ? AND id = ?`, siteID, variantID).Scan(&productID, &sku); err != nil {
			return nil, fmt.Errorf("variant %d: %w", variantID, err)
		}
		p := StockPayload{VariantID: eventID(variantID), ProductID: eventID(productID), Delta: delta, Stock: after, Reason: reason}
		if sku != nil {
			p.SKU = *sku
		}
		return p, nil
	})
}
