package storefront

import (
	"encoding/json"
	"html/template"
	"strconv"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/themes"
)

// money formats minor units for the site's language: "€12.50" in English,
// "12,50 €" in German.
type money struct{ f *currency.Formatter }

func newMoney(language string) money {
	if language == "" {
		language = "en"
	}
	return money{f: currency.NewFormatter(currency.NewLocale(language))}
}

func (m money) format(minor int64, code string) string {
	a, err := currency.NewAmountFromInt64(minor, code)
	if err != nil {
		return strconv.FormatInt(minor, 10) + " " + code
	}
	return m.f.Format(a)
}

// decimal writes minor units as the decimal number JSON-LD wants ("12.50").
func decimal(minor int64, code string) string {
	a, err := currency.NewAmountFromInt64(minor, code)
	if err != nil {
		return strconv.FormatInt(minor, 10)
	}
	return a.Number()
}

// stock is what the shopper is told about a variant: the words and the
// schema.org availability they stand for.
type stock struct {
	words, schema string
	available     bool
}

func stockOf(v catalog.Variant) stock {
	const schema = "https://schema.org/"
	switch {
	case !v.TrackStock:
		return stock{"In stock", schema + "InStock", true}
	case v.Stock > 0 && v.Stock <= v.LowStockThreshold:
		return stock{"Only " + strconv.Itoa(v.Stock) + " left", schema + "LimitedAvailability", true}
	case v.Stock > 0:
		return stock{"In stock", schema + "InStock", true}
	case v.AllowBackorder:
		return stock{"Available to order", schema + "BackOrder", true}
	default:
		return stock{"Out of stock", schema + "OutOfStock", false}
	}
}

// variantJSON is one variant as the picker's script reads it. The ID is a
// string: IDs use all 64 bits, more than a JavaScript number holds exactly.
type variantJSON struct {
	ID           string   `json:"id"`
	Options      []string `json:"options"`
	Price        string   `json:"price"`
	CompareAt    string   `json:"compareAt"`
	SKU          string   `json:"sku"`
	Available    bool     `json:"available"`
	Availability string   `json:"availability"`
}

func variantsJSON(p catalog.Product, m money) string {
	out := make([]variantJSON, 0, len(p.Variants))
	for _, v := range p.Variants {
		st := stockOf(v)
		j := variantJSON{ID: strconv.FormatInt(v.ID, 10), Options: v.OptionValues, Price: m.format(v.Price, p.Currency),
			SKU: v.SKU, Available: st.available, Availability: st.words}
		if j.Options == nil {
			j.Options = []string{}
		}
		if v.CompareAtPrice > v.Price {
			j.CompareAt = m.format(v.CompareAtPrice, p.Currency)
		}
		out = append(out, j)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// productLD is a schema.org Product with one offer per variant.
type productLD struct {
	Context     string    `json:"@context"`
	Type        string    `json:"@type"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	SKU         string    `json:"sku,omitempty"`
	GTIN        string    `json:"gtin13,omitempty"`
	Image       []string  `json:"image,omitempty"`
	URL         string    `json:"url"`
	Offers      []offerLD `json:"offers"`
}

type offerLD struct {
	Type          string `json:"@type"`
	Price         string `json:"price"`
	PriceCurrency string `json:"priceCurrency"`
	Availability  string `json:"availability"`
	SKU           string `json:"sku,omitempty"`
	Name          string `json:"name,omitempty"`
	URL           string `json:"url"`
}

// jsonLD marshals the product's structured data. encoding/json escapes <,
// > and & as \u003c and so on, so the text can never close its <script>
// element; only then is it marked as safe for the template.
func jsonLD(p catalog.Product, siteURL, description string, images []string) template.JS {
	url := siteURL + "/products/" + p.Slug
	ld := productLD{Context: "https://schema.org", Type: "Product", Name: p.Title, Description: description,
		SKU: p.SKU, GTIN: p.EAN, Image: images, URL: url}
	for _, v := range p.Variants {
		ld.Offers = append(ld.Offers, offerLD{Type: "Offer", Price: decimal(v.Price, p.Currency), PriceCurrency: p.Currency,
			Availability: stockOf(v).schema, SKU: v.SKU, Name: v.Title(), URL: url + "?variant=" + strconv.FormatInt(v.ID, 10)})
	}
	b, err := json.Marshal(ld)
	if err != nil {
		return ""
	}
	return template.JS(b) //nolint:gosec // json.Marshal escaped <, > and &
}

// card is a product in a grid.
func card(l catalog.Listed, m money, pic *themes.Picture) themes.ProductCard {
	c := themes.ProductCard{URL: "/products/" + l.Slug, Title: l.Title, Price: m.format(l.Price, l.Currency),
		Available: l.Available, Picture: pic}
	if l.VariantCount > 1 {
		c.Price = "from " + c.Price
	} else if l.CompareAtPrice > l.Price {
		c.CompareAt = m.format(l.CompareAtPrice, l.Currency)
	}
	if !l.Available {
		c.Availability = "Out of stock"
	}
	return c
}
