package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// citusStandIns replaces Citus's two placement functions with ones that only
// record their arguments, so that citus.sql runs on plain PostgreSQL and the
// test can read back what it asked for. The signatures follow Citus's, so a
// call that Citus would accept is accepted here.
const citusStandIns = `
CREATE TABLE citus_stand_in_calls (
    seq               SERIAL PRIMARY KEY,
    table_oid         OID NOT NULL,
    kind              TEXT NOT NULL,
    column_name       TEXT,
    distribution_type TEXT,
    colocate_with     TEXT
);
CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO citus_stand_in_calls (table_oid, kind) VALUES (table_name::oid, 'reference')
$$;
CREATE FUNCTION create_distributed_table(table_name regclass, distribution_column text,
    distribution_type text DEFAULT 'hash', colocate_with text DEFAULT 'default',
    shard_count int DEFAULT NULL) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO citus_stand_in_calls (table_oid, kind, column_name, distribution_type, colocate_with)
    VALUES (table_name::oid, 'distributed', distribution_column, distribution_type, colocate_with)
$$;
`

func installCitusStandIns(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if _, err := db.Exec(context.Background(), citusStandIns); err != nil {
		t.Fatalf("install Citus stand-ins: %v", err)
	}
}

// citusTable is one table of the schema and what citus.sql did with it.
type citusTable struct {
	name       string
	placements []citusCall
	siteID     string // "", "null" or "not null": the site_id column
}

type citusCall struct {
	seq              int
	kind             string
	column, distType string
	colocateWith     string
	colocateOID      int64
}

// placed is the table's first placement, or a zero call when it has none; a
// table placed more than once is reported on its own.
func (t *citusTable) placed() citusCall {
	if len(t.placements) == 0 {
		return citusCall{}
	}
	return t.placements[0]
}

// citusViolations reads the schema and the stand-ins' record from pg_catalog
// and returns every broken rule, sorted. local names the tables that are
// expected to stay unplaced on the coordinator.
func citusViolations(t *testing.T, db *sqldb.DB, local map[string]string) []string {
	t.Helper()
	tables := readCitusTables(t, db)
	var v []string
	report := func(table, format string, args ...any) {
		v = append(v, table+": "+fmt.Sprintf(format, args...))
	}
	names := map[string]bool{}
	for _, tb := range tables {
		names[tb.name] = true
		_, isLocal := local[tb.name]
		switch n := len(tb.placements); {
		case n == 0 && !isLocal:
			report(tb.name, "not placed by citus.sql and not a known local table")
		case n > 0 && isLocal:
			report(tb.name, "listed as a local table but placed by citus.sql")
		case n > 1:
			report(tb.name, "placed %d times by citus.sql", n)
		}
	}
	for name := range local {
		if !names[name] {
			report(name, "listed as a local table but not in the schema")
		}
	}

	// Distributed tables: by site_id, never NULL, all in one colocation
	// group so that a site's rows of every table sit on the same worker.
	firstDistributed := true
	for _, tb := range placedInOrder(tables) {
		c := tb.placed()
		if c.kind != "distributed" {
			continue
		}
		if c.column != "site_id" {
			report(tb.name, "distributed by %s, want site_id", c.column)
		}
		if c.distType != "hash" {
			report(tb.name, "distribution_type %q, want hash", c.distType)
		}
		switch tb.siteID {
		case "":
			report(tb.name, "has no site_id column")
		case "null":
			report(tb.name, "site_id may be NULL, which Citus cannot place")
		}
		if firstDistributed {
			firstDistributed = false
			if c.colocateWith != "default" && c.colocateWith != "none" {
				report(tb.name, "colocate_with %q: the first distributed table starts the group", c.colocateWith)
			}
		} else if target, ok := tables[c.colocateOID]; !ok || target.placed().kind != "distributed" || target.placed().seq > c.seq {
			report(tb.name, "colocate_with %q: want a distributed table placed before it", c.colocateWith)
		}
	}

	for _, k := range readCitusKeys(t, db) {
		tb, ok := tables[k.table]
		if !ok {
			continue // a partition, placed with its parent
		}
		kind := tb.placed().kind
		switch k.kind {
		case "p", "u":
			if kind == "distributed" && !leadsWithSiteID(k.columns) {
				report(tb.name, "%s (%s) does not lead with site_id", map[string]string{"p": "PRIMARY KEY", "u": "UNIQUE"}[k.kind], k.columns)
			}
		case "f":
			if kind == "" {
				continue // a local table, or one already reported
			}
			target, ok := tables[k.target]
			if !ok {
				target = &citusTable{name: fmt.Sprintf("table %d of another schema", k.target)}
			}
			fk := fmt.Sprintf("foreign key (%s) → %s (%s)", k.columns, target.name, k.targetColumns)
			targetKind := target.placed().kind
			switch {
			case targetKind == "":
				report(tb.name, "%s points to a table citus.sql does not place", fk)
			case k.target != k.table && target.placed().seq > tb.placed().seq:
				report(tb.name, "%s points to a table placed after it", fk)
			case kind == "reference" && targetKind == "distributed":
				report(tb.name, "%s from a reference table to a distributed one", fk)
			case kind == "distributed" && targetKind == "distributed" && !matchesSiteID(k.columns, k.targetColumns):
				report(tb.name, "%s between distributed tables does not match site_id to site_id", fk)
			}
		case "i":
			if kind == "distributed" && !leadsWithSiteID(k.columns) {
				report(tb.name, "index %s (%s) does not lead with site_id", k.name, k.columns)
			}
		}
	}
	slices.Sort(v)
	return v
}

