package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func treeOf(t *testing.T, st *catalog.Store, siteID int64) string {
	t.Helper()
	nodes := must[[]catalog.CategoryNode](t)(st.CategoryTree(context.Background(), siteID))
	var b []string
	for _, n := range nodes {
		b = append(b, strings.Repeat("-", n.Depth)+n.Slug)
	}
	return strings.Join(b, " ")
}

func TestCategories(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "shop-a")
		mk := must[catalog.Category](t)
		clothes := mk(st.CreateCategory(ctx, a, catalog.CategoryInput{Title: "Clothes"}))
		shirts := mk(st.CreateCategory(ctx, a, catalog.CategoryInput{Title: "Shirts", ParentID: clothes.ID}))
		mk(st.CreateCategory(ctx, a, catalog.CategoryInput{Title: "Trousers", ParentID: clothes.ID}))
		mugs := mk(st.CreateCategory(ctx, a, catalog.CategoryInput{Title: "Mugs", Description: "<p>Tea</p><script>x</script>"}))
		if strings.Contains(string(mugs.Description), "script") {
			t.Fatalf("description %s", mugs.Description)
		}
		if got := treeOf(t, st, a); got != "clothes -shirts -trousers mugs" {
			t.Fatalf("tree = %s", got)
		}
		if err := st.MoveCategory(ctx, a, mugs.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := st.MoveCategory(ctx, a, shirts.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := st.MoveCategory(ctx, a, mugs.ID, true); err != nil { // already first
			t.Fatal(err)
		}
		if got := treeOf(t, st, a); got != "mugs clothes -trousers -shirts" {
			t.Fatalf("after moves: %s", got)
		}
		bad := []struct {
			in    catalog.CategoryInput
			id    int64
			field string
		}{
			{catalog.CategoryInput{Title: ""}, 0, "title"},
			{catalog.CategoryInput{Title: "Mugs"}, 0, "slug"},
			{catalog.CategoryInput{Title: "X", Slug: "a/b"}, 0, "slug"},
			{catalog.CategoryInput{Title: "X", ParentID: 99}, 0, "parentId"},
			{catalog.CategoryInput{Title: "Clothes", ParentID: shirts.ID}, clothes.ID, "parentId"},
			{catalog.CategoryInput{Title: "Clothes", ParentID: clothes.ID}, clothes.ID, "parentId"},
		}
		for _, tt := range bad {
			var err error
			if tt.id == 0 {
				_, err = st.CreateCategory(ctx, a, tt.in)
			} else {
				_, err = st.UpdateCategory(ctx, a, tt.id, tt.in)
			}
			if f, _ := fault.AsInvalid(err); f[tt.field] == "" {
				t.Errorf("%+v: want %s, got %v", tt.in, tt.field, err)
			}
		}
		// Renaming leaves a redirect; moving to the top puts it last.
		moved := mk(st.UpdateCategory(ctx, a, shirts.ID, catalog.CategoryInput{Title: "Shirts", Slug: "tops"}))
		if slug, err := st.CategoryRedirect(ctx, a, "shirts"); err != nil || slug != "tops" {
			t.Fatalf("redirect %q %v", slug, err)
		}
		if got := treeOf(t, st, a); got != "mugs clothes -trousers tops" || moved.ParentID != 0 {
			t.Fatalf("after re-parenting: %s", got)
		}

		// Products in a category: the owner's order, active only, paginated.
		var ids []int64
		for i := range 7 {
			in := simple(fmt.Sprint("Mug ", i), 500)
			in.CategoryIDs = []int64{mugs.ID}
			if i == 3 {
				in.Status = catalog.StatusDraft
			}
			ids = append(ids, must[catalog.Product](t)(st.CreateProduct(ctx, a, business, in)).ID)
		}
		if err := st.MoveProductInCategory(ctx, a, mugs.ID, ids[6], true); err != nil {
			t.Fatal(err)
		}
		var got []string
		cursor := ""
		for pages := 0; ; pages++ {
			page := must[catalog.ProductPage](t)(st.CategoryProducts(ctx, a, mugs.ID, cursor, 2))
			for _, p := range page.Products {
				got = append(got, strings.TrimPrefix(p.Title, "Mug "))
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		if strings.Join(got, ",") != "0,1,2,4,6,5" {
			t.Fatalf("category products = %v", got)
		}
		p := must[catalog.Product](t)(st.Product(ctx, a, ids[0]))
		if len(p.Categories) != 1 || p.Categories[0].Slug != "mugs" {
			t.Fatalf("categories of a product: %+v", p.Categories)
		}

		// Deleting a category moves its children up and keeps its products.
		if err := st.DeleteCategory(ctx, a, clothes.ID); err != nil {
			t.Fatal(err)
		}
		if got := treeOf(t, st, a); got != "mugs tops trousers" {
			t.Fatalf("after delete: %s", got)
		}
		if err := st.DeleteCategory(ctx, a, mugs.ID); err != nil {
			t.Fatal(err)
		}
		p = must[catalog.Product](t)(st.Product(ctx, a, ids[0]))
		if len(p.Categories) != 0 {
			t.Fatalf("product still in a deleted category: %+v", p.Categories)
		}
		if _, err := st.Category(ctx, a, mugs.ID); !errors.Is(err, catalog.ErrCategoryNotFound) {
			t.Fatalf("deleted category: %v", err)
		}
	})
}
