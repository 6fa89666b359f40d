package sites

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for a site that does not exist.
var ErrNotFound = fmt.Errorf("site: %w", fault.ErrNotFound)

// Store reads and writes sites.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// WithClock returns a copy of s that reads the time from now; tests use it
// to move past a trial's end.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// siteColumns are the columns scanSite reads, in its order.
var siteColumns = columns("")

// columns lists the site columns, each prefixed with a table alias.
func columns(prefix string) string {
	cols := []string{"id", "name", "title", "owner_account_id", "theme", "plan", "trial_ends_at",
		"requested_plan", "contact_email", "public_email", "time_zone", "language", "currency", "suspended_at",
		"suspended_reason", "maintenance_retry", "content_version", "consent_version", "created_at", "updated_at"}
	return prefix + strings.Join(cols, ", "+prefix)
}

func scanSite(row interface{ Scan(...any) error }) (Site, error) {
	var s Site
	var plan, requested string
	var trialEnds, suspended sql.NullInt64
	var retry sql.NullInt64
	var created, updated int64
	err := row.Scan(&s.ID, &s.Name, &s.Title, &s.OwnerAccountID, &s.Theme, &plan, &trialEnds, &requested,
		&s.ContactEmail, &s.PublicEmail, &s.TimeZone, &s.Language, &s.Currency, &suspended, &s.SuspendedReason,
		&retry, &s.ContentVersion, &s.ConsentVersion, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Site{}, ErrNotFound
	}
	if err != nil {
		return Site{}, err
	}
	s.Plan, s.RequestedPlan = plans.ID(plan), plans.ID(requested)
	s.TrialEndsAt, s.SuspendedAt = sqldb.NullTime(trialEnds), sqldb.NullTime(suspended)
	s.MaintenanceRetry = int(retry.Int64)
	s.CreatedAt, s.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	return s, nil
}

// NewSite is what signup knows about a site it is creating.
type NewSite struct {
	Name         string
	Title        string
	OwnerID      int64
	Theme        string
	ContactEmail string
	// Plan is plans.Trial for a signup; the demo site may start elsewhere.
	Plan plans.ID
}

// CreateTx creates a site inside the caller's transaction (signup creates
// the account, the site and its pages together). The name must already
// have passed NormalizeName; a taken name gives a field error.
func (s *Store) CreateTx(ctx context.Context, tx *sqldb.Tx, n NewSite) (Site, error) {
	var v fault.Invalid
	v.CheckText("title", n.Title)
	v.CheckText("contact_email", n.ContactEmail)
	if err := v.Err(); err != nil {
		return Site{}, err
	}
	now := s.now().UTC()
	site := Site{
		ID: sqldb.NewID(), Name: n.Name, Title: strings.TrimSpace(n.Title), OwnerAccountID: n.OwnerID,
		Theme: n.Theme, Plan: n.Plan, ContactEmail: n.ContactEmail, TimeZone: "UTC", Language: "en",
		Currency: "EUR", ContentVersion: 1, CreatedAt: now, UpdatedAt: now,
	}
	if site.Plan == "" {
		site.Plan = plans.Trial
	}
	if site.Plan == plans.Trial {
		site.TrialEndsAt = now.Add(plans.TrialLength)
	}
	if site.Title == "" {
		site.Title = n.Name
	}
	_, err := tx.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, trial_ends_at,
		contact_email, time_zone, language, currency, content_version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		site.ID, site.Name, site.Title, site.OwnerAccountID, site.Theme, string(site.Plan), sqldb.NullMillis(site.TrialEndsAt),
		site.ContactEmail, site.TimeZone, site.Language, site.Currency, site.ContentVersion,
		sqldb.Millis(now), sqldb.Millis(now))
	if sqldb.IsUniqueViolation(err) {
		return Site{}, fault.Invalidf("name", "This name is already taken. Try another.")
	}
	if err != nil {
		return Site{}, fmt.Errorf("create site %q: %w", n.Name, err)
	}
	// Announced so that a node that cached this host as unknown (someone
	// tried the name before it existed) serves the new site at once.
	tx.Changed(ctx, site.ID)
	return site, nil
}

// ByID returns a site.
func (s *Store) ByID(ctx context.Context, id int64) (Site, error) {
	return scanSite(s.db.QueryRow(ctx, `SELECT `+siteColumns+` FROM sites WHERE id = ?`, id))
}

// ByIDTx returns a site, read inside tx: work done in another operation's
// transaction must not wait for a second connection while it holds one (a
// full pool would then wait forever).
func (s *Store) ByIDTx(ctx context.Context, tx *sqldb.Tx, id int64) (Site, error) {
	return scanSite(tx.QueryRow(ctx, `SELECT `+siteColumns+` FROM sites WHERE id = ?`, id))
}

// ByName returns the site with the given subdomain name.
func (s *Store) ByName(ctx context.Context, name string) (Site, error) {
	return scanSite(s.db.QueryRow(ctx, `SELECT `+siteColumns+` FROM sites WHERE name = ?`, strings.ToLower(name)))
}

// ByIDs returns the sites with the given IDs, in name order, in one query.
func (s *Store) ByIDs(ctx context.Context, ids []int64) ([]Site, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	rows, err := s.db.Query(ctx, `SELECT `+siteColumns+` FROM sites WHERE id IN (`+marks+`) ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("sites by id: %w", err)
	}
	defer rows.Close()
	var out []Site
	for rows.Next() {
		site, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, site)
	}
	return out, rows.Err()
}

// FreeName returns the first free site name among base, base-2 … base-20,
// for a signup that left the address to be suggested from its business
// name; "" when none is free or base itself is not a valid name.
func (s *Store) FreeName(ctx context.Context, base string) (string, error) {
	for i := 1; i <= 20; i++ {
		candidate := base
		if i > 1 {
			suffix := "-" + strconv.Itoa(i)
			candidate = strings.TrimSuffix(base[:min(len(base), 63-len(suffix))], "-") + suffix
		}
		name, problem, err := s.NameProblem(ctx, candidate)
		if err != nil {
			return "", err
		}
		if problem == "" {
			return name, nil
		}
		if _, invalid := NormalizeName(candidate); invalid != "" {
			return "", nil
		}
	}
	return "", nil
}

// NameProblem checks a proposed name completely, including whether it is
// taken: "" means it is free. The signup page's live check calls it.
func (s *Store) NameProblem(ctx context.Context, raw string) (string, string, error) {
	name, problem := NormalizeName(raw)
	if problem != "" {
		return name, problem, nil
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM sites WHERE name = ?`, name).Scan(&n); err != nil {
		return name, "", fmt.Errorf("check name: %w", err)
	}
	if n > 0 {
		return name, "This name is already taken. Try another.", nil
	}
	return name, "", nil
}
