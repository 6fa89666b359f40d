// Package catalog owns a site's shop catalog: products with their options,
// variants and images, the category tree, stock and its history, old
// addresses (for 301s) and search. Every function takes the site ID first
// after ctx, and every query is scoped by it.
package catalog

import (
	"context"
	"fmt"
	"html/template"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Errors of the catalog; each wraps a fault kind.
var (
	ErrProductNotFound  = fmt.Errorf("product: %w", fault.ErrNotFound)
	ErrVariantNotFound  = fmt.Errorf("variant: %w", fault.ErrNotFound)
	ErrCategoryNotFound = fmt.Errorf("category: %w", fault.ErrNotFound)
)

// Status is a product's visibility.
type Status string

// A draft is being prepared, an active product is on sale in the
// storefront, an archived one is kept (for orders and reports) but hidden.
const (
	StatusDraft    Status = "draft"
	StatusActive   Status = "active"
	StatusArchived Status = "archived"
)

func (s Status) valid() bool {
	return s == StatusDraft || s == StatusActive || s == StatusArchived
}

// Limits of one product.
const (
	MaxOptions  = 3
	MaxValues   = 100 // values of one option
	MaxVariants = 100
	MaxImages   = 50
)

// Product is one product of a site. Money is in integer minor units of
// Currency (cents for EUR, yen for JPY).
type Product struct {
	ID             int64
	SiteID         int64
	Slug           string
	Title          string
	Description    template.HTML // sanitised on the way in
	Status         Status
	Price          int64 // the lowest price of its variants ("from")
	CompareAtPrice int64 // 0 when there is none
	Currency       string
	TaxClass       string
	SKU            string // the product's own (parent) SKU; variants have theirs
	EAN            string
	WeightGrams    int
	SEOTitle       string
	SEODescription string
	CreatedAt      time.Time
	UpdatedAt      time.Time

	// Filled by Product, ProductBySlug and ActiveProductBySlug; left empty
	// in lists.
	Options    []Option
	Variants   []Variant
	Images     []Image
	Categories []CategoryRef
}

// Option is one way a product varies ("Size": S, M, L), in order.
type Option struct {
	Name   string
	Values []string
}

// Variant is what is sold and counted. OptionValues holds its value of each
// of the product's options, in the options' order; it is empty for the one
// default variant of a product without options.
type Variant struct {
	ID                int64
	ProductID         int64
	Position          int
	OptionValues      []string
	SKU               string
	Price             int64
	CompareAtPrice    int64
	Stock             int
	TrackStock        bool
	AllowBackorder    bool // "sell when out of stock"
	LowStockThreshold int
	WeightGrams       int
	ImageMediaID      int64 // 0 for none
}

// Title is the variant's option values joined ("M / Red"), or "" for a
// default variant.
func (v Variant) Title() string {
	t := ""
	for i, s := range v.OptionValues {
		if i > 0 {
			t += " / "
		}
		t += s
	}
	return t
}

// Available reports whether the variant can be sold now.
func (v Variant) Available() bool {
	return !v.TrackStock || v.AllowBackorder || v.Stock > 0
}

// Image is a picture of a product from the site's media library.
type Image struct {
	ID      int64
	MediaID int64
	Alt     string
}

// CategoryRef names a category a product is in, for links and breadcrumbs.
type CategoryRef struct {
	ID       int64
	ParentID int64
	Slug     string
	Title    string
}

// Store reads and writes the catalog.
type Store struct {
	db     *sqldb.DB
	queue  *jobs.Queue // runs imports; set by UseQueue
	feeds  feedCache
	policy *bluemonday.Policy
	now    func() time.Time
	media  MediaUses // nil until UseMedia: image uses are then not recorded
	events Events    // nil until UseEvents: changes are then not announced
}

// MediaUses records which images an owner shows, in the owner's
// transaction (the media library's store does); an image that is not the
// site's is refused with a fault.Invalid.
type MediaUses interface {
	SetUsesTx(ctx context.Context, tx *sqldb.Tx, siteID int64, ownerKind string, ownerID int64, ids []int64) error
}

// UseMedia makes the store record each product's images (its own and its
// variants') as uses of the media library, so that the library says where
// an image is used and refuses an image that is not the site's.
func (s *Store) UseMedia(m MediaUses) { s.media = m }

// setImageUses records the images of product p as used by it; nil for a
// deleted product.
func (s *Store) setImageUses(ctx context.Context, tx *sqldb.Tx, siteID, productID int64, ids []int64) error {
	if s.media == nil {
		return nil
	}
	err := s.media.SetUsesTx(ctx, tx, siteID, "product", productID, ids)
	if _, ok := fault.AsInvalid(err); ok {
		return fault.Invalidf("images", "An image you chose is no longer in the media library. Choose it again.")
	}
	return err
}

// imageIDs are the media IDs p shows: its images and its variants' images.
func imageIDs(p Product) []int64 {
	var ids []int64
	for _, im := range p.Images {
		ids = append(ids, im.MediaID)
	}
	for _, v := range p.Variants {
		if v.ImageMediaID != 0 {
			ids = append(ids, v.ImageMediaID)
		}
	}
	return ids
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store {
	// The same policy as pages: owners write rich text, never script.
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Globally()
	p.AllowElements("section", "header", "footer", "figure", "figcaption", "address")
	return &Store{db: db, policy: p, now: time.Now}
}

// Sanitize cleans owner-written HTML.
func (s *Store) Sanitize(html string) template.HTML {
	return template.HTML(s.policy.Sanitize(html)) //nolint:gosec // sanitised just now
}

// contentChanged moves the site's content version on, so that no cache
// serves an old catalog page again, and announces the change once tx
// commits.
func contentChanged(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}

// inTx runs f in a transaction that ends by announcing the site's change.
func (s *Store) inTx(ctx context.Context, siteID int64, f func(tx *sqldb.Tx) error) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := f(tx); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	b := make([]byte, 0, 3*n)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
	}
	return string(b)
}
