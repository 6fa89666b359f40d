package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/fault"
)

// The product CSV, written by Export and read by ParseCSV, has one row per
// variant, like Shopify's: the first row of a handle carries the product's
// fields, and the rows after it with the same handle add variants (their
// product columns are ignored). The first row of the file names the
// columns, in any order; unknown columns are ignored. Rows are numbered as
// a spreadsheet shows them: the header is row 1.
//
//	handle            the product's address (/products/HANDLE); made from the title when empty
//	title             required on a product's first row
//	description       HTML, sanitised
//	status            draft, active or archived (draft when empty)
//	price             "12.50" or "12,50" in the currency's units (not cents)
//	compare_at_price  the "was" price, or empty
//	currency          ISO 4217 code; the shop's currency when empty
//	sku, ean          the product's own SKU and EAN (GTIN)
//	weight_g          weight in grams
//	tax_class         free text, such as "reduced"
//	option1_name … option3_name    on the first row: the options (Size, Grind)
//	option1_value … option3_value  on every row: this variant's values
//	variant_sku       the variant's SKU; re-imports match variants by it
//	variant_price     the variant's price; the product's price when empty
//	stock             quantity on hand; empty leaves an existing variant's stock alone
//	track_stock       true/false, yes/no, 1/0
//	allow_backorder   sell when out of stock: true/false
//	category          a path such as "Bread/Sourdough", created when missing
//	seo_title, seo_description
var Columns = []string{
	"handle", "title", "description", "status", "price", "compare_at_price", "currency", "sku", "ean",
	"weight_g", "tax_class", "option1_name", "option1_value", "option2_name", "option2_value",
	"option3_name", "option3_value", "variant_sku", "variant_price", "stock", "track_stock",
	"allow_backorder", "category", "seo_title", "seo_description",
}

// requiredColumns must be in every file.
var requiredColumns = []string{"handle", "title", "price"}

// MaxImportBytes is the largest file ParseCSV reads.
const MaxImportBytes = 10 << 20

// MaxListedErrors is how many row errors a parse lists; the rest are
// counted in Parsed.MoreErrors.
const MaxListedErrors = 100

// Messages for a file that cannot be read at all.
const (
	MsgNotUTF8   = "The file is not UTF-8: save it as CSV UTF-8 and try again."
	MsgTooLarge  = "The file is larger than 10 MB: split it into smaller files and import them one by one."
	MsgEmptyFile = "The file is empty: export your products as CSV and try again."
)

// RowError is one problem of one cell (or of a whole row when Column is "").
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Message)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Message)
}

// ImportProduct is one product of a file, as it will be saved.
type ImportProduct struct {
	Row      int // of its first line
	Input    ProductInput
	Category string // path, "" for none
	// Per variant, in Input.Variants' order: its row, and whether the file
	// gave its stock (an existing variant's stock changes only then).
	VariantRows []int
	StockGiven  []bool
}

// Parsed is a whole file: its products, and every problem found.
type Parsed struct {
	Rows       int // data rows, the header not counted
	Products   []ImportProduct
	Errors     []RowError // at most MaxListedErrors
	MoreErrors int        // errors found beyond those listed
}

func (p *Parsed) addError(row int, column, message string) {
	if len(p.Errors) >= MaxListedErrors {
		p.MoreErrors++
		return
	}
	p.Errors = append(p.Errors, RowError{Row: row, Column: column, Message: message})
}

// ErrorCount is every problem found, listed or not.
func (p *Parsed) ErrorCount() int { return len(p.Errors) + p.MoreErrors }

