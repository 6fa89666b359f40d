// Package domains connects domains the site owners own to their sites:
// adding a domain (and its www twin), the DNS records to create and their
// live status, verification by a TXT record checked now and by a job with
// backoff, the primary domain every other host of a site redirects to,
// removal, and the decision whether a host may get a TLS certificate.
// Routing reads the same table through internal/sites; every change here
// is announced with tx.Changed so every node's host cache forgets it.
package domains

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// MaxPerSite bounds the domains of one site; a shop with more names than
// this is better served by redirects at its registrar.
const MaxPerSite = 20

// claimHold is how long an unverified domain blocks other sites from
// adding it. After that, a site that can prove ownership takes it over, so
// that nobody can squat a domain by adding it first.
const claimHold = 72 * time.Hour

// ErrNotFound is returned for a domain that is not the site's.
var ErrNotFound = fmt.Errorf("domain: %w", fault.ErrNotFound)

// Domain is a host name connected to a site.
type Domain struct {
	ID          int64
	SiteID      int64
	Host        string
	IsPrimary   bool
	VerifiedAt  time.Time // zero until the DNS records were found correct
	CreatedAt   time.Time
	CheckedAt   time.Time // zero before the first check
	NextCheckAt time.Time // when the job looks again (daily once verified)
	// FailingSince is set while a verified domain's routing records point
	// elsewhere: the time of the first miss (see LostAfter).
	FailingSince time.Time
	// Records are the DNS records to create, with the last check's findings.
	Records []Record

	failures int // automatic checks missed so far, for the backoff
}

// Verified reports whether the domain routes to its site.
func (d Domain) Verified() bool { return !d.VerifiedAt.IsZero() }

// Options configure a Store from the platform's configuration.
type Options struct {
	BaseDomain string
	// PublicIPs are the addresses apex domains point A/AAAA records at.
	PublicIPs []netip.Addr
	// Resolver answers the DNS checks.
	Resolver Lookuper
	// Registrar answers "is this domain free?"; NewStore defaults to a
	// DNSRegistrar when Resolver is a *Resolver.
	Registrar Registrar
}

// Store adds, checks and removes domains.
type Store struct {
	db    *sqldb.DB
	sites *sites.Store
	opt   Options
	now   func() time.Time
	// outbox and adminURL tell owners about domains that stopped pointing
	// here (UseOutbox); without them, nobody is told.
	outbox   *mail.Outbox
	adminURL func(siteName string) string
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB, st *sites.Store, opt Options) *Store {
	if r, ok := opt.Resolver.(*Resolver); ok && opt.Registrar == nil {
		opt.Registrar = DNSRegistrar{Resolver: r}
	}
	return &Store{db: db, sites: st, opt: opt, now: time.Now}
}

// WithClock returns a copy of s reading the time from now, for tests of
// the backoff and the claim hold.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

const columns = `site_id, id, host, is_primary, verified_at, created_at, verify_token, last_check, checked_at, next_check_at, check_failures, failing_since`

type scanner interface{ Scan(...any) error }

// scan reads a row of columns; the token stays inside the package, where
// it turns into the TXT record of Records.
func (s *Store) scan(row scanner, siteName string) (Domain, string, error) {
	var d Domain
	var verified, checked, next, failing sql.NullInt64
	var created int64
	var token, last string
	if err := row.Scan(&d.SiteID, &d.ID, &d.Host, &d.IsPrimary, &verified, &created, &token, &last, &checked, &next, &d.failures, &failing); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Domain{}, "", ErrNotFound
		}
		return Domain{}, "", err
	}
	d.VerifiedAt, d.CreatedAt = sqldb.NullTime(verified), sqldb.Time(created)
	d.CheckedAt, d.NextCheckAt, d.FailingSince = sqldb.NullTime(checked), sqldb.NullTime(next), sqldb.NullTime(failing)
	d.Records = plan(d.Host, s.target(siteName), token, s.opt.PublicIPs)
	var found []Record
	if last != "" && json.Unmarshal([]byte(last), &found) == nil && sameRecords(found, d.Records) {
		d.Records = found
	}
	return d, token, nil
}

// sameRecords reports whether a stored check is about the records asked
// for now (the platform's addresses or the site's name may have changed).
func sameRecords(a, b []Record) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Type != b[i].Type || a[i].Name != b[i].Name || a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}

// target is the name CNAME records point at: the site's own address.
func (s *Store) target(siteName string) string { return siteName + "." + s.opt.BaseDomain }

