package catalog

import (
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
)

// ProductInput is what the owner edits. A product without options has
// exactly one variant: give it in Variants, or leave Variants empty and the
// default variant takes Price, CompareAtPrice, SKU and WeightGrams (stock
// untracked on a new product, unchanged on an existing one). With options,
// every variant is listed, and the product's Price becomes the lowest of
// theirs.
type ProductInput struct {
	Title          string
	Slug           string // made from the title when empty
	Description    string // HTML, sanitised
	Status         Status // draft when empty
	Price          int64
	CompareAtPrice int64
	Currency       string // ISO 4217, such as "EUR"
	TaxClass       string
	SKU            string
	EAN            string
	WeightGrams    int
	SEOTitle       string
	SEODescription string
	Options        []Option
	Variants       []VariantInput
	Images         []ImageInput
	CategoryIDs    []int64
	// ActorAccountID is the account saving the product, recorded as who
	// set the starting stock of its new variants; 0 when no person does
	// (samples, imports).
	ActorAccountID int64
}

// VariantInput is one variant as the owner edits it. ID is 0 for a new
// variant and the variant's ID to keep it (and its stock and history).
// Stock is the starting stock of a new variant; an existing variant's stock
// changes only through AdjustStock and SetStock, which record why.
type VariantInput struct {
	ID                int64
	OptionValues      []string
	SKU               string
	Price             int64
	CompareAtPrice    int64
	Stock             int
	TrackStock        bool
	AllowBackorder    bool
	LowStockThreshold int
	WeightGrams       int
	ImageMediaID      int64
}

// ImageInput is one image of a product, in order.
type ImageInput struct {
	MediaID int64
	Alt     string
}

// maxMoney keeps amounts far from int64 overflow when summed or scaled.
const maxMoney = 1_000_000_000_000

