package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// save writes a normalised product inside tx, a new one when id is 0, and
// reads it back.
func (s *Store) save(ctx context.Context, tx *sqldb.Tx, siteID, id int64, in ProductInput) (Product, error) {
	id, err := s.write(ctx, tx, siteID, id, in)
	if err != nil {
		return Product{}, err
	}
	return s.productWhere(ctx, tx, siteID, `p.id = ?`, id)
}

// write writes a normalised product inside tx, a new one when id is 0, and
// returns its ID.
func (s *Store) write(ctx context.Context, tx *sqldb.Tx, siteID, id int64, in ProductInput) (int64, error) {
	topic := TopicProductUpdate
	if id == 0 {
		topic = TopicProductCreate
	}
	now := sqldb.Millis(s.now())
	var oldSlug, oldSearch string
	existing := map[int64]Variant{}
	if id != 0 {
		err := tx.QueryRow(ctx, `SELECT slug, search_text FROM products WHERE site_id = ? AND id = ?`+tx.ForUpdate(), siteID, id).Scan(&oldSlug, &oldSearch)
		if err == sql.ErrNoRows {
			return 0, ErrProductNotFound
		}
		if err != nil {
			return 0, fmt.Errorf("read product: %w", err)
		}
		vs, err := variantsOf(ctx, tx, siteID, id, 0)
		if err != nil {
			return 0, err
		}
		for _, v := range vs {
			existing[v.ID] = v
		}
	}
	if len(in.Options) == 0 && len(in.Variants) == 0 {
		in.Variants = []VariantInput{defaultVariant(in, existing)}
	}
	if err := checkReferences(ctx, tx, siteID, id, in, existing); err != nil {
		return 0, err
	}

	skus := []string{in.SKU}
	price, compareAt := in.Variants[0].Price, in.Variants[0].CompareAtPrice
	for _, v := range in.Variants {
		skus = append(skus, v.SKU)
		if v.Price < price {
			price, compareAt = v.Price, v.CompareAtPrice
		}
	}
	search := searchText(in.Title, skus, in.Description)
	desc := string(s.Sanitize(in.Description))
	args := []any{in.Slug, in.Title, sortTitle(in.Title), desc, string(in.Status), price, compareAt, in.Currency,
		in.TaxClass, in.SKU, in.EAN, in.WeightGrams, in.SEOTitle, in.SEODescription, search, now}
	var err error
	if id == 0 {
		id = sqldb.NewID()
		_, err = tx.Exec(ctx, `INSERT INTO products (slug, title, sort_title, description, status, price, compare_at_price,
			currency, tax_class, sku, ean, weight_grams, seo_title, seo_description, search_text, updated_at, created_at, site_id, id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, now, siteID, id)...)
	} else {
		_, err = tx.Exec(ctx, `UPDATE products SET slug = ?, title = ?, sort_title = ?, description = ?, status = ?, price = ?,
			compare_at_price = ?, currency = ?, tax_class = ?, sku = ?, ean = ?, weight_grams = ?, seo_title = ?,
			seo_description = ?, search_text = ?, updated_at = ? WHERE site_id = ? AND id = ?`, append(args, siteID, id)...)
	}
	if sqldb.IsUniqueViolation(err) {
		return 0, fault.Invalidf("slug", "Another product already has this address.")
	}
	if err != nil {
		return 0, fmt.Errorf("save product: %w", err)
	}
	if oldSlug != "" {
		if err := recordRedirect(ctx, tx, siteID, "product", id, oldSlug, in.Slug, now); err != nil {
			return 0, err
		}
	} else if _, err := tx.Exec(ctx, `DELETE FROM catalog_redirects WHERE site_id = ? AND kind = 'product' AND old_slug = ?`, siteID, in.Slug); err != nil {
		return 0, fmt.Errorf("redirect: %w", err)
	}
	if err := updateTerms(ctx, tx, siteID, oldSearch, search); err != nil {
		return 0, err
	}
	if err := saveOptions(ctx, tx, siteID, id, in.Options); err != nil {
		return 0, err
	}
	if err := s.saveVariants(ctx, tx, siteID, id, in.Variants, existing, in.ActorAccountID, now); err != nil {
		return 0, err
	}
	if err := saveImages(ctx, tx, siteID, id, in.Images); err != nil {
		return 0, err
	}
	if err := saveCategories(ctx, tx, siteID, id, in.CategoryIDs); err != nil {
		return 0, err
	}
	if err := s.emitProduct(ctx, tx, siteID, topic, id); err != nil {
		return 0, err
	}
	return id, nil
}

// defaultVariant is the one variant of a product without options that was
// given none: the product's own price, SKU and weight, and, when it already
// has a single variant, that variant's stock settings.
func defaultVariant(in ProductInput, existing map[int64]Variant) VariantInput {
	d := VariantInput{SKU: in.SKU, Price: in.Price, CompareAtPrice: in.CompareAtPrice, WeightGrams: in.WeightGrams}
	if len(existing) == 1 {
		for _, v := range existing {
			d.ID, d.TrackStock, d.AllowBackorder = v.ID, v.TrackStock, v.AllowBackorder
			d.LowStockThreshold, d.ImageMediaID = v.LowStockThreshold, v.ImageMediaID
		}
	}
	return d
}

// checkReferences checks what needs the database: variant IDs belong to
// this product, SKUs are not another product's, categories are the site's.
func checkReferences(ctx context.Context, tx *sqldb.Tx, siteID, id int64, in ProductInput, existing map[int64]Variant) error {
	var v fault.Invalid
	var skus []any
	for i, vi := range in.Variants {
		if _, ok := existing[vi.ID]; vi.ID != 0 && !ok {
			v.Add(fmt.Sprintf("variants[%d].id", i), "This variant is not part of the product.")
		}
		if vi.SKU != "" {
			skus = append(skus, vi.SKU)
		}
	}
	if len(skus) > 0 {
		rows, err := tx.Query(ctx, `SELECT sku FROM product_variants WHERE site_id = ? AND product_id <> ? AND sku IN (`+placeholders(len(skus))+`)`,
			append([]any{siteID, id}, skus...)...)
		if err != nil {
			return fmt.Errorf("check SKUs: %w", err)
		}
		taken := map[string]bool{}
		for rows.Next() {
			var sku string
			if err := rows.Scan(&sku); err != nil {
				rows.Close()
				return err
			}
			taken[sku] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, vi := range in.Variants {
			if taken[vi.SKU] {
				field := fmt.Sprintf("variants[%d].sku", i)
				if len(in.Options) == 0 && len(in.Variants) == 1 && vi.SKU == in.SKU {
					field = "sku"
				}
				v.Add(field, "Another product already uses this SKU.")
			}
		}
	}
	if len(in.CategoryIDs) > 0 {
		args := []any{siteID}
		for _, c := range in.CategoryIDs {
			args = append(args, c)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM categories WHERE site_id = ? AND id IN (`+placeholders(len(in.CategoryIDs))+`)`, args...).Scan(&n); err != nil {
			return fmt.Errorf("check categories: %w", err)
		}
		if n != len(in.CategoryIDs) {
			v.Add("categoryIds", "Choose categories of this shop.")
		}
	}
	return v.Err()
}

