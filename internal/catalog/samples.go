package catalog

import (
	"context"
	"fmt"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// CreateSampleProduct adds a product that is recorded as a sample, which
// DeleteSampleProducts removes (and nothing else).
func (s *Store) CreateSampleProduct(ctx context.Context, siteID int64, plan plans.Plan, in ProductInput) (Product, error) {
	if err := in.normalize(); err != nil {
		return Product{}, err
	}
	var p Product
	err := s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
		n, err := productCount(ctx, tx, siteID)
		if err != nil {
			return err
		}
		if !plans.Allows(plan.Products, n+1) {
			return fault.Invalidf("title", "Your plan allows no more products.")
		}
		if p, err = s.save(ctx, tx, siteID, 0, in); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sample_products (site_id, product_id) VALUES (?, ?)`, siteID, p.ID); err != nil {
			return fmt.Errorf("mark sample: %w", err)
		}
		return nil
	})
	return p, err
}

// SampleProducts lists the site's sample products that are left.
func (s *Store) SampleProducts(ctx context.Context, siteID int64) ([]Product, error) {
	rows, err := s.db.Query(ctx, `SELECT `+productCols+` FROM products p
		JOIN sample_products sp ON sp.site_id = p.site_id AND sp.product_id = p.id
		WHERE p.site_id = ? ORDER BY p.title, p.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("sample products: %w", err)
	}
	defer rows.Close()
	var out []Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// HasSampleProducts reports whether the site still has sample products (to
// show the "Delete sample products" link).
func (s *Store) HasSampleProducts(ctx context.Context, siteID int64) (bool, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM sample_products WHERE site_id = ?`, siteID).Scan(&n); err != nil {
		return false, fmt.Errorf("sample products: %w", err)
	}
	return n > 0, nil
}

// DeleteSampleProducts deletes the site's sample products, and only them,
// and returns how many.
func (s *Store) DeleteSampleProducts(ctx context.Context, siteID int64) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT product_id FROM sample_products WHERE site_id = ?`, siteID)
	if err != nil {
		return 0, fmt.Errorf("sample products: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return s.DeleteProducts(ctx, siteID, ids)
}

// CreateSampleProductTx adds a sample product inside the caller's
// transaction: the one that creates a new shop, which has no products yet
// and so no plan limit to check.
func (s *Store) CreateSampleProductTx(ctx context.Context, tx *sqldb.Tx, siteID int64, in ProductInput) (Product, error) {
	if err := in.normalize(); err != nil {
		return Product{}, err
	}
	p, err := s.save(ctx, tx, siteID, 0, in)
	if err != nil {
		return Product{}, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO sample_products (site_id, product_id) VALUES (?, ?)`, siteID, p.ID); err != nil {
		return Product{}, fmt.Errorf("mark sample: %w", err)
	}
	return p, nil
}
