package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// categoryIndex finds the categories an import names by path ("Bread/Rye"),
// creating those missing. Categories made in a transaction that has not
// committed yet are pending, and forgotten if it rolls back.
type categoryIndex struct {
	byKey, pendingKey   map[string]int64 // parent ID + lower-case title → ID
	slugs, pendingSlugs map[string]bool
}

func catKey(parent int64, title string) string {
	return strconv.FormatInt(parent, 10) + "\x00" + strings.ToLower(title)
}

func (s *Store) categoryIndex(ctx context.Context, siteID int64) (*categoryIndex, error) {
	tree, err := s.CategoryTree(ctx, siteID)
	if err != nil {
		return nil, err
	}
	ci := &categoryIndex{byKey: map[string]int64{}, slugs: map[string]bool{}}
	ci.reset()
	for _, n := range tree {
		ci.byKey[catKey(n.ParentID, n.Title)] = n.ID
		ci.slugs[n.Slug] = true
	}
	// Old addresses of categories are taken too.
	rows, err := s.db.Query(ctx, `SELECT old_slug FROM catalog_redirects WHERE site_id = ? AND kind = 'category'`, siteID)
	if err != nil {
		return nil, fmt.Errorf("category addresses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		ci.slugs[slug] = true
	}
	return ci, rows.Err()
}

func (ci *categoryIndex) reset() {
	ci.pendingKey, ci.pendingSlugs = map[string]int64{}, map[string]bool{}
}

func (ci *categoryIndex) commit() {
	for k, v := range ci.pendingKey {
		ci.byKey[k] = v
	}
	for k := range ci.pendingSlugs {
		ci.slugs[k] = true
	}
	ci.reset()
}

// ensure returns the ID of the category at path, creating it and its
// parents as needed, at the end of their siblings.
func (ci *categoryIndex) ensure(ctx context.Context, tx *sqldb.Tx, siteID int64, path string, now time.Time) (int64, error) {
	var parent int64
	for _, title := range strings.Split(path, "/") {
		title = strings.TrimSpace(title)
		if title == "" {
			continue
		}
		if len([]rune(title)) > 200 {
			title = string([]rune(title)[:200])
		}
		k := catKey(parent, title)
		if id, ok := ci.byKey[k]; ok {
			parent = id
			continue
		}
		if id, ok := ci.pendingKey[k]; ok {
			parent = id
			continue
		}
		base := slugify(title)
		if base == "" {
			base = "category"
		}
		slug := base
		for i := 2; ci.slugs[slug] || ci.pendingSlugs[slug]; i++ {
			slug = base + "-" + strconv.Itoa(i)
		}
		id := sqldb.NewID()
		ms := sqldb.Millis(now)
		_, err := tx.Exec(ctx, `INSERT INTO categories (site_id, id, parent_id, slug, title, description, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, '', COALESCE((SELECT MAX(position) FROM categories WHERE site_id = ? AND parent_id IS NOT DISTINCT FROM ?), 0) + 1, ?, ?)`,
			siteID, id, nullID(parent), slug, title, siteID, nullID(parent), ms, ms)
		if err != nil {
			return 0, fmt.Errorf("create category %q: %w", title, err)
		}
		ci.pendingKey[k], ci.pendingSlugs[slug] = id, true
		parent = id
	}
	return parent, nil
}