// ParseCSV reads a product file: UTF-8 with or without a byte-order mark,
// separated by commas or semicolons. A file that cannot be read at all (not
// UTF-8, over MaxImportBytes, columns missing, broken quoting) is a
// *fault.Invalid for the field "file"; problems of single cells are listed
// in Parsed.Errors. Money without a currency column is in shopCurrency.
func ParseCSV(r io.Reader, shopCurrency string) (*Parsed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read file: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, fault.Invalidf("file", MsgTooLarge)
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, fault.Invalidf("file", MsgNotUTF8) // UTF-16, as Excel's "Unicode text"
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, fault.Invalidf("file", MsgNotUTF8)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fault.Invalidf("file", MsgEmptyFile)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err)
	}
	cols, err := columnIndex(header)
	if err != nil {
		return nil, err
	}
	p := &Parsed{}
	b := builder{p: p, cols: cols, currency: strings.ToUpper(strings.TrimSpace(shopCurrency)), byHandle: map[string]int{}, skus: map[string]int{}}
	row := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		row++
		if blank(rec) {
			continue
		}
		p.Rows++
		b.add(row, rec)
	}
	b.finish()
	return p, nil
}

// separator guesses the file's separator from its first line: a
// spreadsheet in a language that writes "12,50" saves with semicolons.
func separator(data []byte) rune {
	line := data
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if bytes.Count(line, []byte{';'}) > bytes.Count(line, []byte{','}) {
		return ';'
	}
	return ','
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		what := "the file is not valid CSV"
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			what = "a quote (\") is not closed or stands inside a field without quotes"
		}
		return fault.Invalidf("file", fmt.Sprintf("Line %d of the file: %s. Save it again as CSV from your spreadsheet.", pe.StartLine, what))
	}
	return fmt.Errorf("read CSV: %w", err)
}

func columnIndex(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if _, dup := cols[h]; dup {
			return nil, fault.Invalidf("file", fmt.Sprintf("The column %s appears twice in the first row.", h))
		}
		cols[h] = i
	}
	var missing []string
	for _, c := range requiredColumns {
		if _, ok := cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fault.Invalidf("file", fmt.Sprintf("The file has no column %s: the first row must name the columns (%s, …).",
			strings.Join(missing, ", "), strings.Join(Columns[:5], ", ")))
	}
	return cols, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// builder groups rows into products.
type builder struct {
	p        *Parsed
	cols     map[string]int
	currency string
	byHandle map[string]int // handle → index in p.Products
	skus     map[string]int // variant SKU → its row
	bad      map[int]bool   // products with a row error, not validated further
}

