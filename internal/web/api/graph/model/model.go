// Package model holds the API's object types. Most are generated from the
// schema (models_gen.go); the few here carry the catalog's record along, so
// that a product's variants and images are read only when asked for.
package model

import (
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/webhooks"
)

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

// Order is an order as the API shows it; its lines, timeline, payments,
// invoices and customer are resolved from Raw only when asked for.
type Order struct {
	ID               string
	Number           string
	Status           string
	PaymentStatus    PaymentStatus
	Source           string
	Email            *string
	Phone            *string
	CustomerName     *string
	BillingAddress   *Address
	ShippingAddress  *Address
	Currency         string
	PricesIncludeTax bool
	Subtotal         *Money
	ShippingTotal    *Money
	PaymentFee       *Money
	TaxTotal         *Money
	Total            *Money
	PaidTotal        *Money
	Due              *Money
	ShippingMethod   string
	PaymentMethod    string
	PaymentReference string
	Note             string
	StaffNote        string
	Cancelled        bool
	CancelledAt      *string
	PaidAt           *string
	CreatedAt        string
	UpdatedAt        string

	Raw orders.Order
	// Full is set when Raw holds the lines (an order read by ID).
	Full bool
}

// Customer is a customer as the API shows it; addresses and orders are
// read when asked for.
type Customer struct {
	ID          string
	Email       *string
	Name        *string
	Phone       *string
	Note        string
	HasAccount  bool
	CreatedAt   string
	OrdersCount int
	TotalSpent  *Money

	Raw customers.Customer
}

// Webhook is a subscription as the API shows it; its deliveries are read
// when asked for.
type Webhook struct {
	ID           string
	Topic        string
	URL          string
	Status       string
	PausedReason string
	FailingSince *string
	SecretHint   string
	CreatedAt    string
	UpdatedAt    string

	Raw webhooks.Subscription
}

// Page is a page as the API shows it; its sections are decoded from the
// stored JSON only when asked for.
type Page struct {
	ID        string
	Handle    string
	Title     string
	BodyHTML  string
	InMenu    bool
	Position  int
	UpdatedAt string

	// SectionsJSON and DraftJSON are the page's published sections and its
	// draft (nil without one), as pages.Page holds them.
	SectionsJSON []byte
	DraftJSON    []byte
}
