package catalog

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strconv"
)

// productURL is the product's absolute address, with the variant chosen
// when there is one.
func productURL(site FeedSite, p Product, v *Variant) string {
	u := site.BaseURL + "/products/" + url.PathEscape(p.Slug)
	if v != nil {
		u += "?variant=" + strconv.FormatInt(v.ID, 10)
	}
	return u
}

// feedItem is one sellable thing of a product: the product itself when it
// has no options, else each variant.
type feedItem struct {
	p       Product
	v       Variant
	variant bool // the product has options; v is one of several
}

func feedItems(p Product) []feedItem {
	var out []feedItem
	for _, v := range p.Variants {
		out = append(out, feedItem{p: p, v: v, variant: len(p.Options) > 0})
	}
	return out
}

func (it feedItem) id() string {
	if it.variant {
		return strconv.FormatInt(it.v.ID, 10)
	}
	return strconv.FormatInt(it.p.ID, 10)
}

func (it feedItem) title() string {
	if it.variant {
		return it.p.Title + " – " + it.v.Title()
	}
	return it.p.Title
}

func (it feedItem) link(site FeedSite) string {
	if it.variant {
		return productURL(site, it.p, &it.v)
	}
	return productURL(site, it.p, nil)
}

func (it feedItem) sku() string {
	if it.v.SKU != "" {
		return it.v.SKU
	}
	return it.p.SKU
}

func (it feedItem) price() string {
	return formatMoney(it.v.Price, currencyDigits(it.p.Currency))
}

// googleFeed is Google Merchant Center's RSS 2.0 product feed.
type googleFeed struct {
	XMLName xml.Name      `xml:"rss"`
	Version string        `xml:"version,attr"`
	G       string        `xml:"xmlns:g,attr"`
	Channel googleChannel `xml:"channel"`
}

type googleChannel struct {
	Title string       `xml:"title"`
	Link  string       `xml:"link"`
	Desc  string       `xml:"description"`
	Items []googleItem `xml:"item"`
}

// GoogleItem is one item of the Google feed; the g: elements are written
// with their prefix, as Google's examples are.
type googleItem struct {
	ID           string `xml:"g:id"`
	Title        string `xml:"g:title"`
	Description  string `xml:"g:description"`
	Link         string `xml:"g:link"`
	ImageLink    string `xml:"g:image_link,omitempty"`
	Price        string `xml:"g:price"`
	SalePrice    string `xml:"g:sale_price,omitempty"`
	Availability string `xml:"g:availability"`
	Condition    string `xml:"g:condition"`
	Brand        string `xml:"g:brand"`
	GTIN         string `xml:"g:gtin,omitempty"`
	MPN          string `xml:"g:mpn,omitempty"`
	ItemGroupID  string `xml:"g:item_group_id,omitempty"`
	Identifier   string `xml:"g:identifier_exists,omitempty"`
}

// WriteGoogleFeed writes products as a Google Merchant Center feed: one
// item per variant (grouped by item_group_id) or per product without
// options; price "12.50 EUR"; the shop's title as brand.
func WriteGoogleFeed(w io.Writer, site FeedSite, products []Product, images map[int64]string) error {
	f := googleFeed{Version: "2.0", G: "http://base.google.com/ns/1.0", Channel: googleChannel{
		Title: site.Title, Link: site.BaseURL + "/", Desc: "Products of " + site.Title}}
	for _, p := range products {
		for _, it := range feedItems(p) {
			gi := googleItem{ID: it.id(), Title: it.title(), Description: plainText(string(p.Description)), Link: it.link(site),
				ImageLink: images[p.ID], Price: it.price() + " " + p.Currency, Availability: "out_of_stock", Condition: "new",
				Brand: site.Title, GTIN: p.EAN, MPN: it.sku()}
			if gi.Description == "" {
				gi.Description = p.Title
			}
			if it.v.CompareAtPrice > it.v.Price {
				gi.SalePrice = gi.Price
				gi.Price = formatMoney(it.v.CompareAtPrice, currencyDigits(p.Currency)) + " " + p.Currency
			}
			if it.v.Available() {
				gi.Availability = "in_stock"
			}
			if it.variant {
				gi.ItemGroupID = strconv.FormatInt(p.ID, 10)
			}
			if gi.GTIN == "" && gi.MPN == "" {
				gi.Identifier = "no"
			}
			f.Channel.Items = append(f.Channel.Items, gi)
		}
	}
	return writeXML(w, f)
}

// heurekaShop is Heureka's product feed (heureka.cz / heureka.sk).
type heurekaShop struct {
	XMLName xml.Name      `xml:"SHOP"`
	Items   []heurekaItem `xml:"SHOPITEM"`
}

type heurekaItem struct {
	ItemID       string         `xml:"ITEM_ID"`
	ProductName  string         `xml:"PRODUCTNAME"`
	Product      string         `xml:"PRODUCT"`
	Description  string         `xml:"DESCRIPTION"`
	URL          string         `xml:"URL"`
	ImgURL       string         `xml:"IMGURL,omitempty"`
	PriceVAT     string         `xml:"PRICE_VAT"`
	EAN          string         `xml:"EAN,omitempty"`
	ProductNo    string         `xml:"PRODUCTNO,omitempty"`
	DeliveryDate string         `xml:"DELIVERY_DATE"`
	ItemGroupID  string         `xml:"ITEMGROUP_ID,omitempty"`
	Params       []heurekaParam `xml:"PARAM"`
}

