package pages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// MediaUses records which images an owner shows, in the owner's
// transaction (media.Store implements it).
type MediaUses interface {
	SetUsesTx(ctx context.Context, tx *sqldb.Tx, siteID int64, ownerKind string, ownerID int64, mediaIDs []int64) error
}

// UseMedia makes the store record the pictures of each page (published and
// draft) as uses of the media library, so that the library says where a
// picture is used and warns before it is deleted.
func (s *Store) UseMedia(m MediaUses) { s.media = m }

// recordUsesTx records the pictures the page shows now, live or in its
// draft; nil deletes the page's uses.
func (s *Store) recordUsesTx(ctx context.Context, tx *sqldb.Tx, siteID, pageID int64) error {
	if s.media == nil {
		return nil
	}
	var published, draft *string
	err := tx.QueryRow(ctx, `SELECT sections, draft FROM pages WHERE site_id = ? AND id = ?`, siteID, pageID).Scan(&published, &draft)
	if err != nil {
		return fmt.Errorf("pictures of page %d: %w", pageID, err)
	}
	seen := map[int64]bool{}
	for _, data := range []*string{published, draft} {
		if data == nil {
			continue
		}
		secs, err := sections.Decode([]byte(*data))
		if err != nil {
			continue // stored data is checked; an old bad row must not block a save
		}
		for _, id := range imageIDs(secs) {
			seen[id] = true
		}
	}
	// Only the site's own pictures that still exist: a picture deleted
	// from the library (or another site's ID typed into a form) shows
	// nothing on the page, and must not block saving the rest of it.
	ids := make([]int64, 0, len(seen))
	for id := range seen {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM media WHERE site_id = ? AND id = ?`, siteID, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("picture %d of page %d: %w", id, pageID, err)
		}
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return s.media.SetUsesTx(ctx, tx, siteID, "page", pageID, ids)
}

// imageIDs lists the media library pictures that sections show.
func imageIDs(secs []sections.Section) []int64 {
	var out []int64
	add := func(fields []sections.Field, settings map[string]any) {
		for _, f := range fields {
			if f.Kind != sections.Image {
				continue
			}
			v, _ := settings[f.Name].(string)
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
				out = append(out, id)
			}
		}
	}
	for _, sec := range secs {
		t, ok := sections.Lookup(sec.Type)
		if !ok {
			continue
		}
		add(t.Fields, sec.Settings)
		if t.Block != nil {
			for _, b := range sec.Blocks {
				add(t.Block.Fields, b.Settings)
			}
		}
	}
	return out
}
