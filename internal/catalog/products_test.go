package catalog_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestProductLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		var announced []int64
		db.SetAnnouncer(func(_ context.Context, id int64) { announced = append(announced, id) })

		v0 := contentVersion(t, db, a)
		p, err := st.CreateProduct(ctx, a, business, shirt("Linen Shirt", "LS"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Slug != "linen-shirt" || p.Status != catalog.StatusActive || p.Price != 2000 || len(p.Variants) != 4 || len(p.Options) != 2 {
			t.Fatalf("created %+v", p)
		}
		if strings.Contains(string(p.Description), "script") || !strings.Contains(string(p.Description), `class="x"`) {
			t.Fatalf("description = %s", p.Description)
		}
		if got := p.Variants[3]; got.Title() != "M / Blue" || got.SKU != "LS-M-Blue" || got.Price != 2110 || got.Stock != 5 {
			t.Fatalf("variant 3 = %+v", got)
		}
		if contentVersion(t, db, a) != v0+1 || len(announced) != 1 || announced[0] != a {
			t.Fatalf("create did not announce: version %d, announced %v", contentVersion(t, db, a), announced)
		}

		// A product without options gets one default variant.
		mug := must[catalog.Product](t)(st.CreateProduct(ctx, a, business, catalog.ProductInput{Title: "Mug", Price: 900, CompareAtPrice: 1200, Currency: "eur", SKU: "MUG-1"}))
		if mug.Status != catalog.StatusDraft || len(mug.Variants) != 1 || mug.Variants[0].Price != 900 || mug.Variants[0].SKU != "MUG-1" ||
			mug.Variants[0].OptionValues != nil || mug.Currency != "EUR" {
			t.Fatalf("mug = %+v", mug)
		}

		// Update keeps variant IDs given back, drops the others, and a new
		// slug leaves a redirect.
		in := shirt("Linen Shirt", "LS")
		in.Slug = "linen-shirt-2"
		in.Variants = in.Variants[:2]
		in.Variants[0].ID = p.Variants[0].ID
		in.Variants[0].Price = 1500
		in.Variants[0].Stock = 99 // ignored: stock changes through AdjustStock
		in.Variants[1].SKU = "LS-NEW"
		up, err := st.UpdateProduct(ctx, a, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(up.Variants) != 2 || up.Variants[0].ID != p.Variants[0].ID || up.Variants[0].Stock != 5 || up.Price != 1500 || up.Slug != "linen-shirt-2" {
			t.Fatalf("updated %+v", up)
		}
		if _, err := st.ActiveProductBySlug(ctx, a, "linen-shirt"); !errors.Is(err, catalog.ErrProductNotFound) {
			t.Fatalf("old slug: %v", err)
		}
		if slug, err := st.ProductRedirect(ctx, a, "linen-shirt"); err != nil || slug != "linen-shirt-2" {
			t.Fatalf("redirect = %q, %v", slug, err)
		}
		// Back to the old slug: the redirect goes, the other way comes.
		in.Slug = "linen-shirt"
		for i := range in.Variants {
			in.Variants[i].ID = up.Variants[i].ID
		}
		if _, err := st.UpdateProduct(ctx, a, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ProductRedirect(ctx, a, "linen-shirt"); !errors.Is(err, catalog.ErrProductNotFound) {
			t.Fatalf("redirect from a live slug: %v", err)
		}
		if slug, _ := st.ProductRedirect(ctx, a, "linen-shirt-2"); slug != "linen-shirt" {
			t.Fatalf("redirect back = %q", slug)
		}
		got := must[catalog.Product](t)(st.ActiveProductBySlug(ctx, a, "linen-shirt"))
		if got.ID != p.ID || len(got.Variants) != 2 {
			t.Fatalf("by slug %+v", got)
		}
		if _, err := st.ActiveProductBySlug(ctx, a, "mug"); !errors.Is(err, catalog.ErrProductNotFound) {
			t.Fatalf("draft shown in the storefront: %v", err)
		}
		if _, err := st.ProductBySlug(ctx, a, "mug"); err != nil {
			t.Fatalf("draft for the admin: %v", err)
		}
		if n := must[int](t)(st.ProductCount(ctx, a)); n != 2 {
			t.Fatalf("count = %d", n)
		}
		if err := st.DeleteProduct(ctx, a, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Product(ctx, a, p.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("deleted product: %v", err)
		}
		if _, err := st.ProductRedirect(ctx, a, "linen-shirt-2"); !errors.Is(err, catalog.ErrProductNotFound) {
			t.Fatalf("redirect of a deleted product: %v", err)
		}
		if err := st.DeleteProduct(ctx, a, p.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("delete twice: %v", err)
		}
	})
}

func TestProductValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		must[catalog.Product](t)(st.CreateProduct(ctx, a, business, shirt("Taken", "TK")))
		tests := []struct {
			name  string
			edit  func(in *catalog.ProductInput)
			field string
		}{
			{"no title", func(in *catalog.ProductInput) { in.Title = " " }, "title"},
			{"bad slug", func(in *catalog.ProductInput) { in.Slug = "a b" }, "slug"},
			{"taken slug", func(in *catalog.ProductInput) { in.Slug = "taken" }, "slug"},
			{"bad status", func(in *catalog.ProductInput) { in.Status = "gone" }, "status"},
			{"bad currency", func(in *catalog.ProductInput) { in.Currency = "EU" }, "currency"},
			{"bad EAN", func(in *catalog.ProductInput) { in.EAN = "4006381333932" }, "ean"},
			{"too many options", func(in *catalog.ProductInput) {
				in.Options = append(in.Options, catalog.Option{Name: "A", Values: []string{"1"}}, catalog.Option{Name: "B", Values: []string{"1"}})
			}, "options"},
			{"option without name", func(in *catalog.ProductInput) { in.Options[1].Name = "" }, "options[1].name"},
			{"same option twice", func(in *catalog.ProductInput) { in.Options[1].Name = "size" }, "options[1].name"},
			{"value twice", func(in *catalog.ProductInput) { in.Options[0].Values = []string{"S", "s"} }, "options[0].values[1]"},
			{"negative price", func(in *catalog.ProductInput) { in.Variants[2].Price = -1 }, "variants[2].price"},
			{"compare-at below price", func(in *catalog.ProductInput) { in.Variants[1].CompareAtPrice = 10 }, "variants[1].compareAtPrice"},
			{"unknown value", func(in *catalog.ProductInput) { in.Variants[0].OptionValues[1] = "Green" }, "variants[0].optionValues[1]"},
			{"missing value", func(in *catalog.ProductInput) { in.Variants[0].OptionValues = []string{"S"} }, "variants[0].optionValues"},
			{"same values twice", func(in *catalog.ProductInput) { in.Variants[3].OptionValues = []string{"s", "red"} }, "variants[3].optionValues"},
			{"SKU twice", func(in *catalog.ProductInput) { in.Variants[2].SKU = in.Variants[0].SKU }, "variants[2].sku"},
			{"SKU of another product", func(in *catalog.ProductInput) { in.Variants[1].SKU = "TK-S-Red" }, "variants[1].sku"},
			{"negative stock", func(in *catalog.ProductInput) { in.Variants[0].Stock = -1 }, "variants[0].stock"},
			{"variant of another product", func(in *catalog.ProductInput) { in.Variants[0].ID = 12345 }, "variants[0].id"},
			{"options without variants", func(in *catalog.ProductInput) { in.Variants = nil }, "variants"},
			{"no options, two variants", func(in *catalog.ProductInput) { in.Options = nil }, "variants"},
			{"image without media", func(in *catalog.ProductInput) { in.Images = []catalog.ImageInput{{Alt: "x"}} }, "images[0].mediaId"},
			{"category of nobody", func(in *catalog.ProductInput) { in.CategoryIDs = []int64{42} }, "categoryIds"},
		}
		for _, tt := range tests {
			in := shirt("New shirt", "NS")
			tt.edit(&in)
			_, err := st.CreateProduct(ctx, a, business, in)
			f, _ := fault.AsInvalid(err)
			if f[tt.field] == "" {
				t.Errorf("%s: want a message for %s, got %v", tt.name, tt.field, err)
			}
		}
		// The plan's limit is a field error too.
		starter := plans.MustGet(plans.Free)
		_, err := st.CreateProduct(ctx, a, starter, simple("One more", 100))
		if f, _ := fault.AsInvalid(err); f["title"] == "" {
			t.Fatalf("above the plan's limit: %v", err)
		}
		limited := business
		limited.Products = 2
		must[catalog.Product](t)(st.CreateProduct(ctx, a, limited, simple("Second", 100)))
		_, err = st.CreateProduct(ctx, a, limited, simple("Third", 100))
		if f, _ := fault.AsInvalid(err); !strings.Contains(f["title"], "allows 2 products") {
			t.Fatalf("above a limit of 2: %v", err)
		}
	})
}
