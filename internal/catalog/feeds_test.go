package catalog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

const gNS = "http://base.google.com/ns/1.0"

type parsedGoogle struct {
	Channel struct {
		Items []struct {
			ID           string `xml:"http://base.google.com/ns/1.0 id"`
			Title        string `xml:"http://base.google.com/ns/1.0 title"`
			Link         string `xml:"http://base.google.com/ns/1.0 link"`
			Price        string `xml:"http://base.google.com/ns/1.0 price"`
			Availability string `xml:"http://base.google.com/ns/1.0 availability"`
			Brand        string `xml:"http://base.google.com/ns/1.0 brand"`
			GTIN         string `xml:"http://base.google.com/ns/1.0 gtin"`
			MPN          string `xml:"http://base.google.com/ns/1.0 mpn"`
			ItemGroupID  string `xml:"http://base.google.com/ns/1.0 item_group_id"`
		} `xml:"item"`
	} `xml:"channel"`
}

type parsedHeureka struct {
	Items []struct {
		ItemID       string `xml:"ITEM_ID"`
		Name         string `xml:"PRODUCTNAME"`
		URL          string `xml:"URL"`
		PriceVAT     string `xml:"PRICE_VAT"`
		EAN          string `xml:"EAN"`
		DeliveryDate string `xml:"DELIVERY_DATE"`
		ItemGroupID  string `xml:"ITEMGROUP_ID"`
		Params       []struct {
			Name  string `xml:"PARAM_NAME"`
			Value string `xml:"VAL"`
		} `xml:"PARAM"`
	} `xml:"SHOPITEM"`
}

func TestFeeds(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		store := catalog.NewStore(db)
		a, b := site(t, db, "a"), site(t, db, "b")
		if _, err := db.Exec(ctx, `UPDATE sites SET currency = 'EUR', title = 'Bakery A' WHERE id = ?`, a); err != nil {
			t.Fatal(err)
		}
		bread := simple("Rye bread", 420)
		bread.EAN, bread.SKU = "4006381333931", "RYE"
		must[catalog.Product](t)(store.CreateProduct(ctx, a, business, bread))
		sold := simple("Sold out cake", 1250)
		sold.Variants = []catalog.VariantInput{{Price: 1250, TrackStock: true, Stock: 0}}
		must[catalog.Product](t)(store.CreateProduct(ctx, a, business, sold))
		sh := must[catalog.Product](t)(store.CreateProduct(ctx, a, business, shirt("Shirt", "SH")))
		draft := simple("Secret draft", 100)
		draft.Status = catalog.StatusDraft
		must[catalog.Product](t)(store.CreateProduct(ctx, a, business, draft))
		must[catalog.Product](t)(store.CreateProduct(ctx, b, business, simple("Only on B", 500)))
		o := catalog.FeedOptions{BaseURL: "https://a.example"}

		raw := must[[]byte](t)(store.Feed(ctx, a, catalog.FeedGoogle, o))
		var g parsedGoogle
		if err := xml.Unmarshal(raw, &g); err != nil {
			t.Fatalf("google feed: %v\n%s", err, raw)
		}
		got := map[string]string{}
		for _, it := range g.Channel.Items {
			got[it.Title] = it.Price + " " + it.Availability + " " + it.Brand + " " + it.GTIN + " " + it.MPN + " " + it.ItemGroupID
		}
		want := map[string]string{
			"Rye bread":        "4.20 EUR in_stock Bakery A 4006381333931 RYE ",
			"Sold out cake":    "12.50 EUR out_of_stock Bakery A   ",
			"Shirt – S / Red":  "20.00 EUR in_stock Bakery A  SH-S-Red " + itoa(sh.ID),
			"Shirt – M / Blue": "21.10 EUR in_stock Bakery A  SH-M-Blue " + itoa(sh.ID),
			"Shirt – S / Blue": "20.10 EUR in_stock Bakery A  SH-S-Blue " + itoa(sh.ID),
			"Shirt – M / Red":  "21.00 EUR in_stock Bakery A  SH-M-Red " + itoa(sh.ID),
		}
		if len(got) != len(want) {
			t.Errorf("google items %v", got)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("google %q = %q, want %q", k, got[k], v)
			}
		}
		if !strings.Contains(string(raw), `xmlns:g="`+gNS+`"`) || strings.Contains(string(raw), "Only on B") || strings.Contains(string(raw), "Secret draft") {
			t.Errorf("google feed:\n%s", raw)
		}

		raw = must[[]byte](t)(store.Feed(ctx, a, catalog.FeedHeureka, o))
		var h parsedHeureka
		if err := xml.Unmarshal(raw, &h); err != nil {
			t.Fatalf("heureka feed: %v", err)
		}
		if len(h.Items) != 5 { // the cake that cannot be sold is left out
			t.Errorf("heureka has %d items:\n%s", len(h.Items), raw)
		}
		for _, it := range h.Items {
			if it.Name == "Rye bread" && (it.PriceVAT != "4.20" || it.EAN != "4006381333931" || it.DeliveryDate != "0" || it.URL != "https://a.example/products/rye-bread") {
				t.Errorf("heureka bread = %+v", it)
			}
			if it.ItemGroupID == itoa(sh.ID) && (len(it.Params) != 2 || it.Params[0].Name != "Size") {
				t.Errorf("heureka variant = %+v", it)
			}
		}

		raw = must[[]byte](t)(store.Feed(ctx, a, catalog.FeedJSON, o))
		var j catalog.JSONFeed
		if err := json.Unmarshal(raw, &j); err != nil {
			t.Fatalf("json feed: %v", err)
		}
		if j.Shop != "Bakery A" || len(j.Products) != 3 {
			t.Errorf("json feed = %+v", j)
		}

		// Cached per content version: a price change shows at once.
		again := must[[]byte](t)(store.Feed(ctx, a, catalog.FeedJSON, o))
		if !bytes.Equal(again, raw) {
			t.Error("the same version built twice differently")
		}
		bp := must[catalog.Product](t)(store.ProductBySlug(ctx, a, "rye-bread"))
		bread.Price = 450
		must[catalog.Product](t)(store.UpdateProduct(ctx, a, bp.ID, bread))
		if raw = must[[]byte](t)(store.Feed(ctx, a, catalog.FeedJSON, o)); !strings.Contains(string(raw), `"4.50"`) {
			t.Errorf("feed after a price change:\n%s", raw)
		}

		// Tokens: per site, replaced at once.
		ta := must[string](t)(store.FeedToken(ctx, a))
		tb := must[string](t)(store.FeedToken(ctx, b))
		if len(ta) != 32 || ta == tb || must[string](t)(store.FeedToken(ctx, a)) != ta {
			t.Errorf("tokens %q %q", ta, tb)
		}
		if !must[bool](t)(store.ValidFeedToken(ctx, a, ta)) || must[bool](t)(store.ValidFeedToken(ctx, b, ta)) {
			t.Error("site A's token must work on A only")
		}
		tn := must[string](t)(store.NewFeedToken(ctx, a))
		if must[bool](t)(store.ValidFeedToken(ctx, a, ta)) || !must[bool](t)(store.ValidFeedToken(ctx, a, tn)) {
			t.Error("the old token still works")
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
