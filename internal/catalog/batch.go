package catalog

import (
	"context"
	"fmt"
	"strings"
)

// MaxBatch bounds the products ProductsByID reads at once: one page of the
// API or of a feed.
const MaxBatch = 200

// ProductsByID reads the site's products with these IDs, each with its
// options, variants, images and categories, in five queries whatever their
// number, so that a page of 50 products with their variants costs five
// round trips, not two hundred. IDs of other sites, or of no product, are
// missing from the map.
func (s *Store) ProductsByID(ctx context.Context, siteID int64, ids []int64) (map[int64]Product, error) {
	out := make(map[int64]Product, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if len(ids) > MaxBatch {
		return nil, fmt.Errorf("read %d products at once: at most %d", len(ids), MaxBatch)
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	args := make([]any, 0, 1+len(ids))
	args = append(args, siteID)
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.db.Query(ctx, `SELECT `+productCols+` FROM products p WHERE p.site_id = ? AND p.id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("read products: %w", err)
	}
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byID := make(map[int64]*Product, len(out))
	for id, p := range out {
		byID[id] = &p
	}
	// Options first: a variant's option values are as many as its
	// product's options.
	err = scanAll(ctx, s, `SELECT o.product_id, o.name, v.value FROM product_options o
		JOIN product_option_values v ON v.site_id = o.site_id AND v.product_id = o.product_id AND v.option_position = o.position
		WHERE o.site_id = ? AND o.product_id IN `+in+` ORDER BY o.product_id, o.position, v.position`, args, func(row rowScanner) error {
		var pid int64
		var name, value string
		if err := row.Scan(&pid, &name, &value); err != nil {
			return err
		}
		p := byID[pid]
		if p == nil {
			return nil
		}
		if n := len(p.Options); n == 0 || p.Options[n-1].Name != name {
			p.Options = append(p.Options, Option{Name: name})
		}
		o := &p.Options[len(p.Options)-1]
		o.Values = append(o.Values, value)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read options: %w", err)
	}
	err = scanAll(ctx, s, `SELECT `+variantCols+` FROM product_variants WHERE site_id = ? AND product_id IN `+in+
		` ORDER BY product_id, position`, args, func(row rowScanner) error {
		v, err := scanVariant(row, 3)
		if err != nil {
			return err
		}
		p := byID[v.ProductID]
		if p == nil {
			return nil
		}
		if n := len(p.Options); n == 0 {
			v.OptionValues = nil
		} else {
			v.OptionValues = v.OptionValues[:min(n, 3)]
		}
		p.Variants = append(p.Variants, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, s, `SELECT product_id, id, media_id, alt FROM product_images WHERE site_id = ? AND product_id IN `+in+
		` ORDER BY product_id, position`, args, func(row rowScanner) error {
		var pid int64
		var im Image
		if err := row.Scan(&pid, &im.ID, &im.MediaID, &im.Alt); err != nil {
			return err
		}
		if p := byID[pid]; p != nil {
			p.Images = append(p.Images, im)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read images: %w", err)
	}
	err = scanAll(ctx, s, `SELECT pc.product_id, c.id, COALESCE(c.parent_id, 0), c.slug, c.title FROM product_categories pc
		JOIN categories c ON c.site_id = pc.site_id AND c.id = pc.category_id
		WHERE pc.site_id = ? AND pc.product_id IN `+in+` ORDER BY pc.product_id, c.position, c.id`, args, func(row rowScanner) error {
		var pid int64
		var c CategoryRef
		if err := row.Scan(&pid, &c.ID, &c.ParentID, &c.Slug, &c.Title); err != nil {
			return err
		}
		if p := byID[pid]; p != nil {
			p.Categories = append(p.Categories, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read categories: %w", err)
	}
	for id, p := range byID {
		out[id] = *p
	}
	return out, nil
}

// scanAll runs query and hands every row to scan. (A row of a product
// that the first query did not find, deleted or made meanwhile, is
// skipped by the callers.)
func scanAll(ctx context.Context, s *Store, query string, args []any, scan func(rowScanner) error) error {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
