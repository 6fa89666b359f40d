package sites

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ExpireTrials moves every site whose trial has ended to Free and returns
// how many it moved. Nothing else changes: content above Free's limits
// stays, read-only. The scheduled job calls it; it is safe to run on many
// nodes at once because the UPDATE itself decides.
func (s *Store) ExpireTrials(ctx context.Context) (int64, error) {
	now := sqldb.Millis(s.now())
	var n int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// RETURNING names the sites that moved, so that each is announced
		// and served on Free by every node at once.
		rows, err := tx.Query(ctx, `UPDATE sites SET plan = ?, updated_at = ?, content_version = content_version + 1
			WHERE plan = ? AND trial_ends_at <= ? RETURNING id`, string(plans.Free), now, string(plans.Trial), now)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			tx.Changed(ctx, id)
			n++
		}
		return rows.Err()
	})
	if err != nil {
		return 0, fmt.Errorf("expire trials: %w", err)
	}
	return n, nil
}

// RequestPlan records the owner's choice of plan for the operator to confirm.
func (s *Store) RequestPlan(ctx context.Context, siteID int64, id plans.ID) error {
	p, ok := plans.Get(id)
	if !ok || !p.Selectable {
		return fault.Invalidf("plan", "Choose one of the plans shown.")
	}
	res, err := s.db.Exec(ctx, `UPDATE sites SET requested_plan = ?, requested_plan_at = ?, updated_at = ? WHERE id = ?`,
		string(id), sqldb.Millis(s.now()), sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("request plan: %w", err)
	}
	// Nothing a visitor sees changes until the operator confirms, so there
	// is nothing to announce.
	return mustAffect(res)
}

// SetPlan is the operator's confirmation of a plan: it ends any trial and
// clears the request.
func (s *Store) SetPlan(ctx context.Context, siteID int64, id plans.ID) error {
	if _, ok := plans.Get(id); !ok || id == plans.Trial {
		return fault.Invalidf("plan", "Choose one of the plans shown.")
	}
	res, err := s.db.Exec(ctx, `UPDATE sites SET plan = ?, trial_ends_at = NULL, requested_plan = '', requested_plan_at = NULL,
		content_version = content_version + 1, updated_at = ? WHERE id = ?`, string(id), sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("set plan: %w", err)
	}
	return s.changed(ctx, res, siteID)
}

// ExtendTrial gives the site days more of its trial, counted from the later
// of now and the current end; a site already dropped to Free goes back on trial.
func (s *Store) ExtendTrial(ctx context.Context, siteID int64, days int) error {
	if days < 1 || days > 365 {
		return fault.Invalidf("days", "Give between 1 and 365 days.")
	}
	site, err := s.ByID(ctx, siteID)
	if err != nil {
		return err
	}
	if site.Plan != plans.Trial && site.Plan != plans.Free {
		return fault.Invalidf("days", "Only a site on trial or on Free can get more trial days.")
	}
	from := s.now().UTC()
	if site.Plan == plans.Trial && site.TrialEndsAt.After(from) {
		from = site.TrialEndsAt
	}
	end := from.Add(time.Duration(days) * 24 * time.Hour)
	res, err := s.db.Exec(ctx, `UPDATE sites SET plan = ?, trial_ends_at = ?, content_version = content_version + 1, updated_at = ? WHERE id = ?`,
		string(plans.Trial), sqldb.Millis(end), sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("extend trial: %w", err)
	}
	return s.changed(ctx, res, siteID)
}

// Suspend takes a site offline (its pages answer 503) without deleting anything.
func (s *Store) Suspend(ctx context.Context, siteID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	var v fault.Invalid
	if v.CheckText("reason", reason) && reason == "" {
		v.Add("reason", "Say why, for the record and the owner.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := s.db.Exec(ctx, `UPDATE sites SET suspended_at = ?, suspended_reason = ?, updated_at = ? WHERE id = ?`,
		sqldb.Millis(s.now()), reason, sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("suspend: %w", err)
	}
	return s.changed(ctx, res, siteID)
}

// Restore brings a suspended site back.
func (s *Store) Restore(ctx context.Context, siteID int64) error {
	res, err := s.db.Exec(ctx, `UPDATE sites SET suspended_at = NULL, suspended_reason = '', updated_at = ? WHERE id = ?`,
		sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return s.changed(ctx, res, siteID)
}

// SetMaintenance switches the site's maintenance on with the given
// Retry-After in seconds, or off with 0.
func (s *Store) SetMaintenance(ctx context.Context, siteID int64, retryAfter int) error {
	if retryAfter < 0 || retryAfter > 7*24*3600 {
		return fault.Invalidf("retry_after", "Give between 1 second and 7 days, in seconds.")
	}
	v := sql.NullInt64{Int64: int64(retryAfter), Valid: retryAfter > 0}
	res, err := s.db.Exec(ctx, `UPDATE sites SET maintenance_retry = ?, updated_at = ? WHERE id = ?`, v, sqldb.Millis(s.now()), siteID)
	if err != nil {
		return fmt.Errorf("set maintenance: %w", err)
	}
	return s.changed(ctx, res, siteID)
}

// ListQuery is the operator console's search.
type ListQuery struct {
	Search string // part of the name or title, or the owner's e-mail
	Plan   plans.ID
	Limit  int
	Offset int
}

// Listed is one row of the operator's site list.
type Listed struct {
	Site
	OwnerEmail string
}

// List searches all sites, newest first, and returns one page and the total.
func (s *Store) List(ctx context.Context, q ListQuery) ([]Listed, int, error) {
	where := []string{"1=1"}
	var args []any
	if t := strings.ToLower(strings.TrimSpace(q.Search)); t != "" {
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(t) + "%"
		where = append(where, "(s.name LIKE ? OR LOWER(s.title) LIKE ? OR a.email LIKE ?)")
		args = append(args, like, like, like)
	}
	if q.Plan != "" {
		where = append(where, "s.plan = ?")
		args = append(args, string(q.Plan))
	}
	from := ` FROM sites s JOIN accounts a ON a.id = s.owner_account_id WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count sites: %w", err)
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	rows, err := s.db.Query(ctx, `SELECT `+columns("s.")+`, a.email`+from+` ORDER BY s.id DESC LIMIT ? OFFSET ?`,
		append(args, q.Limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("list sites: %w", err)
	}
	defer rows.Close()
	var out []Listed
	for rows.Next() {
		var l Listed
		var email string
		site, err := scanSite(scanTail{rows, &email})
		if err != nil {
			return nil, 0, err
		}
		l.Site, l.OwnerEmail = site, email
		out = append(out, l)
	}
	return out, total, rows.Err()
}

// scanTail scans a site's columns followed by one more.
type scanTail struct {
	rows *sql.Rows
	tail *string
}

func (s scanTail) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.tail)...) }
