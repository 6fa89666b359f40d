// Package apitokens issues and checks the secrets API clients present: a
// site's tokens, created by its owner with scopes, an optional expiry,
// allowed addresses, a limited profile and a day cap; and partner tokens,
// issued by a platform operator to integration partners. Only the SHA-256
// of a secret is stored; the secret is shown once, when it is made.
package apitokens

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Token is a site's API token as the admin lists it; it never holds the
// secret.
type Token struct {
	ID     int64
	SiteID int64
	Name   string
	// Prefix is the start of the secret, enough to tell tokens apart.
	Prefix string
	Scopes []Scope
	// AllowedIPs are the ranges the token may be used from; none means any.
	AllowedIPs []netip.Prefix
	// Limited tokens may not see customers' personal data.
	Limited bool
	// DailyCap is the owner's cap on the token's points a day; 0 is none.
	DailyCap   int64
	CreatedBy  string
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: active
}

// Has reports whether the token was given scope.
func (t Token) Has(s Scope) bool { return slices.Contains(t.Scopes, s) }

// AllowsIP reports whether the token may be used from ip.
func (t Token) AllowsIP(ip string) bool {
	if len(t.AllowedIPs) == 0 {
		return true
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	return slices.ContainsFunc(t.AllowedIPs, func(p netip.Prefix) bool { return p.Contains(addr) })
}

// Active reports whether the token works at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// Store keeps tokens in the database.
type Store struct {
	db  *sqldb.DB
	now func() time.Time

	// usedMu guards used: when this node last wrote each token's last use,
	// so that a busy token costs one write a minute, not one a request.
	usedMu sync.Mutex
	used   map[int64]time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store {
	return &Store{db: db, now: time.Now, used: map[int64]time.Time{}}
}

// WithClock returns a Store reading the time from now, for tests.
func (s *Store) WithClock(now func() time.Time) *Store {
	return &Store{db: s.db, now: now, used: map[int64]time.Time{}}
}

// Secret prefixes say what a leaked secret is, so that secret scanners
// and people can recognise it.
const (
	siteSecretPrefix    = "pct_"
	partnerSecretPrefix = "pcp_"
	// prefixLen characters of a secret are stored in clear to find it by.
	prefixLen = 12
)

// ErrUnknown is the answer to a secret that is unknown, revoked or
// expired: the same for all three, so that a caller learns nothing.
var ErrUnknown = fmt.Errorf("api token: %w", fault.ErrUnauthenticated)

// NewToken is what the owner fills in to create a token.
type NewToken struct {
	Name   string
	Scopes []Scope
	// ExpiresAt is optional.
	ExpiresAt time.Time
	// AllowedIPs is a list of addresses or CIDR ranges separated by commas,
	// spaces or new lines; empty allows any address.
	AllowedIPs string
	Limited    bool
	DailyCap   int64
	// CreatedBy names who made it (an e-mail, or "cli").
	CreatedBy string
}

// check validates n and returns its address ranges.
func (n NewToken) check(now time.Time) ([]netip.Prefix, error) {
	var v fault.Invalid
	name := strings.TrimSpace(n.Name)
	switch {
	case !v.CheckText("name", n.Name):
	case name == "":
		v.Add("name", "Give the token a name, such as the program that will use it.")
	case len(name) > 100:
		v.Add("name", "Keep the name under 100 characters.")
	}
	if len(n.Scopes) == 0 {
		v.Add("scopes", "Choose at least one scope: what the token may read or change.")
	}
	for _, s := range n.Scopes {
		if !Known(s) {
			v.Add("scopes", fmt.Sprintf("%q is not a scope. Choose from the list.", s))
		}
	}
	if !n.ExpiresAt.IsZero() && !n.ExpiresAt.After(now) {
		v.Add("expires", "The expiry date must be in the future, or left empty.")
	}
	if n.DailyCap < 0 {
		v.Add("daily_cap", "The daily cap must be a positive number of points, or empty for none.")
	}
	ranges, err := ParseRanges(n.AllowedIPs)
	if err != nil {
		v.Add("allowed_ips", err.Error())
	}
	return ranges, v.Err()
}

// ParseRanges reads a list of IP addresses and CIDR ranges separated by
// commas, spaces or new lines.
func ParseRanges(text string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or range (like 203.0.113.0/24).", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func formatRanges(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// newSecret returns a fresh secret with its kind's prefix.
func newSecret(kind string) string { return kind + sqldb.NewToken() }

// Create makes a token for siteID and returns it with its secret, which is
// shown to the owner once and never stored.
func (s *Store) Create(ctx context.Context, siteID int64, n NewToken) (Token, string, error) {
	now := s.now().UTC()
	ranges, err := n.check(now)
	if err != nil {
		return Token{}, "", err
	}
	scopes := slices.Clone(n.Scopes)
	slices.Sort(scopes)
	scopes = slices.Compact(scopes)
	t := Token{ID: sqldb.NewID(), SiteID: siteID, Name: strings.TrimSpace(n.Name), Scopes: scopes, AllowedIPs: ranges,
		Limited: n.Limited, DailyCap: n.DailyCap, CreatedBy: n.CreatedBy, CreatedAt: now, ExpiresAt: n.ExpiresAt.UTC()}
	names := make([]string, len(scopes))
	for i, sc := range scopes {
		names[i] = string(sc)
	}
	// A prefix repeats within a site once in 2^48 tries; the unique key
	// turns that into a retry instead of two tokens found by one prefix.
	for range 3 {
		secret := newSecret(siteSecretPrefix)
		t.Prefix = secret[:prefixLen]
		_, err = s.db.Exec(ctx, `INSERT INTO api_tokens (site_id, id, name, prefix, secret_hash, scopes, allowed_ips,
			limited, daily_cap, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			siteID, t.ID, t.Name, t.Prefix, sqldb.HashToken(secret), strings.Join(names, ","), formatRanges(ranges),
			t.Limited, t.DailyCap, t.CreatedBy, sqldb.Millis(now), millisOrZero(t.ExpiresAt))
		if sqldb.IsUniqueViolation(err) {
			continue
		}
		if err != nil {
			return Token{}, "", fmt.Errorf("create api token: %w", err)
		}
		return t, secret, nil
	}
	return Token{}, "", fmt.Errorf("create api token: %w", err)
}

func millisOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return sqldb.Millis(t)
}

func timeOrZero(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return sqldb.Time(ms)
}

const tokenColumns = `id, site_id, name, prefix, scopes, allowed_ips, limited, daily_cap, created_by, created_at,
	expires_at, last_used_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }, extra ...any) (Token, error) {
	var t Token
	var scopes, ranges string
	var created, expires, used, revoked int64
	dest := append([]any{&t.ID, &t.SiteID, &t.Name, &t.Prefix, &scopes, &ranges, &t.Limited, &t.DailyCap, &t.CreatedBy,
		&created, &expires, &used, &revoked}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Token{}, err
	}
	for _, sc := range strings.Split(scopes, ",") {
		if sc != "" {
			t.Scopes = append(t.Scopes, Scope(sc))
		}
	}
	t.AllowedIPs, _ = ParseRanges(ranges)
	t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt = sqldb.Time(created), timeOrZero(expires), timeOrZero(used), timeOrZero(revoked)
	return t, nil
}

// List returns the site's tokens, newest first, revoked ones included.
func (s *Store) List(ctx context.Context, siteID int64) ([]Token, error) {
	rows, err := s.db.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE site_id = ? ORDER BY id DESC`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Revoke stops a token of the site at once: the next request with it is
// refused. Revoking a revoked token is not an error.
func (s *Store) Revoke(ctx context.Context, siteID, id int64) error {
	res, err := s.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE site_id = ? AND id = ? AND revoked_at = 0`,
		sqldb.Millis(s.now()), siteID, id)
	if err != nil {
		return fmt.Errorf("revoke api token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if err := s.db.QueryRow(ctx, `SELECT 1 FROM api_tokens WHERE site_id = ? AND id = ?`, siteID, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("api token %d: %w", id, fault.ErrNotFound)
		}
	}
	return nil
}

// Authenticate returns the site's token whose secret this is. An unknown,
// revoked or expired secret, or one of another site, is ErrUnknown. The
// secret is found by its prefix and its hash compared in constant time.
func (s *Store) Authenticate(ctx context.Context, siteID int64, secret string) (Token, error) {
	if !strings.HasPrefix(secret, siteSecretPrefix) || len(secret) < prefixLen+8 || len(secret) > 200 {
		return Token{}, ErrUnknown
	}
	var hash string
	t, err := scanToken(s.db.QueryRow(ctx, `SELECT `+tokenColumns+`, secret_hash FROM api_tokens
		WHERE site_id = ? AND prefix = ?`, siteID, secret[:prefixLen]), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, ErrUnknown
	}
	if err != nil {
		return Token{}, fmt.Errorf("authenticate api token: %w", err)
	}
	now := s.now()
	if subtle.ConstantTimeCompare([]byte(hash), []byte(sqldb.HashToken(secret))) != 1 || !t.Active(now) {
		return Token{}, ErrUnknown
	}
	s.touch(ctx, "api_tokens", siteID, t.ID, now)
	return t, nil
}

// touchEvery is how often a token's last use is written at most, per node.
const touchEvery = time.Minute

// touch records that a token was used, at most once a minute per token on
// this node; a failed write is not worth failing the request for.
func (s *Store) touch(ctx context.Context, table string, siteID, id int64, now time.Time) {
	s.usedMu.Lock()
	if last, ok := s.used[id]; ok && now.Sub(last) < touchEvery {
		s.usedMu.Unlock()
		return
	}
	s.used[id] = now
	if len(s.used) > 100_000 {
		clear(s.used)
	}
	s.usedMu.Unlock()
	if table == "api_tokens" {
		_, _ = s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE site_id = ? AND id = ?`, sqldb.Millis(now), siteID, id)
		return
	}
	_, _ = s.db.Exec(ctx, `UPDATE partner_tokens SET last_used_at = ? WHERE id = ?`, sqldb.Millis(now), id)
}
