package sqldb

import (
	"strconv"
	"strings"
)

// FullText says where a table's full-text index lives on each engine: on
// SQLite an FTS5 table whose rowid is the indexed row's key and whose
// columns "site" (holding "s" and the site ID) and "terms" hold the words;
// on PostgreSQL a tsvector column built with the 'simple' configuration.
// The engines differ only here, so that domain packages never branch on
// the dialect.
type FullText struct {
	SQLiteTable    string // e.g. "product_search"
	KeyColumn      string // the indexed row's key, compared with the FTS5 rowid, e.g. "p.id"
	PostgresColumn string // e.g. "p.search_tsv"
}

// PrefixMatch returns a condition, and its one argument, that keeps the
// rows of siteID which have, for every group, a word starting with one of
// the group's prefixes. Prefixes must hold only letters and digits: they
// are written into the engine's query syntax unquoted.
func (db *DB) PrefixMatch(ft FullText, siteID int64, groups [][]string) (string, any) {
	var b strings.Builder
	if db.dialect == Postgres {
		for i, g := range groups {
			if i > 0 {
				b.WriteString(" & ")
			}
			b.WriteByte('(')
			for j, w := range g {
				if j > 0 {
					b.WriteString(" | ")
				}
				b.WriteString(w + ":*")
			}
			b.WriteByte(')')
		}
		return ft.PostgresColumn + ` @@ to_tsquery('simple', ?)`, b.String()
	}
	// The site column narrows the match to the site's own documents.
	b.WriteString(`site : "s` + strconv.FormatInt(siteID, 10) + `"`)
	for _, g := range groups {
		b.WriteString(` AND terms : (`)
		for j, w := range g {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(`"` + w + `"*`)
		}
		b.WriteByte(')')
	}
	return ft.KeyColumn + ` IN (SELECT rowid FROM ` + ft.SQLiteTable + ` WHERE ` + ft.SQLiteTable + ` MATCH ?)`, b.String()
}
