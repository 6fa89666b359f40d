package domains

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// checkTimeout bounds one domain's lookups, so that a slow DNS server
// cannot hold a request or the job for long: adding a domain with its www
// twin checks both within the request, inside its 10-second deadline.
const checkTimeout = 4 * time.Second

// backoff is the wait before the next automatic check after failures
// misses: a minute, doubling, at most six hours. Owners usually create the
// records within minutes of adding the domain; a forgotten domain costs a
// few lookups a day.
func backoff(failures int) time.Duration {
	d := time.Minute
	for range min(failures, 10) {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// RecheckEvery is how often a verified domain is looked at again, and
// LostAfter how long its records may point elsewhere before it stops
// routing: a domain that expired or moved to another host must not stay
// claimed (nobody else could connect it, and its certificate renewals
// would fail), but a DNS change the owner is still making, or a flaky DNS
// server, must not take a shop offline, so the owner is told at once and
// the domain is disconnected only after a week of misses.
const (
	RecheckEvery = 24 * time.Hour
	LostAfter    = 7 * 24 * time.Hour
)

// Check looks a domain's records up now, stores what it found and
// verifies the domain when every record is correct. A verified domain
// stays verified while its routing records (not the TXT record, which the
// owner may remove once verified) point here; when they stop, the owner is
// told, and after LostAfter of misses the domain stops routing (see
// recheck).
func (s *Store) Check(ctx context.Context, siteID, id int64) (Domain, error) {
	site, err := s.sites.ByID(ctx, siteID)
	if err != nil {
		return Domain{}, err
	}
	d, _, err := s.scan(s.db.QueryRow(ctx, `SELECT `+columns+` FROM domains WHERE site_id = ? AND id = ?`, siteID, id), site.Name)
	if err != nil {
		return Domain{}, err
	}
	lctx, cancel := context.WithTimeout(ctx, checkTimeout)
	d.Records = check(lctx, s.opt.Resolver, d.Records, s.opt.PublicIPs)
	cancel()
	last, err := json.Marshal(d.Records)
	if err != nil {
		return Domain{}, err
	}
	now := s.now()
	d.CheckedAt = now
	ok := allCorrect(d.Records)
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if d.Verified() {
			return s.recheck(ctx, tx, site, &d, string(last), now)
		}
		if !ok {
			d.NextCheckAt = now.Add(backoff(d.failures + 1))
			res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, check_failures = check_failures + 1,
				next_check_at = ? WHERE site_id = ? AND id = ?`, string(last), sqldb.Millis(now), sqldb.Millis(d.NextCheckAt), siteID, id)
			return removedMeanwhile(res, err)
		}
		d.VerifiedAt, d.NextCheckAt = now, now.Add(RecheckEvery)
		res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, verified_at = ?, next_check_at = ?,
			check_failures = 0, failing_since = NULL WHERE site_id = ? AND id = ?`,
			string(last), sqldb.Millis(now), sqldb.Millis(now), sqldb.Millis(d.NextCheckAt), siteID, id)
		if err := removedMeanwhile(res, err); err != nil {
			return err
		}
		// The domain routes from now on: every node's host cache must know.
		tx.Changed(ctx, siteID)
		return nil
	})
	return d, err
}

// recheck stores a verified domain's check. Routing records that point
// here clear any earlier miss; the first miss tells the owner; a miss
// LostAfter after the first disconnects the domain (it must be verified
// again, as when it was added) and tells the owner.
func (s *Store) recheck(ctx context.Context, tx *sqldb.Tx, site sites.Site, d *Domain, last string, now time.Time) error {
	d.NextCheckAt = now.Add(RecheckEvery)
	if routesHere(d.Records) {
		d.FailingSince = time.Time{}
		res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, next_check_at = ?, check_failures = 0,
			failing_since = NULL WHERE site_id = ? AND id = ?`, last, sqldb.Millis(now), sqldb.Millis(d.NextCheckAt), d.SiteID, d.ID)
		return removedMeanwhile(res, err)
	}
	if d.FailingSince.IsZero() {
		d.FailingSince = now
		res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, next_check_at = ?,
			check_failures = check_failures + 1, failing_since = ? WHERE site_id = ? AND id = ?`,
			last, sqldb.Millis(now), sqldb.Millis(d.NextCheckAt), sqldb.Millis(now), d.SiteID, d.ID)
		if err := removedMeanwhile(res, err); err != nil {
			return err
		}
		return s.tell(ctx, tx, site, *d, false)
	}
	if now.Sub(d.FailingSince) < LostAfter {
		res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, next_check_at = ?,
			check_failures = check_failures + 1 WHERE site_id = ? AND id = ?`, last, sqldb.Millis(now), sqldb.Millis(d.NextCheckAt), d.SiteID, d.ID)
		return removedMeanwhile(res, err)
	}
	d.VerifiedAt, d.IsPrimary, d.FailingSince = time.Time{}, false, time.Time{}
	d.NextCheckAt = now.Add(backoff(0))
	res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, verified_at = NULL, is_primary = ?,
		next_check_at = ?, check_failures = 0, failing_since = NULL WHERE site_id = ? AND id = ?`,
		last, sqldb.Millis(now), false, sqldb.Millis(d.NextCheckAt), d.SiteID, d.ID)
	if err := removedMeanwhile(res, err); err != nil {
		return err
	}
	// The domain no longer routes: every node's host cache must know.
	tx.Changed(ctx, d.SiteID)
	return s.tell(ctx, tx, site, *d, true)
}

// routesHere reports whether a domain's routing records (CNAME, A, AAAA)
// are all correct, whatever became of its verification TXT record.
func routesHere(rs []Record) bool {
	routing := false
	for _, r := range rs {
		if r.Type == "TXT" {
			continue
		}
		if r.Status != Correct {
			return false
		}
		routing = true
	}
	return routing
}

func removedMeanwhile(res interface{ RowsAffected() (int64, error) }, err error) error {
	if err != nil {
		return fmt.Errorf("store domain check: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// CheckDue checks up to limit domains whose next check is due (pending
// ones with backoff, verified ones once a day) and returns how many of them
// are verified after it. The verification job calls it.
func (s *Store) CheckDue(ctx context.Context, limit int) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT site_id, id FROM domains WHERE next_check_at <= ?
		ORDER BY next_check_at LIMIT ?`, sqldb.Millis(s.now()), limit)
	if err != nil {
		return 0, fmt.Errorf("due domains: %w", err)
	}
	type key struct{ site, id int64 }
	var due []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.site, &k.id); err != nil {
			rows.Close()
			return 0, err
		}
		due = append(due, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	verified := 0
	for _, k := range due {
		d, err := s.Check(ctx, k.site, k.id)
		if err != nil && ctx.Err() != nil {
			return verified, err
		}
		if err == nil && d.Verified() {
			verified++
		}
	}
	return verified, nil
}

// DisconnectsAt is when a verified domain whose records point elsewhere
// stops routing if they are not put back; zero while they point here.
func (d Domain) DisconnectsAt() time.Time {
	if d.FailingSince.IsZero() {
		return time.Time{}
	}
	return d.FailingSince.Add(LostAfter)
}
