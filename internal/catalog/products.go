package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

const productCols = `p.site_id, p.id, p.slug, p.title, p.description, p.status, p.price, p.compare_at_price,
	p.currency, p.tax_class, p.sku, p.ean, p.weight_grams, p.seo_title, p.seo_description, p.created_at, p.updated_at`

func scanProduct(row rowScanner, extra ...any) (Product, error) {
	var p Product
	var desc, status string
	var created, updated int64
	dest := append([]any{&p.SiteID, &p.ID, &p.Slug, &p.Title, &desc, &status, &p.Price, &p.CompareAtPrice,
		&p.Currency, &p.TaxClass, &p.SKU, &p.EAN, &p.WeightGrams, &p.SEOTitle, &p.SEODescription, &created, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Product{}, ErrProductNotFound
		}
		return Product{}, fmt.Errorf("read product: %w", err)
	}
	p.Description = template.HTML(desc) //nolint:gosec // stored only after sanitising
	p.Status = Status(status)
	p.CreatedAt, p.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	return p, nil
}

// Product returns a product of the site, whatever its status, with its
// options, variants, images and categories.
func (s *Store) Product(ctx context.Context, siteID, id int64) (Product, error) {
	return s.productWhere(ctx, s.db, siteID, `p.id = ?`, id)
}

// ProductBySlug returns a product of the site by its address, whatever its
// status (for the admin's preview).
func (s *Store) ProductBySlug(ctx context.Context, siteID int64, slug string) (Product, error) {
	return s.productWhere(ctx, s.db, siteID, `p.slug = ?`, slug)
}

// ActiveProductBySlug returns the product the storefront shows at
// /products/SLUG: only an active one. When it answers ErrProductNotFound,
// ProductRedirect tells whether the address is an old one.
func (s *Store) ActiveProductBySlug(ctx context.Context, siteID int64, slug string) (Product, error) {
	return s.productWhere(ctx, s.db, siteID, `p.slug = ? AND p.status = 'active'`, slug)
}

func (s *Store) productWhere(ctx context.Context, q sqldb.Q, siteID int64, where string, arg any) (Product, error) {
	p, err := scanProduct(q.QueryRow(ctx, `SELECT `+productCols+` FROM products p WHERE p.site_id = ? AND `+where, siteID, arg))
	if err != nil {
		return Product{}, err
	}
	if err := loadDetails(ctx, q, &p); err != nil {
		return Product{}, err
	}
	return p, nil
}

// loadDetails fills the options, variants, images and categories of p.
func loadDetails(ctx context.Context, q sqldb.Q, p *Product) error {
	p.Options = nil
	rows, err := q.Query(ctx, `SELECT o.name, v.value FROM product_options o
		JOIN product_option_values v ON v.site_id = o.site_id AND v.product_id = o.product_id AND v.option_position = o.position
		WHERE o.site_id = ? AND o.product_id = ? ORDER BY o.position, v.position`, p.SiteID, p.ID)
	if err != nil {
		return fmt.Errorf("read options: %w", err)
	}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			rows.Close()
			return err
		}
		if n := len(p.Options); n == 0 || p.Options[n-1].Name != name {
			p.Options = append(p.Options, Option{Name: name})
		}
		o := &p.Options[len(p.Options)-1]
		o.Values = append(o.Values, value)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if p.Variants, err = variantsOf(ctx, q, p.SiteID, p.ID, len(p.Options)); err != nil {
		return err
	}
	p.Images = nil
	rows, err = q.Query(ctx, `SELECT id, media_id, alt FROM product_images WHERE site_id = ? AND product_id = ? ORDER BY position`, p.SiteID, p.ID)
	if err != nil {
		return fmt.Errorf("read images: %w", err)
	}
	for rows.Next() {
		var im Image
		if err := rows.Scan(&im.ID, &im.MediaID, &im.Alt); err != nil {
			rows.Close()
			return err
		}
		p.Images = append(p.Images, im)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	p.Categories = nil
	rows, err = q.Query(ctx, `SELECT c.id, COALESCE(c.parent_id, 0), c.slug, c.title FROM product_categories pc
		JOIN categories c ON c.site_id = pc.site_id AND c.id = pc.category_id
		WHERE pc.site_id = ? AND pc.product_id = ? ORDER BY c.position, c.id`, p.SiteID, p.ID)
	if err != nil {
		return fmt.Errorf("read categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CategoryRef
		if err := rows.Scan(&c.ID, &c.ParentID, &c.Slug, &c.Title); err != nil {
			return err
		}
		p.Categories = append(p.Categories, c)
	}
	return rows.Err()
}

const variantCols = `id, product_id, position, option1, option2, option3, sku, price, compare_at_price, stock,
	track_stock, allow_backorder, low_stock_threshold, weight_grams, image_media_id`

func scanVariant(row rowScanner, nOptions int, extra ...any) (Variant, error) {
	var v Variant
	var opts [3]string
	var sku sql.NullString
	var image sql.NullInt64
	dest := append([]any{&v.ID, &v.ProductID, &v.Position, &opts[0], &opts[1], &opts[2], &sku, &v.Price, &v.CompareAtPrice,
		&v.Stock, &v.TrackStock, &v.AllowBackorder, &v.LowStockThreshold, &v.WeightGrams, &image}, extra...)
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Variant{}, ErrVariantNotFound
		}
		return Variant{}, fmt.Errorf("read variant: %w", err)
	}
	if nOptions > 0 {
		v.OptionValues = slices.Clone(opts[:nOptions])
	}
	v.SKU, v.ImageMediaID = sku.String, image.Int64
	return v, nil
}

