package domains

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

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

// Check looks a domain's records up now, stores what it found and
// verifies the domain when every record is correct. A verified domain
// stays verified: its records are shown as found, but routing and its
// certificate do not come and go with a flaky DNS server.
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
			res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ? WHERE site_id = ? AND id = ?`,
				string(last), sqldb.Millis(now), siteID, id)
			return removedMeanwhile(res, err)
		}
		if !ok {
			d.NextCheckAt = now.Add(backoff(d.failures + 1))
			res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, check_failures = check_failures + 1,
				next_check_at = ? WHERE site_id = ? AND id = ?`, string(last), sqldb.Millis(now), sqldb.Millis(d.NextCheckAt), siteID, id)
			return removedMeanwhile(res, err)
		}
		res, err := tx.Exec(ctx, `UPDATE domains SET last_check = ?, checked_at = ?, verified_at = ?, next_check_at = NULL,
			check_failures = 0 WHERE site_id = ? AND id = ?`, string(last), sqldb.Millis(now), sqldb.Millis(now), siteID, id)
		if err := removedMeanwhile(res, err); err != nil {
			return err
		}
		// The domain routes from now on: every node's host cache must know.
		tx.Changed(ctx, siteID)
		d.VerifiedAt, d.NextCheckAt = now, time.Time{}
		return nil
	})
	return d, err
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

// CheckDue checks up to limit pending domains whose next check is due, and
// returns how many it verified. The verification job calls it.
func (s *Store) CheckDue(ctx context.Context, limit int) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT site_id, id FROM domains WHERE verified_at IS NULL AND next_check_at <= ?
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
