package sqldb

import (
	"database/sql"
	"time"
)

// Times are stored as integer Unix milliseconds in UTC on both engines: the
// same column type, the same comparisons and no driver-specific parsing.

// Millis converts t for storage.
func Millis(t time.Time) int64 { return t.UTC().UnixMilli() }

// NullMillis converts an optional time for storage; the zero time is NULL.
func NullMillis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: Millis(t), Valid: true}
}

// Time converts a stored value back.
func Time(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// NullTime converts an optional stored value back; NULL is the zero time.
func NullTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return Time(v.Int64)
}