func variantsOf(ctx context.Context, q sqldb.Q, siteID, productID int64, nOptions int) ([]Variant, error) {
	rows, err := q.Query(ctx, `SELECT `+variantCols+` FROM product_variants WHERE site_id = ? AND product_id = ? ORDER BY position`, siteID, productID)
	if err != nil {
		return nil, fmt.Errorf("read variants: %w", err)
	}
	defer rows.Close()
	var out []Variant
	for rows.Next() {
		v, err := scanVariant(rows, nOptions)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Variant returns one variant of the site (for a cart line).
func (s *Store) Variant(ctx context.Context, siteID, id int64) (Variant, error) {
	var n int
	v, err := scanVariant(s.db.QueryRow(ctx, `SELECT `+variantCols+`,
		(SELECT COUNT(*) FROM product_options o WHERE o.site_id = product_variants.site_id AND o.product_id = product_variants.product_id)
		FROM product_variants WHERE site_id = ? AND id = ?`, siteID, id), 3, &n)
	if err != nil {
		return Variant{}, err
	}
	v.OptionValues = v.OptionValues[:n]
	if n == 0 {
		v.OptionValues = nil
	}
	return v, nil
}

// ProductCount is the number of products of the site, whatever their
// status: what the plan's product limit counts.
func (s *Store) ProductCount(ctx context.Context, siteID int64) (int, error) {
	return productCount(ctx, s.db, siteID)
}

func productCount(ctx context.Context, q sqldb.Q, siteID int64) (int, error) {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM products WHERE site_id = ?`, siteID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count products: %w", err)
	}
	return n, nil
}

// CreateProduct adds a product with its options, variants, images and
// categories, within the plan's product limit.
func (s *Store) CreateProduct(ctx context.Context, siteID int64, plan plans.Plan, in ProductInput) (Product, error) {
	if err := in.normalize(); err != nil {
		return Product{}, err
	}
	var p Product
	err := s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		// Counted inside the transaction so that two tabs cannot both take
		// the last product the plan allows.
		n, err := productCount(ctx, tx, siteID)
		if err != nil {
			return err
		}
		if !plans.Allows(plan.Products, n+1) {
			if plan.Products == 0 {
				return fault.Invalidf("title", "Your plan has no shop. Choose a plan with a shop to add products.")
			}
			return fault.Invalidf("title", fmt.Sprintf("Your plan allows %d products. Choose a bigger plan to add more.", plan.Products))
		}
		if p, err = s.save(ctx, tx, siteID, 0, in); err != nil {
			return err
		}
		return s.setImageUses(ctx, tx, siteID, p.ID, imageIDs(p))
	})
	return p, err
}

// UpdateProduct changes a product; variants keep their ID (and stock and
// history) when their VariantInput carries it, and variants left out are
// removed. A new slug leaves a redirect from the old one.
func (s *Store) UpdateProduct(ctx context.Context, siteID, id int64, in ProductInput) (Product, error) {
	if err := in.normalize(); err != nil {
		return Product{}, err
	}
	var p Product
	err := s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		var err error
		if p, err = s.save(ctx, tx, siteID, id, in); err != nil {
			return err
		}
		return s.setImageUses(ctx, tx, siteID, p.ID, imageIDs(p))
	})
	return p, err
}

// DeleteProduct removes a product with its variants, images, stock history
// and old addresses.
func (s *Store) DeleteProduct(ctx context.Context, siteID, id int64) error {
	n, err := s.DeleteProducts(ctx, siteID, []int64{id})
	if err == nil && n == 0 {
		return ErrProductNotFound
	}
	return err
}

// ProductRedirect returns the current address of an active product that
// used to be at oldSlug, for a 301; ErrProductNotFound when there is none.
func (s *Store) ProductRedirect(ctx context.Context, siteID int64, oldSlug string) (string, error) {
	var slug string
	err := s.db.QueryRow(ctx, `SELECT p.slug FROM catalog_redirects r
		JOIN products p ON p.site_id = r.site_id AND p.id = r.target_id
		WHERE r.site_id = ? AND r.kind = 'product' AND r.old_slug = ? AND p.status = 'active'`, siteID, oldSlug).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrProductNotFound
	}
	return slug, err
}

// recordRedirect makes oldSlug lead to target, and drops any redirect from
// newSlug, which is a live address again.
func recordRedirect(ctx context.Context, tx *sqldb.Tx, siteID int64, kind string, target int64, oldSlug, newSlug string, now int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM catalog_redirects WHERE site_id = ? AND kind = ? AND old_slug IN (?, ?)`, siteID, kind, oldSlug, newSlug); err != nil {
		return fmt.Errorf("redirect: %w", err)
	}
	if oldSlug == newSlug {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO catalog_redirects (site_id, kind, old_slug, target_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		siteID, kind, oldSlug, target, now); err != nil {
		return fmt.Errorf("redirect: %w", err)
	}
	return nil
}

// VariantBySKU finds the site's variant with this SKU (SKUs are unique in
// a site), for the admin's manual order.
func (s *Store) VariantBySKU(ctx context.Context, siteID int64, sku string) (Variant, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM product_variants WHERE site_id = ? AND sku = ?`, siteID, strings.TrimSpace(sku)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Variant{}, fmt.Errorf("variant %q: %w", sku, ErrVariantNotFound)
	}
	if err != nil {
		return Variant{}, fmt.Errorf("variant by SKU: %w", err)
	}
	return s.Variant(ctx, siteID, id)
}