func (b *builder) get(rec []string, col string) string {
	i, ok := b.cols[col]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (b *builder) add(row int, rec []string) {
	handle := strings.ToLower(b.get(rec, "handle"))
	title := b.get(rec, "title")
	if handle == "" {
		handle = slugify(title)
	}
	if handle == "" {
		b.p.addError(row, "handle", "Give each row a handle, or a title to make one from.")
		return
	}
	idx, seen := b.byHandle[handle]
	if !seen {
		idx = len(b.p.Products)
		b.byHandle[handle] = idx
		cur := strings.ToUpper(b.get(rec, "currency"))
		if cur == "" {
			cur = b.currency
		}
		ip := ImportProduct{Row: row, Category: b.get(rec, "category"), Input: ProductInput{
			Slug: handle, Title: title, Description: b.get(rec, "description"), Status: Status(strings.ToLower(b.get(rec, "status"))),
			Currency: cur, SKU: b.get(rec, "sku"), EAN: b.get(rec, "ean"), TaxClass: b.get(rec, "tax_class"),
			SEOTitle: b.get(rec, "seo_title"), SEODescription: b.get(rec, "seo_description"),
		}}
		in := &ip.Input
		in.Price = b.money(row, rec, "price", cur, true)
		in.CompareAtPrice = b.money(row, rec, "compare_at_price", cur, false)
		in.WeightGrams = b.integer(row, rec, "weight_g")
		for i := 1; i <= MaxOptions; i++ {
			if name := b.get(rec, fmt.Sprintf("option%d_name", i)); name != "" {
				in.Options = append(in.Options, Option{Name: name})
			}
		}
		b.p.Products = append(b.p.Products, ip)
	}
	ip := &b.p.Products[idx]
	in := &ip.Input
	v := VariantInput{SKU: b.get(rec, "variant_sku"), WeightGrams: in.WeightGrams}
	for i := range in.Options {
		val := b.get(rec, fmt.Sprintf("option%d_value", i+1))
		if val == "" {
			b.p.addError(row, fmt.Sprintf("option%d_value", i+1), fmt.Sprintf("Give this variant a value of %s.", in.Options[i].Name))
			b.markBad(idx)
			continue
		}
		if indexFold(in.Options[i].Values, val) < 0 {
			in.Options[i].Values = append(in.Options[i].Values, val)
		}
		v.OptionValues = append(v.OptionValues, val)
	}
	if len(in.Options) == 0 && seen {
		b.p.addError(row, "handle", fmt.Sprintf("The handle %s is on row %d already: a product without options (option1_name) has one row.", handle, ip.Row))
		b.markBad(idx)
		return
	}
	if v.SKU == "" && len(in.Options) == 0 {
		v.SKU = in.SKU
	}
	if v.SKU != "" {
		if first, dup := b.skus[v.SKU]; dup {
			b.p.addError(row, "variant_sku", fmt.Sprintf("The SKU %s is on row %d already.", v.SKU, first))
			b.markBad(idx)
		} else {
			b.skus[v.SKU] = row
		}
	}
	if b.get(rec, "variant_price") != "" {
		v.Price = b.money(row, rec, "variant_price", in.Currency, false)
	} else {
		v.Price = in.Price
	}
	v.CompareAtPrice = in.CompareAtPrice
	if v.CompareAtPrice != 0 && v.CompareAtPrice <= v.Price {
		v.CompareAtPrice = 0 // a variant dearer than the product's "was" price has none
	}
	stockGiven := b.get(rec, "stock") != ""
	v.Stock = b.integer(row, rec, "stock")
	v.TrackStock = b.boolean(row, rec, "track_stock", stockGiven)
	v.AllowBackorder = b.boolean(row, rec, "allow_backorder", false)
	if v.Stock < 0 {
		b.p.addError(row, "stock", "The stock cannot be negative.")
	}
	in.Variants = append(in.Variants, v)
	ip.VariantRows = append(ip.VariantRows, row)
	ip.StockGiven = append(ip.StockGiven, stockGiven)
}

func (b *builder) markBad(idx int) {
	if b.bad == nil {
		b.bad = map[int]bool{}
	}
	b.bad[idx] = true
}

// finish validates each product as the store will, and names the row and
// column of each problem.
func (b *builder) finish() {
	for i := range b.p.Products {
		if b.bad[i] {
			continue
		}
		ip := &b.p.Products[i]
		if len(ip.Input.Options) == 0 {
			// The product's own fields make its one variant.
			v := ip.Input.Variants[0]
			ip.Input.Price, ip.Input.SKU = v.Price, v.SKU
		}
		check := ip.Input
		check.Options = cloneOptions(check.Options)
		check.Variants = append([]VariantInput(nil), check.Variants...)
		for j := range check.Variants {
			check.Variants[j].OptionValues = append([]string(nil), check.Variants[j].OptionValues...)
		}
		err := check.normalize()
		fields, ok := fault.AsInvalid(err)
		if !ok {
			continue
		}
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			row, col := ip.locate(k)
			msg := fields[k]
			if col == "handle" && k == "slug" {
				msg = "Use 1 to 100 letters a–z, digits and hyphens in the handle."
			}
			b.p.addError(row, col, msg)
		}
	}
	sort.SliceStable(b.p.Errors, func(i, j int) bool { return b.p.Errors[i].Row < b.p.Errors[j].Row })
}

func cloneOptions(os []Option) []Option {
	out := make([]Option, len(os))
	for i, o := range os {
		out[i] = Option{Name: o.Name, Values: append([]string(nil), o.Values...)}
	}
	return out
}