func saveOptions(ctx context.Context, tx *sqldb.Tx, siteID, id int64, options []Option) error {
	if _, err := tx.Exec(ctx, `DELETE FROM product_options WHERE site_id = ? AND product_id = ?`, siteID, id); err != nil {
		return fmt.Errorf("save options: %w", err)
	}
	for i, o := range options {
		if _, err := tx.Exec(ctx, `INSERT INTO product_options (site_id, product_id, position, name) VALUES (?, ?, ?, ?)`, siteID, id, i, o.Name); err != nil {
			return fmt.Errorf("save options: %w", err)
		}
		args := make([]any, 0, 5*len(o.Values))
		for j, val := range o.Values {
			args = append(args, siteID, id, i, j, val)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO product_option_values (site_id, product_id, option_position, position, value) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", len(o.Values)), ", "), args...); err != nil {
			return fmt.Errorf("save option values: %w", err)
		}
	}
	return nil
}

func (s *Store) saveVariants(ctx context.Context, tx *sqldb.Tx, siteID, id int64, vs []VariantInput, existing map[int64]Variant, actor, now int64) error {
	keep := map[int64]bool{}
	for _, v := range vs {
		keep[v.ID] = true
	}
	for vid := range existing {
		if !keep[vid] {
			if _, err := tx.Exec(ctx, `DELETE FROM product_variants WHERE site_id = ? AND id = ?`, siteID, vid); err != nil {
				return fmt.Errorf("remove variant: %w", err)
			}
		}
	}
	// Free the kept variants' SKUs first, so that two variants may swap
	// theirs without tripping the unique constraint halfway.
	if len(existing) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE product_variants SET sku = NULL WHERE site_id = ? AND product_id = ?`, siteID, id); err != nil {
			return fmt.Errorf("save variants: %w", err)
		}
	}
	for i, v := range vs {
		var opts [3]string
		copy(opts[:], v.OptionValues)
		sku := sql.NullString{String: v.SKU, Valid: v.SKU != ""}
		image := sql.NullInt64{Int64: v.ImageMediaID, Valid: v.ImageMediaID != 0}
		if v.ID != 0 {
			_, err := tx.Exec(ctx, `UPDATE product_variants SET position = ?, option1 = ?, option2 = ?, option3 = ?, sku = ?,
				price = ?, compare_at_price = ?, track_stock = ?, allow_backorder = ?, low_stock_threshold = ?,
				weight_grams = ?, image_media_id = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
				i, opts[0], opts[1], opts[2], sku, v.Price, v.CompareAtPrice, v.TrackStock, v.AllowBackorder,
				v.LowStockThreshold, v.WeightGrams, image, now, siteID, v.ID)
			if err != nil {
				return fmt.Errorf("save variant %d: %w", i, err)
			}
			continue
		}
		vid := sqldb.NewID()
		_, err := tx.Exec(ctx, `INSERT INTO product_variants (site_id, id, product_id, position, option1, option2, option3, sku,
			price, compare_at_price, stock, track_stock, allow_backorder, low_stock_threshold, weight_grams, image_media_id,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			siteID, vid, id, i, opts[0], opts[1], opts[2], sku, v.Price, v.CompareAtPrice, v.Stock, v.TrackStock,
			v.AllowBackorder, v.LowStockThreshold, v.WeightGrams, image, now, now)
		if err != nil {
			return fmt.Errorf("save variant %d: %w", i, err)
		}
		if v.Stock != 0 {
			if err := s.recordMovement(ctx, tx, siteID, vid, v.Stock, v.Stock, "Starting stock", actor, now); err != nil {
				return err
			}
		}
	}
	return nil
}

func saveImages(ctx context.Context, tx *sqldb.Tx, siteID, id int64, images []ImageInput) error {
	if _, err := tx.Exec(ctx, `DELETE FROM product_images WHERE site_id = ? AND product_id = ?`, siteID, id); err != nil {
		return fmt.Errorf("save images: %w", err)
	}
	for i, im := range images {
		if _, err := tx.Exec(ctx, `INSERT INTO product_images (site_id, id, product_id, media_id, position, alt) VALUES (?, ?, ?, ?, ?, ?)`,
			siteID, sqldb.NewID(), id, im.MediaID, i, im.Alt); err != nil {
			return fmt.Errorf("save images: %w", err)
		}
	}
	return nil
}

// saveCategories puts the product in exactly these categories; in a
// category it joins, it goes last.
func saveCategories(ctx context.Context, tx *sqldb.Tx, siteID, id int64, categoryIDs []int64) error {
	rows, err := tx.Query(ctx, `SELECT category_id FROM product_categories WHERE site_id = ? AND product_id = ?`, siteID, id)
	if err != nil {
		return fmt.Errorf("save categories: %w", err)
	}
	had := map[int64]bool{}
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		had[c] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	want := map[int64]bool{}
	for _, c := range categoryIDs {
		want[c] = true
		if had[c] {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO product_categories (site_id, category_id, product_id, position)
			VALUES (?, ?, ?, COALESCE((SELECT MAX(position) FROM product_categories WHERE site_id = ? AND category_id = ?), 0) + 1)`,
			siteID, c, id, siteID, c); err != nil {
			return fmt.Errorf("add to category: %w", err)
		}
	}
	for c := range had {
		if !want[c] {
			if _, err := tx.Exec(ctx, `DELETE FROM product_categories WHERE site_id = ? AND category_id = ? AND product_id = ?`, siteID, c, id); err != nil {
				return fmt.Errorf("remove from category: %w", err)
			}
		}
	}
	return nil
}