func leadsWithSiteID(columns string) bool {
	return strings.Split(columns, ", ")[0] == "site_id"
}

// matchesSiteID reports whether a foreign key maps site_id onto site_id.
func matchesSiteID(columns, targetColumns string) bool {
	from, to := strings.Split(columns, ", "), strings.Split(targetColumns, ", ")
	i := slices.Index(from, "site_id")
	return i >= 0 && i < len(to) && to[i] == "site_id"
}

func placedInOrder(tables map[int64]*citusTable) []*citusTable {
	var list []*citusTable
	for _, tb := range tables {
		if tb.placed().kind != "" {
			list = append(list, tb)
		}
	}
	slices.SortFunc(list, func(a, b *citusTable) int { return a.placed().seq - b.placed().seq })
	return list
}

// readCitusTables returns the ordinary and partitioned tables of the current
// schema, by OID, with their placements and their site_id column.
func readCitusTables(t *testing.T, db *sqldb.DB) map[int64]*citusTable {
	t.Helper()
	ctx := context.Background()
	tables := map[int64]*citusTable{}
	rows, err := db.Query(ctx, `SELECT c.oid::bigint, c.relname,
		    COALESCE((SELECT CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END FROM pg_attribute a
		              WHERE a.attrelid = c.oid AND a.attname = 'site_id' AND NOT a.attisdropped), '')
		FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
		  AND NOT c.relispartition AND c.relname <> 'citus_stand_in_calls'`)
	if err != nil {
		t.Fatalf("read tables: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var oid int64
		tb := &citusTable{}
		if err := rows.Scan(&oid, &tb.name, &tb.siteID); err != nil {
			t.Fatal(err)
		}
		tables[oid] = tb
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows, err = db.Query(ctx, `SELECT seq, table_oid::bigint, kind, COALESCE(column_name, ''),
		    COALESCE(distribution_type, ''), COALESCE(colocate_with, ''),
		    COALESCE(to_regclass(colocate_with)::oid::bigint, 0)
		FROM citus_stand_in_calls ORDER BY seq`)
	if err != nil {
		t.Fatalf("read placements: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c citusCall
		var oid int64
		if err := rows.Scan(&c.seq, &oid, &c.kind, &c.column, &c.distType, &c.colocateWith, &c.colocateOID); err != nil {
			t.Fatal(err)
		}
		if tb, ok := tables[oid]; ok {
			tb.placements = append(tb.placements, c)
		} else {
			t.Errorf("citus.sql places %d, which is not a table of the schema", oid)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return tables
}

// citusKey is a primary key ("p"), unique constraint ("u"), foreign key
// ("f") or an index that backs none of them ("i"), with its columns in order.
type citusKey struct {
	table, target          int64
	kind, name             string
	columns, targetColumns string
}

func readCitusKeys(t *testing.T, db *sqldb.DB) []citusKey {
	t.Helper()
	const columns = `(SELECT string_agg(COALESCE(a.attname, 'expression'), ', ' ORDER BY k.ord)
		FROM unnest(%s) WITH ORDINALITY k(n, ord)
		LEFT JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.n)`
	rows, err := db.Query(context.Background(), `SELECT con.conrelid::bigint, con.confrelid::bigint,
		    con.contype::text, con.conname,
		    `+fmt.Sprintf(columns, "con.conkey", "con.conrelid")+`,
		    COALESCE(`+fmt.Sprintf(columns, "con.confkey", "con.confrelid")+`, '')
		FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND con.contype IN ('p', 'u', 'f')
		  AND c.relname <> 'citus_stand_in_calls'
		UNION ALL
		SELECT ix.indrelid::bigint, 0, 'i', ic.relname,
		    `+fmt.Sprintf(columns, "ix.indkey::int2[]", "ix.indrelid")+`, ''
		FROM pg_index ix
		JOIN pg_class ic ON ic.oid = ix.indexrelid
		JOIN pg_class c ON c.oid = ix.indrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relname <> 'citus_stand_in_calls'
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
		                  WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
		ORDER BY 1, 3, 4`)
	if err != nil {
		t.Fatalf("read keys: %v", err)
	}
	defer rows.Close()
	var keys []citusKey
	for rows.Next() {
		var k citusKey
		if err := rows.Scan(&k.table, &k.target, &k.kind, &k.name, &k.columns, &k.targetColumns); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}
