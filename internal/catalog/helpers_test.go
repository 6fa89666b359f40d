package catalog_test

import (
	"context"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

var business = plans.MustGet(plans.Business)

// site adds a site (and its owner) and returns its ID.
func site(t testing.TB, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'business', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return id
}

func contentVersion(t testing.TB, db *sqldb.DB, siteID int64) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRow(context.Background(), `SELECT content_version FROM sites WHERE id = ?`, siteID).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// simple is a product without options.
func simple(title string, price int64) catalog.ProductInput {
	return catalog.ProductInput{Title: title, Price: price, Currency: "EUR", Status: catalog.StatusActive}
}

// shirt is a product with two options and four variants.
func shirt(title, sku string) catalog.ProductInput {
	in := catalog.ProductInput{
		Title: title, Currency: "EUR", Status: catalog.StatusActive, SKU: sku,
		Description: `<p class="x">Soft <b>cotton</b> shirt</p><script>alert(1)</script>`,
		Options:     []catalog.Option{{Name: "Size", Values: []string{"S", "M"}}, {Name: "Colour", Values: []string{"Red", "Blue"}}},
	}
	for i, size := range []string{"S", "M"} {
		for j, colour := range []string{"Red", "Blue"} {
			in.Variants = append(in.Variants, catalog.VariantInput{
				OptionValues: []string{size, colour}, SKU: sku + "-" + size + "-" + colour,
				Price: int64(2000 + 100*i + 10*j), Stock: 5, TrackStock: true, LowStockThreshold: 2,
			})
		}
	}
	return in
}

func must[T any](t testing.TB) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
