// Package model holds the API's object types. Most are generated from the
// schema (models_gen.go); the few here carry the catalog's record along, so
// that a product's variants and images are read only when asked for.
package model

import "github.com/pagecart/pagecart/internal/catalog"

// Product is a product as the API shows it. Variants, images and
// categories are resolved from Raw, loading the whole product when Raw
// came from a list (Full false).
type Product struct {
	ID              string
	Handle          string
	Title           string
	DescriptionHTML string
	Status          ProductStatus
	Price           *Money
	CompareAtPrice  *Money
	Sku             string
	Ean             string
	WeightGrams     int
	CreatedAt       string
	UpdatedAt       string

	Raw  catalog.Product
	Full bool
}
