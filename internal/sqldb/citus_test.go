package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// citusLocalTables are the tables citus.sql deliberately leaves as plain
// tables on the coordinator; every other table of the migrated schema must be
// placed by it. citus.sql says why for each group.
var citusLocalTables = map[string]string{
	"goose_db_version":     "goose's record of applied migrations",
	"mail_messages":        "the e-mail outbox, written with its River job and read only by the worker and the operator console",
	"platform_consent_log": "the platform host's own consent log, which belongs to no site",
	"tls_storage":          "certificates, read by key in the TLS handshake before any site is known",
	"tls_locks":            "ACME locks between nodes",
	// River's own tables, created by its migrator in sqldb.Migrate.
	"river_job":          "job queue",
	"river_leader":       "job queue",
	"river_migration":    "job queue",
	"river_notification": "job queue",
	"river_queue":        "job queue",
}

// TestCitusPlacement runs citus.sql against stand-ins for Citus's functions
// on a freshly migrated PostgreSQL schema, and checks that it places every
// table once and that the schema follows the rules that let Citus distribute
// it by site_id unchanged. A new table fails here until it is placed.
func TestCitusPlacement(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Postgres(t)
	installCitusStandIns(t, db)
	if _, err := db.Exec(ctx, sqldb.CitusScript()); err != nil {
		t.Fatalf("run citus.sql: %v", err)
	}
	for _, v := range citusViolations(t, db, citusLocalTables) {
		t.Error(v)
	}
}

// TestCitusRulesCatchViolations shows that each rule of citusViolations
// fails on a schema that breaks it, so that TestCitusPlacement passing means
// something.
func TestCitusRulesCatchViolations(t *testing.T) {
	// Every case starts from these: a reference table of sites and a
	// well-formed distributed table.
	const base = `
CREATE TABLE sites (id BIGINT PRIMARY KEY);
CREATE TABLE pages (site_id BIGINT NOT NULL REFERENCES sites (id), id BIGINT NOT NULL,
    slug TEXT NOT NULL, PRIMARY KEY (site_id, id), UNIQUE (site_id, slug));
`
	const place = `
SELECT create_reference_table('sites');
SELECT create_distributed_table('pages', 'site_id');
`
	tests := []struct {
		name      string
		schema    string
		placement string
		local     []string
		want      []string
	}{
		{name: "well formed", want: nil},
		{
			name:   "table not placed",
			schema: `CREATE TABLE notes (site_id BIGINT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (site_id, id));`,
			want:   []string{"notes: not placed by citus.sql and not a known local table"},
		},
		{
			name:      "table placed twice",
			placement: `SELECT create_reference_table('sites');`,
			want:      []string{"sites: placed 2 times by citus.sql"},
		},
		{
			name:  "local table that does not exist",
			local: []string{"river_job"},
			want:  []string{"river_job: listed as a local table but not in the schema"},
		},
		{
			name:      "distributed by another column",
			schema:    `CREATE TABLE notes (id BIGINT PRIMARY KEY, site_id BIGINT NOT NULL);`,
			placement: `SELECT create_distributed_table('notes', 'id', colocate_with => 'pages');`,
			want: []string{
				"notes: distributed by id, want site_id",
				"notes: PRIMARY KEY (id) does not lead with site_id",
			},
		},
		{
			name:      "nullable site_id",
			schema:    `CREATE TABLE notes (site_id BIGINT, id BIGINT NOT NULL, UNIQUE (site_id, id));`,
			placement: `SELECT create_distributed_table('notes', 'site_id', colocate_with => 'pages');`,
			want:      []string{"notes: site_id may be NULL, which Citus cannot place"},
		},
		{
			name:      "not colocated",
			schema:    `CREATE TABLE notes (site_id BIGINT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (site_id, id));`,
			placement: `SELECT create_distributed_table('notes', 'site_id', colocate_with => 'none');`,
			want:      []string{`notes: colocate_with "none": want a distributed table placed before it`},
		},
		{
			name: "globally unique column in a distributed table",
			schema: `CREATE TABLE domains (site_id BIGINT NOT NULL, id BIGINT NOT NULL, host TEXT NOT NULL UNIQUE,
				PRIMARY KEY (site_id, id));`,
			placement: `SELECT create_distributed_table('domains', 'site_id', colocate_with => 'pages');`,
			want:      []string{"domains: UNIQUE (host) does not lead with site_id"},
		},
		{
			name:   "unique index not leading with site_id",
			schema: `CREATE UNIQUE INDEX pages_slug_site ON pages (slug, site_id);`,
			want:   []string{"pages: index pages_slug_site (slug, site_id) does not lead with site_id"},
		},
		{
			name:   "lookup index not leading with site_id",
			schema: `CREATE INDEX pages_slug ON pages (slug);`,
			want:   []string{"pages: index pages_slug (slug) does not lead with site_id"},
		},
		{
			name: "foreign key between distributed tables without site_id",
			schema: `ALTER TABLE pages ADD UNIQUE (slug);
				CREATE TABLE revisions (site_id BIGINT NOT NULL, id BIGINT NOT NULL,
				page_slug TEXT NOT NULL REFERENCES pages (slug), PRIMARY KEY (site_id, id));`,
			placement: `SELECT create_distributed_table('revisions', 'site_id', colocate_with => 'pages');`,
			want: []string{
				"pages: UNIQUE (slug) does not lead with site_id",
				"revisions: foreign key (page_slug) → pages (slug) between distributed tables does not match site_id to site_id",
			},
		},
		{
			name: "foreign key from a reference table to a distributed one",
			schema: `CREATE TABLE menus (id BIGINT PRIMARY KEY, site_id BIGINT NOT NULL, page_id BIGINT NOT NULL,
				FOREIGN KEY (site_id, page_id) REFERENCES pages (site_id, id));`,
			placement: `SELECT create_reference_table('menus');`,
			want:      []string{"menus: foreign key (site_id, page_id) → pages (site_id, id) from a reference table to a distributed one"},
		},
		{
			name:      "foreign key to a table placed later",
			schema:    `CREATE TABLE owners (id BIGINT PRIMARY KEY); ALTER TABLE sites ADD owner_id BIGINT REFERENCES owners (id);`,
			placement: `SELECT create_reference_table('owners');`,
			want:      []string{"sites: foreign key (owner_id) → owners (id) points to a table placed after it"},
		},
		{
			name:   "foreign key to a local table",
			schema: `CREATE TABLE river_job (id BIGINT PRIMARY KEY); ALTER TABLE pages ADD job_id BIGINT REFERENCES river_job (id);`,
			local:  []string{"river_job"},
			want:   []string{"pages: foreign key (job_id) → river_job (id) points to a table citus.sql does not place"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sqldb.Open(ctx, sqldbtest.PostgresURL(t), "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			installCitusStandIns(t, db)
			if _, err := db.Exec(ctx, base+tt.schema); err != nil {
				t.Fatalf("schema: %v", err)
			}
			if _, err := db.Exec(ctx, place+tt.placement); err != nil {
				t.Fatalf("placement: %v", err)
			}
			local := map[string]string{}
			for _, name := range tt.local {
				local[name] = "a local table of the case"
			}
			got := citusViolations(t, db, local)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("violations:\n got %q\nwant %q", got, want)
			}
		})
	}
}
