package apitokens_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func site(t testing.TB, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'business', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestCreateAuthenticateRevoke(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		s := apitokens.NewStore(db).WithClock(func() time.Time { return now })
		a, b := site(t, db, "a"), site(t, db, "b")
		tok, secret, err := s.Create(ctx, a, apitokens.NewToken{Name: " ERP ", Scopes: []apitokens.Scope{"write_products", "read_products", "read_products"},
			AllowedIPs: "203.0.113.0/24, 2001:db8::1", Limited: true, DailyCap: 500, ExpiresAt: now.Add(48 * time.Hour), CreatedBy: "anna@x.org"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, tok.Prefix) || len(secret) < 40 || tok.Name != "ERP" || len(tok.Scopes) != 2 {
			t.Fatalf("token %+v, secret of %d chars", tok, len(secret))
		}
		var stored string
		if err := db.QueryRow(ctx, `SELECT secret_hash FROM api_tokens WHERE id = ?`, tok.ID).Scan(&stored); err != nil || stored == secret || stored != sqldb.HashToken(secret) {
			t.Fatalf("stored %q, err %v: want the SHA-256 only", stored, err)
		}
		got, err := s.Authenticate(ctx, a, secret)
		if err != nil || got.ID != tok.ID || !got.Has("write_products") || got.Has("read_orders") || !got.Limited || got.DailyCap != 500 {
			t.Fatalf("authenticate: %+v %v", got, err)
		}
		for ip, want := range map[string]bool{"203.0.113.9": true, "203.0.114.1": false, "2001:db8::1": true, "::ffff:203.0.113.7": true, "x": false} {
			if got.AllowsIP(ip) != want {
				t.Errorf("AllowsIP(%s) = %v", ip, !want)
			}
		}
		for name, tc := range map[string]struct {
			site   int64
			secret string
		}{
			"another site":      {b, secret},
			"a changed secret":  {a, secret[:len(secret)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(secret, "A")]},
			"the prefix alone":  {a, tok.Prefix},
			"empty":             {a, ""},
			"a partner's shape": {a, "pcp_" + secret[4:]},
		} {
			if _, err := s.Authenticate(ctx, tc.site, tc.secret); !errors.Is(err, apitokens.ErrUnknown) || !errors.Is(err, fault.ErrUnauthenticated) {
				t.Errorf("%s: err %v", name, err)
			}
		}
		list, err := s.List(ctx, a)
		if err != nil || len(list) != 1 || list[0].LastUsedAt.IsZero() {
			t.Fatalf("list %+v %v (last use must be recorded)", list, err)
		}
		if l, _ := s.List(ctx, b); len(l) != 0 {
			t.Fatal("site b sees a's tokens")
		}
		if err := s.Revoke(ctx, b, tok.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("site b revoking a's token: %v, want not found", err)
		}
		if _, err := s.Authenticate(ctx, a, secret); err != nil {
			t.Fatal("site b revoked site a's token")
		}
		if err := s.Revoke(ctx, a, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, a, secret); !errors.Is(err, apitokens.ErrUnknown) {
			t.Fatal("a revoked token still works")
		}
		// Expiry.
		_, secret2, err := s.Create(ctx, a, apitokens.NewToken{Name: "short", Scopes: []apitokens.Scope{"read_products"}, ExpiresAt: now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		later := s.WithClock(func() time.Time { return now.Add(2 * time.Hour) })
		if _, err := later.Authenticate(ctx, a, secret2); !errors.Is(err, apitokens.ErrUnknown) {
			t.Fatal("an expired token still works")
		}
	})
}

func TestCreateRefusesBadInput(t *testing.T) {
	db := sqldbtest.SQLite(t)
	s := apitokens.NewStore(db)
	a := site(t, db, "a")
	tests := []struct {
		in    apitokens.NewToken
		field string
	}{
		{apitokens.NewToken{Scopes: []apitokens.Scope{"read_products"}}, "name"},
		{apitokens.NewToken{Name: "x"}, "scopes"},
		{apitokens.NewToken{Name: "x", Scopes: []apitokens.Scope{"root"}}, "scopes"},
		{apitokens.NewToken{Name: "x", Scopes: []apitokens.Scope{"read_products"}, AllowedIPs: "10.0.0.0/33"}, "allowed_ips"},
		{apitokens.NewToken{Name: "x", Scopes: []apitokens.Scope{"read_products"}, ExpiresAt: time.Now().Add(-time.Hour)}, "expires"},
		{apitokens.NewToken{Name: "x", Scopes: []apitokens.Scope{"read_products"}, DailyCap: -1}, "daily_cap"},
		{apitokens.NewToken{Name: "bad\xff", Scopes: []apitokens.Scope{"read_products"}}, "name"},
	}
	for _, tt := range tests {
		_, _, err := s.Create(context.Background(), a, tt.in)
		fields, ok := fault.AsInvalid(err)
		if !ok || fields[tt.field] == "" {
			t.Errorf("%+v: err %v, want a message for %s", tt.in, err, tt.field)
		}
	}
}

func TestPartnerTokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := apitokens.NewStore(db)
		p, secret, err := s.CreatePartner(ctx, "Acme ERP", "op@x.org")
		if err != nil || !strings.HasPrefix(secret, "pcp_") {
			t.Fatal(p, err)
		}
		if got, err := s.AuthenticatePartner(ctx, secret); err != nil || got.ID != p.ID {
			t.Fatal(got, err)
		}
		if _, err := s.AuthenticatePartner(ctx, secret+"x"); !errors.Is(err, apitokens.ErrUnknown) {
			t.Fatal("a wrong partner secret passes")
		}
		if err := s.RevokePartner(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AuthenticatePartner(ctx, secret); !errors.Is(err, apitokens.ErrUnknown) {
			t.Fatal("a revoked partner token still works")
		}
		list, err := s.Partners(ctx)
		if err != nil || len(list) != 1 || list[0].RevokedAt.IsZero() {
			t.Fatal(list, err)
		}
	})
}