// fieldColumns maps the store's field names to the file's columns.
var fieldColumns = map[string]string{
	"title": "title", "slug": "handle", "status": "status", "description": "description", "currency": "currency",
	"taxClass": "tax_class", "sku": "sku", "ean": "ean", "weightGrams": "weight_g", "seoTitle": "seo_title",
	"seoDescription": "seo_description", "price": "price", "compareAtPrice": "compare_at_price", "variants": "option1_name",
	"options": "option1_name",
}

var variantColumns = map[string]string{
	"sku": "variant_sku", "price": "variant_price", "compareAtPrice": "compare_at_price", "stock": "stock",
	"weightGrams": "weight_g",
}

// locate finds the row and column of a store field name such as
// "variants[2].price" or "options[1].values[0]".
func (ip *ImportProduct) locate(field string) (int, string) {
	if c, ok := fieldColumns[field]; ok {
		return ip.Row, c
	}
	var i int
	var rest string
	if n, _ := fmt.Sscanf(field, "variants[%d]", &i); n == 1 && i >= 0 && i < len(ip.VariantRows) {
		rest = field[strings.IndexByte(field, ']')+1:]
		rest = strings.TrimPrefix(rest, ".")
		if c, ok := variantColumns[rest]; ok {
			return ip.VariantRows[i], c
		}
		if strings.HasPrefix(rest, "optionValues") {
			var j int
			if n, _ := fmt.Sscanf(rest, "optionValues[%d]", &j); n == 1 {
				return ip.VariantRows[i], fmt.Sprintf("option%d_value", j+1)
			}
			return ip.VariantRows[i], "option1_value"
		}
		return ip.VariantRows[i], ""
	}
	if n, _ := fmt.Sscanf(field, "options[%d]", &i); n == 1 {
		if strings.Contains(field, "values") {
			return ip.Row, fmt.Sprintf("option%d_value", i+1)
		}
		return ip.Row, fmt.Sprintf("option%d_name", i+1)
	}
	return ip.Row, ""
}

func (b *builder) money(row int, rec []string, col, cur string, required bool) int64 {
	s := b.get(rec, col)
	if s == "" {
		if required {
			b.p.addError(row, col, "Enter a price, such as 12.50.")
		}
		return 0
	}
	digits := uint8(2)
	if d, ok := currency.GetDigits(cur); ok {
		digits = d
	}
	v, ok := parseMoney(s, int(digits))
	if !ok {
		b.p.addError(row, col, fmt.Sprintf("%q is not a price.", s))
	}
	return v
}

// parseMoney reads "12", "12.5", "12.50" or "12,50" into minor units with
// the currency's number of digits.
func parseMoney(s string, digits int) (int64, bool) {
	whole, frac, hasFrac := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if whole == "" || len(whole) > 13 || strings.Trim(whole, "0123456789") != "" {
		return 0, false
	}
	if len(frac) > digits && strings.Trim(frac[digits:], "0") == "" {
		frac = frac[:digits] // "9.00" yen
	}
	if hasFrac && (frac == "" && digits > 0 || len(frac) > digits || strings.Trim(frac, "0123456789") != "") {
		return 0, false
	}
	frac += strings.Repeat("0", digits-len(frac))
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || v > maxMoney {
		return 0, false
	}
	return v, true
}

func (b *builder) integer(row int, rec []string, col string) int {
	s := b.get(rec, col)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > 1_000_000_000 || n < -1_000_000_000 {
		b.p.addError(row, col, fmt.Sprintf("%q is not a whole number.", s))
		return 0
	}
	return n
}

func (b *builder) boolean(row int, rec []string, col string, def bool) bool {
	switch strings.ToLower(b.get(rec, col)) {
	case "":
		return def
	case "true", "yes", "1", "y":
		return true
	case "false", "no", "0", "n":
		return false
	}
	b.p.addError(row, col, fmt.Sprintf("%q is not true or false.", b.get(rec, col)))
	return def
}
