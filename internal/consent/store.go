package consent

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Store keeps each site's consent settings, scripts and log.
type Store struct {
	db      *sqldb.DB
	now     func() time.Time
	limiter ratelimit.Limiter
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// Settings returns the site's settings, the defaults where the owner set
// nothing, with its scripts and policy version.
func (s *Store) Settings(ctx context.Context, siteID int64) (Settings, error) {
	set := Defaults()
	err := s.db.QueryRow(ctx, `SELECT heading, message, background, foreground, accent, controller, declaration
		FROM consent_settings WHERE site_id = ?`, siteID).
		Scan(&set.Heading, &set.Message, &set.Background, &set.Foreground, &set.Accent, &set.Controller, &set.Declaration)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Settings{}, fmt.Errorf("read consent settings of site %d: %w", siteID, err)
	}
	if err := s.db.QueryRow(ctx, `SELECT consent_version FROM sites WHERE id = ?`, siteID).Scan(&set.Version); err != nil {
		return Settings{}, fmt.Errorf("read consent version of site %d: %w", siteID, err)
	}
	rows, err := s.db.Query(ctx, `SELECT id, name, category, code FROM consent_scripts WHERE site_id = ? ORDER BY id`, siteID)
	if err != nil {
		return Settings{}, fmt.Errorf("read scripts of site %d: %w", siteID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sc Script
		var cat string
		if err := rows.Scan(&sc.ID, &sc.Name, &cat, &sc.Code); err != nil {
			return Settings{}, fmt.Errorf("read script: %w", err)
		}
		sc.Category = Category(cat)
		set.Scripts = append(set.Scripts, sc)
	}
	return set, rows.Err()
}

// Save stores the bar's texts and colours and the declaration. A changed
// declaration, or askAgain, starts a new policy version: every visitor is
// asked again, since their answer was about the old text.
func (s *Store) Save(ctx context.Context, siteID int64, set Settings, askAgain bool) error {
	if err := set.Validate(); err != nil {
		return err
	}
	old, err := s.Settings(ctx, siteID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO consent_settings
			(site_id, heading, message, background, foreground, accent, controller, declaration, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (site_id) DO UPDATE SET heading = excluded.heading, message = excluded.message,
			background = excluded.background, foreground = excluded.foreground, accent = excluded.accent,
			controller = excluded.controller, declaration = excluded.declaration, updated_at = excluded.updated_at`,
			siteID, set.Heading, set.Message, set.Background, set.Foreground, set.Accent, set.Controller, set.Declaration,
			sqldb.Millis(s.now()))
		if err != nil {
			return fmt.Errorf("save consent settings of site %d: %w", siteID, err)
		}
		return bump(ctx, tx, siteID, askAgain || old.Declaration != set.Declaration)
	})
}

// bump moves the site's content version on, so cached pages show the
// change, and the policy version too when visitors must be asked again.
func bump(ctx context.Context, tx *sqldb.Tx, siteID int64, askAgain bool) error {
	q := `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`
	if askAgain {
		q = `UPDATE sites SET content_version = content_version + 1, consent_version = consent_version + 1 WHERE id = ?`
	}
	res, err := tx.Exec(ctx, q, siteID)
	if err != nil {
		return fmt.Errorf("bump versions of site %d: %w", siteID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fault.ErrNotFound
	}
	tx.Changed(ctx, siteID)
	return nil
}

// AddScript adds a tagged script. Visitors are asked again: what they
// allowed did not include the new tool.
func (s *Store) AddScript(ctx context.Context, siteID int64, sc Script) (Script, error) {
	if err := sc.Validate(); err != nil {
		return Script{}, err
	}
	sc.ID = sqldb.NewID()
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM consent_scripts WHERE site_id = ?`, siteID).Scan(&n); err != nil {
			return fmt.Errorf("count scripts: %w", err)
		}
		if n >= MaxScripts {
			return fault.Invalidf("name", fmt.Sprintf("A site can have at most %d scripts. Remove one you no longer use first.", MaxScripts))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO consent_scripts (site_id, id, name, category, code, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, siteID, sc.ID, sc.Name, string(sc.Category), sc.Code, sqldb.Millis(s.now())); err != nil {
			return fmt.Errorf("add script: %w", err)
		}
		return bump(ctx, tx, siteID, true)
	})
	return sc, err
}

// Script returns one of the site's scripts.
func (s *Store) Script(ctx context.Context, siteID, id int64) (Script, error) {
	sc := Script{ID: id}
	var cat string
	err := s.db.QueryRow(ctx, `SELECT name, category, code FROM consent_scripts WHERE site_id = ? AND id = ?`, siteID, id).
		Scan(&sc.Name, &cat, &sc.Code)
	if errors.Is(err, sql.ErrNoRows) {
		return Script{}, ErrNotFound
	}
	if err != nil {
		return Script{}, fmt.Errorf("read script %d: %w", id, err)
	}
	sc.Category = Category(cat)
	return sc, nil
}

// DeleteScript removes one of the site's scripts; it stops running at once.
func (s *Store) DeleteScript(ctx context.Context, siteID, id int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM consent_scripts WHERE site_id = ? AND id = ?`, siteID, id)
		if err != nil {
			return fmt.Errorf("delete script %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return ErrNotFound
		}
		return bump(ctx, tx, siteID, false)
	})
}
