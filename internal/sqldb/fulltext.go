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

// Term is one word of a full-text query: the word itself, or with Prefix
// every word that starts with it.
type Term struct {
	Text   string
	Prefix bool
}

// Match returns a condition, and its one argument, that keeps the rows of
// siteID which have, for every group, a word equal to (or, for a prefix
// term, starting with) one of the group's terms. Terms must hold only
// letters and digits: they are written into the engine's query syntax
// unquoted.
//
// Exact terms are much cheaper than prefixes on both engines when many
// sites share the index: an exact term's list of rows can be skipped
// through to the site's rows, where a prefix's lists must first be merged
// in full, every site's rows included. Callers that know a site's words
// should turn a prefix into the exact words it stands for.
func (db *DB) Match(ft FullText, siteID int64, groups [][]Term) (string, any) {
	var b strings.Builder
	if db.dialect == Postgres {
		for i, g := range groups {
			if i > 0 {
				b.WriteString(" & ")
			}
			b.WriteByte('(')
			for j, t := range g {
				if j > 0 {
					b.WriteString(" | ")
				}
				b.WriteString(t.Text)
				if t.Prefix {
					b.WriteString(":*")
				}
			}
			b.WriteByte(')')
		}
		return ft.PostgresColumn + ` @@ to_tsquery('simple', ?)`, b.String()
	}
	// The site column narrows the match to the site's own documents.
	b.WriteString(`site : "s` + strconv.FormatInt(siteID, 10) + `"`)
	for _, g := range groups {
		b.WriteString(` AND terms : (`)
		for j, t := range g {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(`"` + t.Text + `"`)
			if t.Prefix {
				b.WriteByte('*')
			}
		}
		b.WriteByte(')')
	}
	return ft.KeyColumn + ` IN (SELECT rowid FROM ` + ft.SQLiteTable + ` WHERE ` + ft.SQLiteTable + ` MATCH ?)`, b.String()
}
