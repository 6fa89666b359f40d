package catalog

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bojanz/currency"
)

// exportPage is how many products Export reads at a time.
const exportPage = 200

// Export writes every product of the site, whatever its status, in the
// format ParseCSV reads (see Columns), a page at a time, so that a large
// catalog streams to w without being held in memory.
func (s *Store) Export(ctx context.Context, siteID int64, w io.Writer) error {
	paths, err := s.categoryPaths(ctx, siteID)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	cursor := ""
	for {
		page, err := s.ListProducts(ctx, siteID, ListQuery{Sort: SortNewest, Cursor: cursor, Limit: exportPage})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, l := range page.Products {
			p, err := s.Product(ctx, siteID, l.ID)
			if err != nil {
				return fmt.Errorf("export product %d: %w", l.ID, err)
			}
			for _, rec := range exportRows(p, paths) {
				if err := cw.Write(rec); err != nil {
					return fmt.Errorf("export: %w", err)
				}
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if page.Next == "" {
			return nil
		}
		cursor = page.Next
	}
}

// categoryPaths names each category by its path from the top: "Bread/Sourdough".
func (s *Store) categoryPaths(ctx context.Context, siteID int64) (map[int64]string, error) {
	tree, err := s.CategoryTree(ctx, siteID)
	if err != nil {
		return nil, err
	}
	paths := map[int64]string{}
	for _, n := range tree { // parents come before their children
		title := strings.ReplaceAll(n.Title, "/", "-")
		if parent, ok := paths[n.ParentID]; ok {
			paths[n.ID] = parent + "/" + title
		} else {
			paths[n.ID] = title
		}
	}
	return paths, nil
}

func exportRows(p Product, paths map[int64]string) [][]string {
	digits := currencyDigits(p.Currency)
	category := ""
	if len(p.Categories) > 0 {
		category = paths[p.Categories[0].ID]
	}
	var out [][]string
	for i, v := range p.Variants {
		rec := make([]string, len(Columns))
		set := func(col, val string) { rec[columnPos[col]] = val }
		set("handle", p.Slug)
		if i == 0 {
			set("title", p.Title)
			set("description", string(p.Description))
			set("status", string(p.Status))
			set("price", formatMoney(p.Price, digits))
			if p.CompareAtPrice != 0 {
				set("compare_at_price", formatMoney(p.CompareAtPrice, digits))
			}
			set("currency", p.Currency)
			set("sku", p.SKU)
			set("ean", p.EAN)
			if p.WeightGrams != 0 {
				set("weight_g", strconv.Itoa(p.WeightGrams))
			}
			set("tax_class", p.TaxClass)
			for j, o := range p.Options {
				set(fmt.Sprintf("option%d_name", j+1), o.Name)
			}
			set("category", category)
			set("seo_title", p.SEOTitle)
			set("seo_description", p.SEODescription)
		}
		for j, val := range v.OptionValues {
			set(fmt.Sprintf("option%d_value", j+1), val)
		}
		set("variant_sku", v.SKU)
		set("variant_price", formatMoney(v.Price, digits))
		set("stock", strconv.Itoa(v.Stock))
		set("track_stock", strconv.FormatBool(v.TrackStock))
		set("allow_backorder", strconv.FormatBool(v.AllowBackorder))
		out = append(out, rec)
	}
	return out
}

var columnPos = func() map[string]int {
	m := map[string]int{}
	for i, c := range Columns {
		m[c] = i
	}
	return m
}()

// formatMoney writes minor units as a decimal: 1250 → "12.50".
func formatMoney(v int64, digits int) string {
	if digits == 0 {
		return strconv.FormatInt(v, 10)
	}
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	for len(s) <= digits {
		s = "0" + s
	}
	s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	if neg {
		s = "-" + s
	}
	return s
}

// currencyDigits is the number of minor-unit digits of a currency: 2 for
// EUR, 0 for JPY; 2 for a code CLDR does not know.
func currencyDigits(code string) int {
	if d, ok := currency.GetDigits(code); ok {
		return int(d)
	}
	return 2
}
