package catalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// events records what the catalog announces, as JSON, the way webhooks
// would send it.
type events struct {
	got  []string
	fail error
}

func (e *events) hook(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error {
	if f, ok := payload.(func() (any, error)); ok {
		var err error
		if payload, err = f(); err != nil {
			return err
		}
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	e.got = append(e.got, topic+" "+string(b))
	return e.fail
}

// take returns what was announced since the last take.
func (e *events) take() []string {
	got := e.got
	e.got = nil
	return got
}

func TestCatalogAnnouncesItsChanges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		ev := &events{}
		st.UseEvents(ev.hook)
		a := site(t, db, "bakery")

		p := must[catalog.Product](t)(st.CreateProduct(ctx, a, business, shirt("Shirt", "SH")))
		v := p.Variants[0].ID
		got := ev.take()
		// Four variants with starting stock, then the product.
		if len(got) != 5 || !strings.HasPrefix(got[4], "products/create ") || !strings.Contains(got[4], `"title":"Shirt"`) ||
			!strings.Contains(got[4], fmt.Sprintf(`"id":"%d"`, v)) || !strings.HasPrefix(got[0], "inventory/change ") {
			t.Fatalf("create announced %q", got)
		}
		in := shirt("Shirt, soft", "SH")
		for i := range in.Variants {
			in.Variants[i].ID = p.Variants[i].ID
		}
		must[catalog.Product](t)(st.UpdateProduct(ctx, a, p.ID, in))
		if got := ev.take(); len(got) != 1 || !strings.HasPrefix(got[0], "products/update ") || !strings.Contains(got[0], `"title":"Shirt, soft"`) {
			t.Errorf("update announced %q", got)
		}
		must[int](t)(st.SetStatus(ctx, a, []int64{p.ID, 12345}, catalog.StatusArchived))
		if got := ev.take(); len(got) != 1 || !strings.Contains(got[0], `"status":"archived"`) {
			t.Errorf("status change announced %q", got)
		}
		must[int](t)(st.ChangePrices(ctx, a, []int64{p.ID}, -1000))
		if got := ev.take(); len(got) != 1 || !strings.Contains(got[0], `"price":1800`) {
			t.Errorf("price change announced %q", got)
		}
		must[int](t)(st.AdjustStock(ctx, a, v, 3, "Delivery", 0))
		want := fmt.Sprintf(`inventory/change {"variantId":"%d","productId":"%d","sku":"SH-S-Red","delta":3,"stock":8,"reason":"Delivery"}`, v, p.ID)
		if got := ev.take(); len(got) != 1 || got[0] != want {
			t.Errorf("adjust announced %q, want %q", got, want)
		}
		if err := st.SetStock(ctx, a, v, 2, "Count", 0); err != nil {
			t.Fatal(err)
		}
		if got := ev.take(); len(got) != 1 || !strings.Contains(got[0], `"delta":-6,"stock":2`) {
			t.Errorf("set stock announced %q", got)
		}
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			return st.DecrementTx(ctx, tx, a, []catalog.Line{{VariantID: v, Qty: 1}})
		}); err != nil {
			t.Fatal(err)
		}
		if got := ev.take(); len(got) != 1 || !strings.Contains(got[0], `"delta":-1,"stock":1,"reason":"Order"`) {
			t.Errorf("order announced %q", got)
		}
		c := must[catalog.Category](t)(st.CreateCategory(ctx, a, catalog.CategoryInput{Title: "Bread"}))
		must[catalog.Category](t)(st.UpdateCategory(ctx, a, c.ID, catalog.CategoryInput{Title: "Breads"}))
		if err := st.DeleteCategory(ctx, a, c.ID); err != nil {
			t.Fatal(err)
		}
		got = ev.take()
		if len(got) != 3 || !strings.Contains(got[1], `"title":"Breads"`) || !strings.Contains(got[2], `"deleted":true`) {
			t.Errorf("categories announced %q", got)
		}
		if err := st.DeleteProduct(ctx, a, p.ID); err != nil {
			t.Fatal(err)
		}
		if got := ev.take(); len(got) != 1 || got[0] != fmt.Sprintf(`products/delete {"id":"%d"}`, p.ID) {
			t.Errorf("delete announced %q", got)
		}
	})
}

// The announcement is part of the change: when it fails, the change rolls
// back.
func TestCatalogChangeFailsWithItsAnnouncement(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := catalog.NewStore(db)
		a := site(t, db, "bakery")
		p := must[catalog.Product](t)(st.CreateProduct(ctx, a, business, simple("Rye", 450)))
		ev := &events{fail: errors.New("queue down")}
		st.UseEvents(ev.hook)
		if _, err := st.CreateProduct(ctx, a, business, simple("Spelt", 500)); err == nil {
			t.Error("a product was created although its announcement failed")
		}
		if err := st.DeleteProduct(ctx, a, p.ID); err == nil {
			t.Error("a product was deleted although its announcement failed")
		}
		if n := must[int](t)(st.ProductCount(ctx, a)); n != 1 {
			t.Errorf("%d products, want the one made before", n)
		}
	})
}
