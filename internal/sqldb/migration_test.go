package sqldb_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// eachEmpty runs f on an empty SQLite file and an empty PostgreSQL schema,
// for tests that drive the migrations themselves.
func eachEmpty(t *testing.T, f func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	open := func(t *testing.T, url string) *sqldb.DB {
		db, err := sqldb.Open(context.Background(), url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	t.Run("sqlite", func(t *testing.T) { f(t, open(t, "sqlite:"+filepath.Join(t.TempDir(), "test.db"))) })
	t.Run("postgres", func(t *testing.T) { f(t, open(t, sqldbtest.PostgresURL(t))) })
}

// TestMigration2KeepsRows fills the first schema, migrates, and checks that
// every invitation and domain survives (SQLite rebuilds the invitations
// table), that a site left with several primary domains keeps exactly one,
// and that the new constraints hold. Going down and up again keeps the rows.
func TestMigration2KeepsRows(t *testing.T) {
	eachEmpty(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		exec := func(query string, args ...any) {
			t.Helper()
			if _, err := db.Exec(ctx, query, args...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		}
		if err := db.MigrateTo(ctx, 1); err != nil {
			t.Fatal(err)
		}
		exec(`INSERT INTO accounts (id, email, password_hash, created_at, updated_at)
			VALUES (1, 'anna@example.com', 'x', 1, 1)`)
		exec(`INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at)
			VALUES (10, 'bakery', 'Bakery', 1, 'plain', 'trial', 1, 1), (20, 'florist', 'Florist', 1, 'plain', 'trial', 1, 1)`)
		exec(`INSERT INTO invitations (site_id, id, email, role, token_hash, invited_by, expires_at, accepted_at, created_at)
			VALUES (10, 1, 'ben@example.com', 'staff', 'hash-1', 1, 100, NULL, 1),
			       (10, 2, 'cleo@example.com', 'manager', 'hash-2', 1, 200, 50, 2),
			       (20, 3, 'dan@example.com', 'owner', 'hash-3', 1, 300, NULL, 3)`)
		exec(`INSERT INTO domains (site_id, id, host, is_primary, verified_at, created_at)
			VALUES (10, 1, 'old.example', TRUE, NULL, 1),
			       (10, 2, 'shop.example', TRUE, 5, 2),
			       (10, 3, 'later.example', TRUE, 6, 3),
			       (10, 4, 'www.example', FALSE, 5, 4),
			       (20, 5, 'florist.example', TRUE, NULL, 5)`)
		wantInvitations := []string{
			"10 1 ben@example.com staff hash-1 1 100 -1 1",
			"10 2 cleo@example.com manager hash-2 1 200 50 2",
			"20 3 dan@example.com owner hash-3 1 300 -1 3",
		}
		// The verified domain added first stays primary; an unverified
		// primary gives way to it even though it is older.
		wantDomains := []string{
			"10 old.example false", "10 shop.example true", "10 later.example false",
			"10 www.example false", "20 florist.example true",
		}

		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		checkRows(t, db, wantInvitations, wantDomains)

		tests := []struct {
			name       string
			insert     string
			wantUnique bool
		}{
			{"second primary domain of a site", `INSERT INTO domains (site_id, id, host, is_primary, created_at)
				VALUES (20, 6, 'second.example', TRUE, 6)`, true},
			{"second domain that is not primary", `INSERT INTO domains (site_id, id, host, is_primary, created_at)
				VALUES (20, 7, 'other.example', FALSE, 7)`, false},
			{"a host another site has", `INSERT INTO domains (site_id, id, host, is_primary, created_at)
				VALUES (20, 8, 'shop.example', FALSE, 8)`, true},
			{"a token of another site", `INSERT INTO invitations (site_id, id, email, role, token_hash, invited_by, expires_at, created_at)
				VALUES (20, 9, 'eve@example.com', 'staff', 'hash-1', 1, 400, 4)`, false},
			{"a token of the same site", `INSERT INTO invitations (site_id, id, email, role, token_hash, invited_by, expires_at, created_at)
				VALUES (10, 10, 'fay@example.com', 'staff', 'hash-1', 1, 400, 4)`, true},
		}
		for _, tt := range tests {
			_, err := db.Exec(ctx, tt.insert)
			if tt.wantUnique && !sqldb.IsUniqueViolation(err) {
				t.Errorf("%s: got %v, want a unique violation", tt.name, err)
			}
			if !tt.wantUnique && err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		}

		// The old schema cannot hold a token twice, so the row that only
		// the new one allows goes before migrating down.
		exec(`DELETE FROM invitations WHERE id = 9`)
		exec(`DELETE FROM domains WHERE id = 7`)
		if err := db.MigrateTo(ctx, 1); err != nil {
			t.Fatalf("migrate down: %v", err)
		}
		checkRows(t, db, wantInvitations, wantDomains)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate up again: %v", err)
		}
		checkRows(t, db, wantInvitations, wantDomains)
	})
}

func checkRows(t *testing.T, db *sqldb.DB, wantInvitations, wantDomains []string) {
	t.Helper()
	got := dump(t, db, `SELECT site_id, id, email, role, token_hash, invited_by, expires_at,
		COALESCE(accepted_at, -1), created_at FROM invitations ORDER BY site_id, id`, 9)
	if !slices.Equal(got, wantInvitations) {
		t.Errorf("invitations:\n got %q\nwant %q", got, wantInvitations)
	}
	got = dump(t, db, `SELECT site_id, host, CASE WHEN is_primary THEN 'true' ELSE 'false' END
		FROM domains ORDER BY id`, 3)
	if !slices.Equal(got, wantDomains) {
		t.Errorf("domains:\n got %q\nwant %q", got, wantDomains)
	}
}

// dump returns each row of query as its n values joined by spaces.
func dump(t *testing.T, db *sqldb.DB, query string, n int) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		line := ""
		for i, v := range vals {
			if i > 0 {
				line += " "
			}
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			line += fmt.Sprint(v)
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
