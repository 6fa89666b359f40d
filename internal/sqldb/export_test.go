package sqldb

import "context"

// RebindForTest exposes rebind to the external tests.
var RebindForTest = rebind

// MigrateTo moves Pagecart's own tables up or down to version, so that a
// test can fill an older schema and check that a migration keeps its rows.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.goose()
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if version < current {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	return err
}
