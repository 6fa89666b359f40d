package signup

import (
	"context"
	"fmt"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// sampleProducts are the examples a new shop starts with, so that its
// product pages are not empty on the first visit. Prices are in minor
// units of the shop's currency (4.50 EUR; 450 yen reads well too). They are
// recorded as samples: "Delete sample products" removes exactly these.
func sampleProducts(currency string) []catalog.ProductInput {
	return []catalog.ProductInput{
		{Title: "Sample: Sourdough loaf", Currency: currency, Status: catalog.StatusActive,
			Description: "<p>An example product: a slow-risen loaf with a dark, crackling crust. Edit it, or delete the samples when your own products are in.</p>",
			Options:     []catalog.Option{{Name: "Size", Values: []string{"500 g", "1 kg"}}},
			Variants: []catalog.VariantInput{
				{OptionValues: []string{"500 g"}, Price: 450},
				{OptionValues: []string{"1 kg"}, Price: 750},
			}},
		{Title: "Sample: Butter croissant", Currency: currency, Status: catalog.StatusActive, Price: 180,
			Description: "<p>An example product without options: one price, one variant.</p>"},
		{Title: "Sample: House coffee", Currency: currency, Status: catalog.StatusActive,
			Description: "<p>An example product with two options: grind and weight.</p>",
			Options: []catalog.Option{{Name: "Grind", Values: []string{"Whole bean", "Filter"}},
				{Name: "Weight", Values: []string{"250 g", "1 kg"}}},
			Variants: []catalog.VariantInput{
				{OptionValues: []string{"Whole bean", "250 g"}, Price: 890},
				{OptionValues: []string{"Whole bean", "1 kg"}, Price: 2990},
				{OptionValues: []string{"Filter", "250 g"}, Price: 890},
				{OptionValues: []string{"Filter", "1 kg"}, Price: 2990},
			}},
	}
}

// createSamplesTx gives a new shop its sample products, in the
// transaction that creates it.
func (s *Service) createSamplesTx(ctx context.Context, tx *sqldb.Tx, siteID int64, currency string) error {
	for _, in := range sampleProducts(currency) {
		if _, err := s.Catalog.CreateSampleProductTx(ctx, tx, siteID, in); err != nil {
			return fmt.Errorf("sample product %q: %w", in.Title, err)
		}
	}
	return nil
}

// isShop reports whether a design is made for selling.
func (s *Service) isShop(theme string) bool {
	t, ok := s.Themes.Get(theme)
	return ok && t.Kind == "store"
}

// isBlog reports whether a design is made for writing: its starter pages
// show article cards, so the site starts with the posts they link to.
func (s *Service) isBlog(theme string) bool {
	t, ok := s.Themes.Get(theme)
	return ok && t.Kind == "blog"
}
