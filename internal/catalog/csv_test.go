package catalog_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
)

// fileError is the one sentence a file that cannot be read at all shows.
func fileError(err error) string {
	fields, ok := fault.AsInvalid(err)
	if !ok {
		return ""
	}
	return fields["file"]
}

func TestParseCSVRefusesBrokenFiles(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"latin-1", "latin1.csv", catalog.MsgNotUTF8},
		{"UTF-16 from Excel", "utf16.csv", catalog.MsgNotUTF8},
		{"random bytes", "garbage.csv", catalog.MsgNotUTF8},
		{"empty", "empty.csv", catalog.MsgEmptyFile},
		{"a required column missing", "missing-price.csv", "The file has no column price: the first row must name the columns (handle, title, description, status, price, …)."},
		{"unclosed quote", "unclosed-quote.csv", `Line 2 of the file: a quote (") is not closed or stands inside a field without quotes. Save it again as CSV from your spreadsheet.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "csv", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			_, err = catalog.ParseCSV(f, "EUR")
			if got := fileError(err); got != tt.want {
				t.Errorf("error = %q (%v), want %q", got, err, tt.want)
			}
		})
	}
	t.Run("over 10 MB", func(t *testing.T) {
		big := strings.Repeat("x", catalog.MaxImportBytes+1)
		_, err := catalog.ParseCSV(strings.NewReader(big), "EUR")
		if got := fileError(err); got != catalog.MsgTooLarge {
			t.Errorf("error = %q, want %q", got, catalog.MsgTooLarge)
		}
	})
}

func TestParseCSVRowErrors(t *testing.T) {
	tests := []struct {
		name, csv string
		want      []string
	}{
		{"bad number", "handle,title,price\nbread,Bread,\"12,5x\"\n", []string{`row 2, column price: "12,5x" is not a price.`}},
		{"too many decimals", "handle,title,price\nbread,Bread,1.234\n", []string{`row 2, column price: "1.234" is not a price.`}},
		{"no price", "handle,title,price\nbread,Bread,\n", []string{"row 2, column price: Enter a price, such as 12.50."}},
		{"no title", "handle,title,price\nbread,,3\n", []string{"row 2, column title: Give the product a title."}},
		{"bad status", "handle,title,price,status\nbread,Bread,3,sold\n", []string{"row 2, column status: Choose draft, active or archived."}},
		{"bad EAN", "handle,title,price,ean\nbread,Bread,3,1234\n", []string{"row 2, column ean: Enter an EAN (GTIN) of 8, 12, 13 or 14 digits with its check digit."}},
		{"bad stock", "handle,title,price,stock\nbread,Bread,3,many\n", []string{`row 2, column stock: "many" is not a whole number.`}},
		{"bad boolean", "handle,title,price,track_stock\nbread,Bread,3,maybe\n", []string{`row 2, column track_stock: "maybe" is not true or false.`}},
		{"handle twice without options", "handle,title,price\nbread,Bread,3\nbread,Bread,4\n",
			[]string{"row 3, column handle: The handle bread is on row 2 already: a product without options (option1_name) has one row."}},
		{"SKU twice", "handle,title,price,sku\na,A,3,X\nb,B,3,X\n", []string{"row 3, column variant_sku: The SKU X is on row 2 already."}},
		{"variant without its option value", "handle,title,price,option1_name,option1_value\nshirt,Shirt,10,Size,S\nshirt,,10,,\n",
			[]string{"row 3, column option1_value: Give this variant a value of Size."}},
		{"same values twice", "handle,title,price,option1_name,option1_value\nshirt,Shirt,10,Size,S\nshirt,,10,,s\n",
			[]string{"row 3, column option1_value: Variant 1 already has these values."}},
		{"variant price", "handle,title,price,option1_name,option1_value,variant_price\nshirt,Shirt,10,Size,S,abc\n",
			[]string{`row 2, column variant_price: "abc" is not a price.`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := catalog.ParseCSV(strings.NewReader(tt.csv), "EUR")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseCSVStopsListingAfter100Errors(t *testing.T) {
	var b strings.Builder
	b.WriteString("handle,title,price\n")
	for i := range 250 {
		b.WriteString("p" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ",T,bad\n")
	}
	p, err := catalog.ParseCSV(strings.NewReader(b.String()), "EUR")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != catalog.MaxListedErrors || p.ErrorCount() != 250 {
		t.Errorf("listed %d, counted %d; want 100 and 250", len(p.Errors), p.ErrorCount())
	}
}

func TestParseCSVReadsBOMAndSemicolons(t *testing.T) {
	f, err := os.ReadFile(filepath.Join("testdata", "csv", "bom-semicolon.csv"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := catalog.ParseCSV(bytes.NewReader(f), "EUR")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 || len(p.Products) != 1 {
		t.Fatalf("errors %v, %d products", p.Errors, len(p.Products))
	}
	in := p.Products[0].Input
	v := in.Variants[0]
	if in.Slug != "rye" || in.Price != 420 || v.Price != 420 || v.Stock != 7 || !v.TrackStock || in.Currency != "EUR" {
		t.Errorf("product = %+v, variant %+v", in, v)
	}
}

func TestParseCSVGroupsVariantsByHandle(t *testing.T) {
	csv := "handle,title,price,option1_name,option1_value,option2_name,option2_value,variant_sku,variant_price,stock,category,currency\n" +
		"coffee,Coffee,9.00,Grind,Whole,Weight,250 g,C-W-250,9.00,5,Coffee/Beans,JPY\n" +
		"coffee,,,,Whole,,1 kg,C-W-1000,30,,,\n" +
		"coffee,,,,Ground,,250 g,C-G-250,9.5,2,,\n"
	p, err := catalog.ParseCSV(strings.NewReader(csv), "EUR")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 1 || p.Errors[0].String() != `row 4, column variant_price: "9.5" is not a price.` {
		t.Fatalf("errors = %v (JPY has no minor units)", p.Errors)
	}
	ip := p.Products[0]
	if len(ip.Input.Variants) != 3 || ip.Category != "Coffee/Beans" || ip.StockGiven[1] || !ip.StockGiven[0] {
		t.Fatalf("product = %+v", ip)
	}
	if got := ip.Input.Options; len(got) != 2 || strings.Join(got[0].Values, ",") != "Whole,Ground" || strings.Join(got[1].Values, ",") != "250 g,1 kg" {
		t.Errorf("options = %+v", got)
	}
	if ip.Input.Variants[1].Price != 30 {
		t.Errorf("JPY price = %d, want 30", ip.Input.Variants[1].Price)
	}
}

func FuzzParseCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "csv", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("handle,title,price,option1_name,option1_value,option2_name,option2_value,option3_name,option3_value\na,A,1,x,1,y,2,z,3\na,,,,1,,2,,4\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := catalog.ParseCSV(bytes.NewReader(b), "EUR")
		if err != nil {
			var inv *fault.Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("not a fault.Invalid: %v", err)
			}
			return
		}
		if len(p.Errors) > catalog.MaxListedErrors {
			t.Fatalf("%d errors listed", len(p.Errors))
		}
	})
}
