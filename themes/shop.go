package themes

import "html/template"

// The shop's views: what the storefront hands a design to draw the
// catalog. Every text is ready to print (prices formatted for the site's
// language, availability worded), so that no design formats money or
// decides what "low stock" means.

// ShopView is what every page of a site with a shop shows of it.
type ShopView struct {
	// SearchPage is set on the search page, which has its own, larger box.
	SearchPage bool
}

// Crumb is one step of a breadcrumb trail; the last one has no URL.
type Crumb struct {
	Title, URL string
}

// Picture is an image as an <img> element, written by the media library
// with src, srcset, sizes and the loading hint already chosen.
type Picture struct {
	Img template.HTML
}

// ProductCard is a product in a grid.
type ProductCard struct {
	URL, Title     string
	Price          string // "€12.50", or "from €12.50" for a product with dearer variants
	CompareAt      string // the struck-through price, "" for none
	Available      bool
	Availability   string // "Out of stock" when not available, else ""
	Picture        *Picture
	PictureMissing bool
}

// SortChoice is one way a grid can be sorted.
type SortChoice struct {
	Value, Label string
	Current      bool
}

// ListingView is a grid of products: the shop, a category, search results.
type ListingView struct {
	Kind        string // "products", "category" or "search"
	Heading     string
	Intro       template.HTML // a category's description (sanitised), may be empty
	Crumbs      []Crumb
	Subcategory []Crumb // a category's children, as links
	Products    []ProductCard
	Action      string // the form's URL for sorting: the page's own path
	Query       string // the search words, kept in the search box
	Sorts       []SortChoice
	MoreURL     string // the next page, "" on the last one
	// Empty is set when nothing is listed; Suggestions are then links to
	// look elsewhere (all products, the top categories).
	Empty       bool
	Suggestions []Crumb
}

// ProductView is a product page, drawn for one chosen variant.
type ProductView struct {
	Title        string
	Description  template.HTML // sanitised when saved
	Crumbs       []Crumb
	Pictures     []Picture // the first is loaded eagerly
	Price        string
	CompareAt    string
	SKU          string
	Available    bool
	Availability string // "In stock", "Only 3 left", "Out of stock", "Available to order"
	Unavailable  bool   // the chosen option values match no variant
	Action       string // the product's own URL: the variant form's target
	Options      []OptionChoice
	VariantID    int64
	// VariantsJSON lists every variant for the small script that updates
	// the price in place; it is read from a data- attribute, never run.
	VariantsJSON string
	// JSONLD is the schema.org Product, marshalled by encoding/json (which
	// escapes <, > and &, so it cannot end its <script> element).
	JSONLD template.JS
}

// OptionChoice is one <select> of the variant form.
type OptionChoice struct {
	Name, Field string // "Size", "o1"
	Values      []OptionValue
}

// OptionValue is one <option>.
type OptionValue struct {
	Value    string
	Selected bool
}