// newToken is the verification value: 128 random bits in hex, which every
// DNS provider's form accepts. It proves control of the domain, not a
// login, so it is public and stored as is.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// List returns a site's domains, the primary first, then by age.
func (s *Store) List(ctx context.Context, siteID int64) ([]Domain, error) {
	site, err := s.sites.ByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+columns+` FROM domains WHERE site_id = ? ORDER BY is_primary DESC, created_at, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("domains of site %d: %w", siteID, err)
	}
	defer rows.Close()
	var out []Domain
	for rows.Next() {
		d, _, err := s.scan(rows, site.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Get returns one domain of a site; another site's domain is ErrNotFound.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Domain, error) {
	site, err := s.sites.ByID(ctx, siteID)
	if err != nil {
		return Domain{}, err
	}
	d, _, err := s.scan(s.db.QueryRow(ctx, `SELECT `+columns+` FROM domains WHERE site_id = ? AND id = ?`, siteID, id), site.Name)
	return d, err
}

// Add connects the domain typed in input to a site, and with withWWW also
// its www twin (example.com and www.example.com), after checking both are
// names someone can own and no other site holds. It looks the records up
// at once, so the owner sees their status right away; a domain whose
// records are already in place is verified by that. Nothing is stored when
// any name is refused.
func (s *Store) Add(ctx context.Context, siteID int64, input string, withWWW bool) ([]Domain, error) {
	host, err := Normalize(input, s.opt.BaseDomain)
	if err != nil {
		return nil, err
	}
	site, err := s.sites.ByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if !site.Entitlements().CustomDomain {
		return nil, fault.Invalidf("domain", "Your plan does not include your own domain. Choose the Starter plan or above to add one.")
	}
	hosts := []string{host}
	if withWWW && !strings.HasPrefix(host, "www.") {
		hosts = append(hosts, "www."+host)
	}
	now := s.now()
	var ids []int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM domains WHERE site_id = ?`, siteID).Scan(&n); err != nil {
			return err
		}
		if n+len(hosts) > MaxPerSite {
			return fault.Invalidf("domain", fmt.Sprintf("A site can have at most %d domains. Remove one you no longer use first.", MaxPerSite))
		}
		for _, h := range hosts {
			if err := s.claim(ctx, tx, siteID, h, now); err != nil {
				return err
			}
			id := sqldb.NewID()
			_, err := tx.Exec(ctx, `INSERT INTO domains (site_id, id, host, is_primary, created_at, verify_token, next_check_at)
				VALUES (?, ?, ?, FALSE, ?, ?, ?)`, siteID, id, h, sqldb.Millis(now), newToken(), sqldb.Millis(now.Add(backoff(0))))
			if sqldb.IsUniqueViolation(err) {
				return takenError(h)
			}
			if err != nil {
				return fmt.Errorf("add domain %q: %w", h, err)
			}
			ids = append(ids, id)
		}
		tx.Changed(ctx, siteID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Both names are looked up at once: with a DNS server that does not
	// answer, that costs one checkTimeout, not two.
	out := make([]Domain, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { out[i], errs[i] = s.Check(ctx, siteID, id) })
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// claim makes sure host is free for siteID: refused when this site has it
// already or another site holds it verified or within its claim hold; an
// older unverified claim of another site is released.
func (s *Store) claim(ctx context.Context, tx *sqldb.Tx, siteID int64, host string, now time.Time) error {
	var owner int64
	var verified sql.NullInt64
	var created int64
	err := tx.QueryRow(ctx, `SELECT site_id, verified_at, created_at FROM domains WHERE host = ?`, host).Scan(&owner, &verified, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("domain %q: %w", host, err)
	case owner == siteID:
		return fault.Invalidf("domain", host+" is already one of your site's domains.")
	case verified.Valid || now.Sub(sqldb.Time(created)) < claimHold:
		return takenError(host)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM domains WHERE site_id = ? AND host = ? AND verified_at IS NULL`, owner, host); err != nil {
		return fmt.Errorf("release stale claim on %q: %w", host, err)
	}
	tx.Changed(ctx, owner)
	return nil
}

func takenError(host string) error {
	return fault.Invalidf("domain", host+" is connected to another Pagecart site. A domain can belong to one site only: "+
		"if it is yours, remove it from the other site first, or contact Pagecart support.")
}

// Remove disconnects a domain from its site; it stops routing at once on
// every node. When it was the primary domain, the site's own address is
// primary again.
func (s *Store) Remove(ctx context.Context, siteID, id int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM domains WHERE site_id = ? AND id = ?`, siteID, id)
		if err != nil {
			return fmt.Errorf("remove domain %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		tx.Changed(ctx, siteID)
		return nil
	})
}

// SetPrimary makes a verified domain the site's primary address; id 0
// makes the site's own NAME.<base domain> address primary again.
func (s *Store) SetPrimary(ctx context.Context, siteID, id int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if id != 0 {
			var verified sql.NullInt64
			err := tx.QueryRow(ctx, `SELECT verified_at FROM domains WHERE site_id = ? AND id = ?`, siteID, id).Scan(&verified)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			if err != nil {
				return err
			}
			if !verified.Valid {
				return fault.Invalidf("primary", "Only a verified domain can be the primary address: create its DNS records and check again first.")
			}
		}
		// Clear first: the partial unique index allows one primary per site.
		if _, err := tx.Exec(ctx, `UPDATE domains SET is_primary = FALSE WHERE site_id = ? AND is_primary`, siteID); err != nil {
			return err
		}
		if id != 0 {
			if _, err := tx.Exec(ctx, `UPDATE domains SET is_primary = TRUE WHERE site_id = ? AND id = ?`, siteID, id); err != nil {
				return err
			}
		}
		tx.Changed(ctx, siteID)
		return nil
	})
}
