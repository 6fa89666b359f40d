package graph

import (
	"context"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/api/graph/model"
)

// full returns the whole catalog product behind obj, reading it when obj
// came from a list.
func (r *productResolver) full(ctx context.Context, obj *model.Product) (catalog.Product, error) {
	if obj.Full {
		return obj.Raw, nil
	}
	return caller(ctx).product(ctx, r.Catalog, obj.Raw.ID)
}

// inputFrom is a product as the catalog's input, so that an update can
// change only the fields the client sent.
func inputFrom(p catalog.Product) catalog.ProductInput {
	in := catalog.ProductInput{Title: p.Title, Slug: p.Slug, Description: string(p.Description), Status: p.Status,
		Price: p.Price, CompareAtPrice: p.CompareAtPrice, Currency: p.Currency, TaxClass: p.TaxClass, SKU: p.SKU, EAN: p.EAN,
		WeightGrams: p.WeightGrams, SEOTitle: p.SEOTitle, SEODescription: p.SEODescription, Options: p.Options}
	for _, v := range p.Variants {
		in.Variants = append(in.Variants, catalog.VariantInput{ID: v.ID, OptionValues: v.OptionValues, SKU: v.SKU, Price: v.Price,
			CompareAtPrice: v.CompareAtPrice, Stock: v.Stock, TrackStock: v.TrackStock, AllowBackorder: v.AllowBackorder,
			LowStockThreshold: v.LowStockThreshold, WeightGrams: v.WeightGrams, ImageMediaID: v.ImageMediaID})
	}
	for _, im := range p.Images {
		in.Images = append(in.Images, catalog.ImageInput{MediaID: im.MediaID, Alt: im.Alt})
	}
	for _, c := range p.Categories {
		in.CategoryIDs = append(in.CategoryIDs, c.ID)
	}
	return in
}

// productInput lays the fields the client sent over base. A product
// without options has one variant, which carries its price.
func (r *mutationResolver) productInput(_ context.Context, base catalog.ProductInput, m model.ProductInput, creating bool) (catalog.ProductInput, error) {
	in := base
	var v fault.Invalid
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	if creating && (m.Title == nil) {
		v.Add("title", "Give the product a title.")
	}
	set(&in.Title, m.Title)
	set(&in.Slug, m.Handle)
	set(&in.Description, m.DescriptionHTML)
	set(&in.Currency, m.Currency)
	set(&in.SKU, m.Sku)
	set(&in.EAN, m.Ean)
	if m.Status != nil {
		in.Status = statusIn(*m.Status)
	}
	if m.WeightGrams != nil {
		in.WeightGrams = *m.WeightGrams
	}
	if m.CompareAtPrice != nil {
		in.CompareAtPrice = int64(*m.CompareAtPrice)
	}
	if m.Price != nil {
		in.Price = int64(*m.Price)
		// Without options the product's price is its one variant's.
		if len(in.Options) == 0 && m.Variants == nil && len(in.Variants) == 1 {
			in.Variants[0].Price = in.Price
			if m.CompareAtPrice != nil {
				in.Variants[0].CompareAtPrice = in.CompareAtPrice
			}
		}
	}
	if m.CategoryIds != nil {
		in.CategoryIDs = nil
		for _, s := range m.CategoryIds {
			n, ok := parseID(s)
			if !ok {
				v.Add("category_ids", "A category in the list does not exist.")
				continue
			}
			in.CategoryIDs = append(in.CategoryIDs, n)
		}
	}
	if m.Options != nil {
		in.Options = nil
		for _, o := range m.Options {
			in.Options = append(in.Options, catalog.Option{Name: o.Name, Values: o.Values})
		}
	}
	if m.Variants != nil {
		in.Variants = nil
		for _, mv := range m.Variants {
			vi := catalog.VariantInput{OptionValues: mv.OptionValues, Price: int64(mv.Price), TrackStock: true}
			if mv.ID != nil {
				if n, ok := parseID(*mv.ID); ok {
					vi.ID = n
				}
			}
			if mv.Sku != nil {
				vi.SKU = *mv.Sku
			}
			if mv.CompareAtPrice != nil {
				vi.CompareAtPrice = int64(*mv.CompareAtPrice)
			}
			if mv.Stock != nil {
				vi.Stock = *mv.Stock
			}
			if mv.TrackStock != nil {
				vi.TrackStock = *mv.TrackStock
			}
			if mv.AllowBackorder != nil {
				vi.AllowBackorder = *mv.AllowBackorder
			}
			in.Variants = append(in.Variants, vi)
		}
	}
	return in, v.Err()
}

// categoryFields maps the catalog's category field names to the input's.
var categoryFields = map[string]string{"slug": "handle", "description": "descriptionHtml", "parent_id": "parentId"}

func categoryInput(m model.CategoryInput) (catalog.CategoryInput, error) {
	in := catalog.CategoryInput{Title: m.Title}
	if m.Handle != nil {
		in.Slug = *m.Handle
	}
	if m.DescriptionHTML != nil {
		in.Description = *m.DescriptionHTML
	}
	if m.ParentID != nil && *m.ParentID != "" {
		n, ok := parseID(*m.ParentID)
		if !ok {
			return in, fault.Invalidf("parent_id", "The parent category does not exist.")
		}
		in.ParentID = n
	}
	return in, nil
}
