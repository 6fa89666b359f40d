package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// dialectDifferences lists the deliberate differences between the two
// migration trees, by the item name schemaOf gives them ("column t.c",
// "index i", …), each with the reason.
var dialectDifferences = map[string]string{
	// The catalog's full-text search (migration 00006): an FTS5 table on
	// SQLite, a generated tsvector column with a GIN index on PostgreSQL,
	// both over products.search_text. The FTS5 table's own shadow tables
	// (product_search_data, …) are SQLite's business and not compared.
	"table product_search":        "FTS5 index of products.search_text (SQLite)",
	"column product_search.site":  "FTS5 column: the site a document belongs to (SQLite)",
	"column product_search.terms": "FTS5 column: the product's search words (SQLite)",
	"column products.search_tsv":  "tsvector of products.search_text (PostgreSQL)",
	"index products_search":       "GIN index of (site_id, search_tsv) (PostgreSQL)",
}

// TestMigrationTreesMatch migrates both databases and compares what
// migrations/sqlite and migrations/postgres built: tables, columns with their
// type class, nullability and order, primary keys, unique constraints,
// foreign keys and indexes. The two trees are written by hand side by side;
// this is what keeps them the same schema.
func TestMigrationTreesMatch(t *testing.T) {
	pg := sqldbtest.Postgres(t) // skips first when PostgreSQL is not configured
	lite := sqldbtest.SQLite(t)
	liteSchema, pgSchema := sqliteSchema(t, lite), postgresSchema(t, pg)
	if len(liteSchema) == 0 {
		t.Fatal("read no schema from SQLite")
	}
	for _, item := range sortedUnion(liteSchema, pgSchema) {
		l, p := liteSchema[item], pgSchema[item]
		if _, allowed := dialectDifferences[item]; allowed {
			if l == p {
				t.Errorf("%s: listed in dialectDifferences but the same on both (%s)", item, l)
			}
			continue
		}
		if l != p {
			t.Errorf("%s:\n  sqlite:   %s\n  postgres: %s", item, orMissing(l), orMissing(p))
		}
	}
	for item := range dialectDifferences {
		if _, ok := liteSchema[item]; !ok {
			if _, ok := pgSchema[item]; !ok {
				t.Errorf("%s: listed in dialectDifferences but in neither schema", item)
			}
		}
	}
}

// ownedByOthers reports tables that goose and River create for themselves,
// in their own way on each engine: they are not part of our migration trees.
func ownedByOthers(table string) bool {
	return table == "goose_db_version" || strings.HasPrefix(table, "river_") || strings.HasPrefix(table, "sqlite_")
}

// typeClass maps a declared column type to what it means across the two
// engines; an unknown type stays as written, so that it still compares.
func typeClass(declared string) string {
	t := strings.ToLower(strings.TrimSpace(declared))
	switch {
	case t == "bigint" || t == "int8":
		return "int64"
	case t == "integer" || t == "int" || t == "int4":
		return "int32"
	case t == "smallint" || t == "int2":
		return "int16"
	case t == "text" || strings.HasPrefix(t, "varchar") || strings.HasPrefix(t, "character varying"):
		return "text"
	case t == "boolean" || t == "bool":
		return "bool"
	case t == "blob" || t == "bytea":
		return "bytes"
	case t == "real" || t == "double precision" || t == "float8" || t == "double":
		return "float64"
	}
	return t
}

// predicate normalises a partial index's WHERE clause, which PostgreSQL
// prints back with its own parentheses and spacing.
func predicate(where string) string {
	r := strings.NewReplacer("(", "", ")", "", " ", "", "\n", "", "\t", "")
	return strings.ToLower(r.Replace(where))
}

