package catalog_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// fakeUses records what the catalog tells the media library, and refuses
// the media ID 666 as the library refuses an image of another site.
type fakeUses struct{ got map[int64][]int64 }

func (f *fakeUses) SetUsesTx(_ context.Context, _ *sqldb.Tx, _ int64, kind string, owner int64, ids []int64) error {
	if kind != "product" {
		return fault.Invalidf("media", "wrong kind "+kind)
	}
	if slices.Contains(ids, 666) {
		return fault.Invalidf("media", "not an image of this site")
	}
	f.got[owner] = ids
	return nil
}

func TestProductImagesAreRecordedAsMediaUses(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := catalog.NewStore(db)
		uses := &fakeUses{got: map[int64][]int64{}}
		s.UseMedia(uses)
		siteID := site(t, db, "uses")

		in := simple("Mug", 900)
		in.Images = []catalog.ImageInput{{MediaID: 11}, {MediaID: 12}}
		p, err := s.CreateProduct(ctx, siteID, business, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := uses.got[p.ID]; !slices.Equal(got, []int64{11, 12}) {
			t.Fatalf("uses after create = %v, want [11 12]", got)
		}

		in.Images = []catalog.ImageInput{{MediaID: 666}}
		_, err = s.UpdateProduct(ctx, siteID, p.ID, in)
		if f, ok := fault.AsInvalid(err); !ok || f["images"] == "" {
			t.Fatalf("update with a foreign image: %v, want a field error on images", err)
		}
		if again, _ := s.Product(ctx, siteID, p.ID); len(again.Images) != 2 {
			t.Fatalf("refused update changed the images: %+v", again.Images)
		}

		if err := s.DeleteProduct(ctx, siteID, p.ID); err != nil {
			t.Fatal(err)
		}
		if got, ok := uses.got[p.ID]; !ok || len(got) != 0 {
			t.Fatalf("uses after delete = %v, want none", got)
		}
	})
}