type heurekaParam struct {
	Name  string `xml:"PARAM_NAME"`
	Value string `xml:"VAL"`
}

// heurekaUnavailableDays is the DELIVERY_DATE of an item out of stock that
// can be ordered anyway: Heureka reads a number as days.
const heurekaUnavailableDays = "14"

// WriteHeurekaFeed writes products in Heureka's SHOPITEM format: one item
// per variant (ITEMGROUP_ID ties them, PARAM names their options) or per
// product; DELIVERY_DATE 0 when in stock. Items that cannot be sold are
// left out, as Heureka asks.
func WriteHeurekaFeed(w io.Writer, site FeedSite, products []Product, images map[int64]string) error {
	var f heurekaShop
	for _, p := range products {
		for _, it := range feedItems(p) {
			if !it.v.Available() {
				continue
			}
			hi := heurekaItem{ItemID: it.id(), ProductName: it.title(), Product: it.title(), Description: plainText(string(p.Description)),
				URL: it.link(site), ImgURL: images[p.ID], PriceVAT: it.price(), EAN: p.EAN, ProductNo: it.sku(), DeliveryDate: "0"}
			if it.v.TrackStock && it.v.Stock <= 0 {
				hi.DeliveryDate = heurekaUnavailableDays
			}
			if it.variant {
				hi.ItemGroupID = strconv.FormatInt(p.ID, 10)
				for i, val := range it.v.OptionValues {
					if i < len(p.Options) {
						hi.Params = append(hi.Params, heurekaParam{Name: p.Options[i].Name, Value: val})
					}
				}
			}
			f.Items = append(f.Items, hi)
		}
	}
	return writeXML(w, f)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// JSONFeed is the shape of products.json: IDs are strings (they exceed
// JavaScript's exact integers), prices decimal strings in the currency.
//
//	{"shop": "Bakery Anna", "url": "https://…", "currency": "EUR",
//	 "products": [{"id": "…", "handle": "rye-bread", "title": "Rye bread",
//	   "description": "plain text", "url": "https://…/products/rye-bread",
//	   "image": "https://…/media/…", "price": "4.20", "currency": "EUR",
//	   "available": true, "ean": "", "sku": "",
//	   "options": [{"name": "Size", "values": ["500 g", "1 kg"]}],
//	   "variants": [{"id": "…", "sku": "RYE-500", "title": "500 g",
//	     "options": ["500 g"], "price": "4.20", "compare_at_price": "",
//	     "available": true}]}]}
type JSONFeed struct {
	Shop     string        `json:"shop"`
	URL      string        `json:"url"`
	Currency string        `json:"currency"`
	Products []JSONProduct `json:"products"`
}

// JSONProduct is one product of the JSON feed.
type JSONProduct struct {
	ID          string        `json:"id"`
	Handle      string        `json:"handle"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	URL         string        `json:"url"`
	Image       string        `json:"image"`
	Price       string        `json:"price"`
	Currency    string        `json:"currency"`
	Available   bool          `json:"available"`
	EAN         string        `json:"ean"`
	SKU         string        `json:"sku"`
	Options     []JSONOption  `json:"options"`
	Variants    []JSONVariant `json:"variants"`
}

// JSONOption is one option of a product of the JSON feed.
type JSONOption struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// JSONVariant is one variant of a product of the JSON feed.
type JSONVariant struct {
	ID             string   `json:"id"`
	SKU            string   `json:"sku"`
	Title          string   `json:"title"`
	Options        []string `json:"options"`
	Price          string   `json:"price"`
	CompareAtPrice string   `json:"compare_at_price"`
	Available      bool     `json:"available"`
}

// WriteJSONFeed writes products as a JSONFeed.
func WriteJSONFeed(w io.Writer, site FeedSite, products []Product, images map[int64]string) error {
	f := JSONFeed{Shop: site.Title, URL: site.BaseURL + "/", Currency: site.Currency, Products: []JSONProduct{}}
	for _, p := range products {
		digits := currencyDigits(p.Currency)
		jp := JSONProduct{ID: strconv.FormatInt(p.ID, 10), Handle: p.Slug, Title: p.Title, Description: plainText(string(p.Description)),
			URL: productURL(site, p, nil), Image: images[p.ID], Price: formatMoney(p.Price, digits), Currency: p.Currency,
			Available: productAvailable(p), EAN: p.EAN, SKU: p.SKU, Options: []JSONOption{}, Variants: []JSONVariant{}}
		for _, o := range p.Options {
			jp.Options = append(jp.Options, JSONOption{Name: o.Name, Values: o.Values})
		}
		for _, v := range p.Variants {
			jv := JSONVariant{ID: strconv.FormatInt(v.ID, 10), SKU: v.SKU, Title: v.Title(), Options: v.OptionValues,
				Price: formatMoney(v.Price, digits), Available: v.Available()}
			if jv.Options == nil {
				jv.Options = []string{}
			}
			if v.CompareAtPrice != 0 {
				jv.CompareAtPrice = formatMoney(v.CompareAtPrice, digits)
			}
			jp.Variants = append(jp.Variants, jv)
		}
		f.Products = append(f.Products, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(f)
}