func sqliteSchema(t *testing.T, db *sqldb.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	s := map[string]string{}
	// Shadow tables hold a virtual table's data (an FTS5 index's segments)
	// and belong to it, not to our schema.
	for _, table := range column(t, db, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') ORDER BY name`) {
		if ownedByOthers(table) {
			continue
		}
		s["table "+table] = "present"
		rows := query(t, db, `SELECT cid, name, type, "notnull", pk FROM pragma_table_info(?)`, table)
		pk := map[int64]string{}
		for _, r := range rows {
			// PostgreSQL makes every primary key column NOT NULL. SQLite,
			// for backward compatibility, still accepts NULL in a one-column
			// key that is not INTEGER (id BIGINT PRIMARY KEY); our inserts
			// always name the key, so the declared intent is what compares.
			s["column "+table+"."+r[1]] = columnDesc(r[0], typeClass(r[2]), r[3] == "1" || r[4] != "0")
			if r[4] != "0" {
				pk[mustInt(t, r[4])] = r[1]
			}
		}
		if len(pk) > 0 {
			var cols []string
			for i := int64(1); i <= int64(len(pk)); i++ {
				cols = append(cols, pk[i])
			}
			s["primary key "+table] = strings.Join(cols, ", ")
		}
		for _, r := range query(t, db, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table) {
			name, unique, origin := r[0], r[1] == "1", r[2]
			cols := strings.Join(column(t, db, `SELECT COALESCE(name, 'expression') FROM pragma_index_info(?) ORDER BY seqno`, name), ", ")
			switch origin {
			case "pk":
				// Listed with the table's columns above.
			case "u":
				s["unique "+table+" ("+cols+")"] = "present"
			default:
				var where string
				if r[3] == "1" {
					var def string
					if err := db.QueryRow(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, name).Scan(&def); err != nil {
						t.Fatal(err)
					}
					_, where, _ = strings.Cut(def, " WHERE ")
				}
				s["index "+name] = indexDesc(table, cols, unique, where)
			}
		}
		fks := map[string][]string{}
		for _, r := range query(t, db, `SELECT id, "from", "table", COALESCE("to", '') FROM pragma_foreign_key_list(?) ORDER BY id, seq`, table) {
			fk := fks[r[0]]
			if fk == nil {
				fk = []string{"", r[2], ""}
			}
			fk[0] = strings.TrimPrefix(fk[0]+", "+r[1], ", ")
			fk[2] = strings.TrimPrefix(fk[2]+", "+r[3], ", ")
			fks[r[0]] = fk
		}
		for _, fk := range fks {
			s["foreign key "+table+" ("+fk[0]+")"] = fk[1] + " (" + fk[2] + ")"
		}
	}
	return s
}

func postgresSchema(t *testing.T, db *sqldb.DB) map[string]string {
	t.Helper()
	const inSchema = `c.relnamespace = current_schema()::regnamespace`
	const columns = `(SELECT string_agg(COALESCE(a.attname, 'expression'), ', ' ORDER BY k.ord)
		FROM unnest(%s) WITH ORDINALITY k(n, ord) LEFT JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.n)`
	s := map[string]string{}
	for _, table := range column(t, db, `SELECT c.relname FROM pg_class c WHERE `+inSchema+` AND c.relkind IN ('r', 'p')`) {
		if ownedByOthers(table) {
			continue
		}
		s["table "+table] = "present"
		// Positions are counted among live columns, as SQLite's cid is.
		for _, r := range query(t, db, `SELECT row_number() OVER (ORDER BY a.attnum) - 1, a.attname,
			    format_type(a.atttypid, a.atttypmod), a.attnotnull::text
			FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped`, table) {
			s["column "+table+"."+r[1]] = columnDesc(r[0], typeClass(r[2]), r[3] == "true")
		}
	}
	for _, r := range query(t, db, `SELECT c.relname, con.contype::text,
		    `+fmt.Sprintf(columns, "con.conkey", "con.conrelid")+`,
		    COALESCE(con.confrelid::regclass::text, ''),
		    COALESCE(`+fmt.Sprintf(columns, "con.confkey", "con.confrelid")+`, '')
		FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
		WHERE `+inSchema+` AND con.contype IN ('p', 'u', 'f')`) {
		table, kind, cols := r[0], r[1], r[2]
		if ownedByOthers(table) {
			continue
		}
		switch kind {
		case "p":
			s["primary key "+table] = cols
		case "u":
			s["unique "+table+" ("+cols+")"] = "present"
		case "f":
			s["foreign key "+table+" ("+cols+")"] = r[3] + " (" + r[4] + ")"
		}
	}
	for _, r := range query(t, db, `SELECT c.relname, ic.relname, ix.indisunique::text,
		    `+fmt.Sprintf(columns, "ix.indkey::int2[]", "ix.indrelid")+`,
		    COALESCE(pg_get_expr(ix.indpred, ix.indrelid), '')
		FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid
		WHERE `+inSchema+` AND NOT EXISTS (SELECT 1 FROM pg_constraint con
		    WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))`) {
		if ownedByOthers(r[0]) {
			continue
		}
		s["index "+r[1]] = indexDesc(r[0], r[3], r[2] == "true", r[4])
	}
	return s
}

func columnDesc(position, class string, notNull bool) string {
	null := "null"
	if notNull {
		null = "not null"
	}
	return fmt.Sprintf("#%s %s %s", position, class, null)
}

func indexDesc(table, cols string, unique bool, where string) string {
	d := "on " + table + " (" + cols + ")"
	if unique {
		d = "unique " + d
	}
	if where != "" {
		d += " where " + predicate(where)
	}
	return d
}

// query returns every row of a query as strings; NULL is "".
func query(t *testing.T, db *sqldb.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// column returns the first value of every row.
func column(t *testing.T, db *sqldb.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	for _, r := range query(t, db, q, args...) {
		out = append(out, r[0])
	}
	return out
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

func sortedUnion(a, b map[string]string) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func orMissing(s string) string {
	if s == "" {
		return "(missing)"
	}
	return s
}