func validSlug(s string) bool {
	return s != "" && len(s) <= 100 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

// slugify makes an address from a title: "Crème Brûlée!" → "creme-brulee".
func slugify(title string) string {
	s := strings.Join(words(title), "-")
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	s = strings.Trim(b.String(), "-")
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	if len(s) > 100 {
		s = strings.TrimRight(s[:100], "-")
	}
	return s
}

func validCurrency(c string) bool {
	return len(c) == 3 && strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// validEAN accepts GTIN-8, -12, -13 and -14 with a correct check digit.
func validEAN(s string) bool {
	if n := len(s); n != 8 && n != 12 && n != 13 && n != 14 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	sum := 0
	for i := len(s) - 2; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return (10-sum%10)%10 == int(s[len(s)-1]-'0')
}

func checkMoney(v *fault.Invalid, field string, price, compareAt int64) {
	switch {
	case price < 0:
		v.Add(field+"price", "The price cannot be negative.")
	case price > maxMoney:
		v.Add(field+"price", "The price is too high.")
	}
	switch {
	case compareAt < 0 || compareAt > maxMoney:
		v.Add(field+"compareAtPrice", "Enter a compare-at price from 0 up, or leave it empty.")
	case compareAt != 0 && compareAt <= price:
		v.Add(field+"compareAtPrice", "The compare-at price must be higher than the price, or left empty.")
	}
}

// Check reports what is wrong with the input as CreateProduct and
// UpdateProduct would, without saving anything (nor checking what needs
// the database, such as a taken address), so that a form whose other
// fields could not even be read can still show every problem at once.
func (in ProductInput) Check() error {
	return in.normalize()
}

// normalize trims the input, fills defaults and checks everything that can
// be checked without the database, naming each field as the admin form and
// the API do ("variants[2].price").
func (in *ProductInput) normalize() error {
	var v fault.Invalid
	in.Title = strings.TrimSpace(in.Title)
	in.Slug = strings.Trim(strings.ToLower(strings.TrimSpace(in.Slug)), "/")
	if in.Slug == "" {
		in.Slug = slugify(in.Title)
	}
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	in.SKU = strings.TrimSpace(in.SKU)
	in.EAN = strings.TrimSpace(in.EAN)
	in.TaxClass = strings.TrimSpace(in.TaxClass)
	in.SEOTitle = strings.TrimSpace(in.SEOTitle)
	in.SEODescription = strings.TrimSpace(in.SEODescription)
	if in.Status == "" {
		in.Status = StatusDraft
	}
	switch {
	case in.Title == "":
		v.Add("title", "Give the product a title.")
	case len([]rune(in.Title)) > 200:
		v.Add("title", "Use at most 200 characters.")
	}
	if !validSlug(in.Slug) {
		v.Add("slug", "Use 1 to 100 letters a–z, digits and hyphens.")
	}
	if !in.Status.valid() {
		v.Add("status", "Choose draft, active or archived.")
	}
	if len(in.Description) > 512*1024 {
		v.Add("description", "The description is too long: keep it under 512 KB.")
	}
	if !validCurrency(in.Currency) {
		v.Add("currency", "Use a three-letter currency code such as EUR.")
	}
	if len(in.TaxClass) > 50 {
		v.Add("taxClass", "Use at most 50 characters.")
	}
	if len(in.SKU) > 100 {
		v.Add("sku", "Use at most 100 characters.")
	}
	if in.EAN != "" && !validEAN(in.EAN) {
		v.Add("ean", "Enter an EAN (GTIN) of 8, 12, 13 or 14 digits with its check digit.")
	}
	if in.WeightGrams < 0 {
		v.Add("weightGrams", "The weight cannot be negative.")
	}
	if len([]rune(in.SEOTitle)) > 200 {
		v.Add("seoTitle", "Use at most 200 characters.")
	}
	if len([]rune(in.SEODescription)) > 500 {
		v.Add("seoDescription", "Use at most 500 characters.")
	}
	in.normalizeOptions(&v)
	in.normalizeVariants(&v)
	if len(in.Images) > MaxImages {
		v.Add("images", fmt.Sprintf("A product can have at most %d images.", MaxImages))
	}
	for i := range in.Images {
		im := &in.Images[i]
		im.Alt = strings.TrimSpace(im.Alt)
		if im.MediaID <= 0 {
			v.Add(fmt.Sprintf("images[%d].mediaId", i), "Choose an image from the media library.")
		}
		if len([]rune(im.Alt)) > 300 {
			v.Add(fmt.Sprintf("images[%d].alt", i), "Use at most 300 characters.")
		}
	}
	seen := map[int64]bool{}
	ids := in.CategoryIDs[:0:0]
	for _, id := range in.CategoryIDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	in.CategoryIDs = ids
	return v.Err()
}

func (in *ProductInput) normalizeOptions(v *fault.Invalid) {
	if len(in.Options) > MaxOptions {
		v.Add("options", fmt.Sprintf("A product can have at most %d options.", MaxOptions))
		return
	}
	names := map[string]bool{}
	for i := range in.Options {
		o := &in.Options[i]
		field := fmt.Sprintf("options[%d]", i)
		o.Name = strings.TrimSpace(o.Name)
		switch {
		case o.Name == "":
			v.Add(field+".name", "Name the option, such as Size or Colour.")
		case len([]rune(o.Name)) > 100:
			v.Add(field+".name", "Use at most 100 characters.")
		case names[strings.ToLower(o.Name)]:
			v.Add(field+".name", "Another option has this name.")
		}
		names[strings.ToLower(o.Name)] = true
		values := map[string]bool{}
		for j := range o.Values {
			o.Values[j] = strings.TrimSpace(o.Values[j])
			val := o.Values[j]
			vf := fmt.Sprintf("%s.values[%d]", field, j)
			switch {
			case val == "":
				v.Add(vf, "Enter a value.")
			case len([]rune(val)) > 100:
				v.Add(vf, "Use at most 100 characters.")
			case values[strings.ToLower(val)]:
				v.Add(vf, "This value is listed twice.")
			}
			values[strings.ToLower(val)] = true
		}
		switch {
		case len(o.Values) == 0:
			v.Add(field+".values", "Give the option at least one value.")
		case len(o.Values) > MaxValues:
			v.Add(field+".values", fmt.Sprintf("An option can have at most %d values.", MaxValues))
		}
	}
}

func (in *ProductInput) normalizeVariants(v *fault.Invalid) {
	switch {
	case len(in.Options) == 0 && len(in.Variants) > 1:
		v.Add("variants", "A product without options has one variant: add an option (such as Size) to sell several.")
		return
	case len(in.Options) > 0 && len(in.Variants) == 0:
		v.Add("variants", "Add at least one variant for the options.")
		return
	case len(in.Variants) > MaxVariants:
		v.Add("variants", fmt.Sprintf("A product can have at most %d variants.", MaxVariants))
		return
	}
	if len(in.Options) == 0 && len(in.Variants) == 0 {
		checkMoney(v, "", in.Price, in.CompareAtPrice)
		return
	}
	combos := map[string]int{}
	skus := map[string]int{}
	ids := map[int64]bool{}
	for i := range in.Variants {
		vi := &in.Variants[i]
		field := fmt.Sprintf("variants[%d].", i)
		vi.SKU = strings.TrimSpace(vi.SKU)
		for j := range vi.OptionValues {
			vi.OptionValues[j] = strings.TrimSpace(vi.OptionValues[j])
		}
		if len(vi.OptionValues) != len(in.Options) {
			v.Add(field+"optionValues", fmt.Sprintf("Choose a value for each of the %d options.", len(in.Options)))
		} else {
			for j, val := range vi.OptionValues {
				if k := indexFold(in.Options[j].Values, val); k < 0 {
					v.Add(fmt.Sprintf("%soptionValues[%d]", field, j), fmt.Sprintf("Choose one of the values of %s.", in.Options[j].Name))
				} else {
					vi.OptionValues[j] = in.Options[j].Values[k]
				}
			}
			key := strings.ToLower(strings.Join(vi.OptionValues, "\x00"))
			if first, dup := combos[key]; dup {
				v.Add(field+"optionValues", fmt.Sprintf("Variant %d already has these values.", first+1))
			} else {
				combos[key] = i
			}
		}
		if vi.SKU != "" {
			if len(vi.SKU) > 100 {
				v.Add(field+"sku", "Use at most 100 characters.")
			} else if first, dup := skus[vi.SKU]; dup {
				v.Add(field+"sku", fmt.Sprintf("Variant %d already has this SKU.", first+1))
			} else {
				skus[vi.SKU] = i
			}
		}
		if vi.ID != 0 {
			if ids[vi.ID] {
				v.Add(field+"id", "This variant is listed twice.")
			}
			ids[vi.ID] = true
		}
		checkMoney(v, field, vi.Price, vi.CompareAtPrice)
		if vi.Stock < 0 && vi.ID == 0 {
			v.Add(field+"stock", "The starting stock cannot be negative.")
		}
		if vi.LowStockThreshold < 0 {
			v.Add(field+"lowStockThreshold", "The threshold cannot be negative.")
		}
		if vi.WeightGrams < 0 {
			v.Add(field+"weightGrams", "The weight cannot be negative.")
		}
		if vi.ImageMediaID < 0 {
			v.Add(field+"imageMediaId", "Choose an image from the media library.")
		}
	}
}

func indexFold(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(x, s) {
			return i
		}
	}
	return -1
}
