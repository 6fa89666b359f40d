package sqldb

import (
	"context"
	"sync/atomic"
)

// PlatformChange is the site ID announced for a platform-wide change (the
// maintenance switch); real site IDs are never 0.
const PlatformChange int64 = 0

// Announcer is told, after commit, which site's data changed. The
// composition root connects it to the cache-invalidation bus, so that every
// node drops what it cached of the site; domain packages only say what
// changed, and no handler has to remember to invalidate.
type Announcer func(ctx context.Context, siteID int64)

// announcer holds the Announcer; it is set once at start, but a pointer
// keeps a late SetAnnouncer in a test free of data races.
type announcer struct{ f atomic.Pointer[Announcer] }

func (a *announcer) announce(ctx context.Context, siteID int64) {
	if f := a.f.Load(); f != nil {
		(*f)(ctx, siteID)
	}
}

// SetAnnouncer makes f hear of every change reported with Changed.
func (db *DB) SetAnnouncer(f Announcer) { db.changes.f.Store(&f) }

// Changed reports that a write of siteID's data, already made outside a
// transaction, succeeded. Call it after the write, never before.
func (db *DB) Changed(ctx context.Context, siteID int64) { db.changes.announce(ctx, siteID) }

// Changed records that this transaction changes siteID's data; the
// announcement is made once the transaction commits, and never if it rolls
// back, so no node can drop its cache and re-read the old data in between.
func (tx *Tx) Changed(_ context.Context, siteID int64) {
	for _, id := range tx.changed {
		if id == siteID {
			return
		}
	}
	tx.changed = append(tx.changed, siteID)
}
