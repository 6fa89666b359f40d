package pages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNoDraft is returned when publishing or scheduling a page that has no
// unpublished changes.
var ErrNoDraft = fmt.Errorf("the page has no unpublished changes: %w", fault.ErrConflict)

// Version is one publish of a page.
type Version struct {
	ID       int64
	SiteID   int64
	PageID   int64
	Sections []byte
	// PublishedBy is the account that published it; 0 for the page's
	// creation or the conversion of a foundation-era page.
	PublishedBy int64
	// PublishedByEmail is that account's e-mail address, "" when none.
	PublishedByEmail string
	PublishedAt      time.Time
}

// Editing returns what the editor shows: the draft, or the published
// sections when there is no draft.
func (p Page) Editing() []byte {
	if p.Draft != nil {
		return p.Draft
	}
	return p.Sections
}

// SaveDraft stores the page's unpublished sections. The live page does not
// change, so the site's content version stays and no cache is dropped.
func (s *Store) SaveDraft(ctx context.Context, siteID, pageID, by int64, data []byte) error {
	data, err := normalize(data)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE pages SET draft = ?, draft_by = ?, draft_at = ? WHERE site_id = ? AND id = ?`,
			string(data), by, sqldb.Millis(s.now()), siteID, pageID)
		if err != nil {
			return fmt.Errorf("save draft of page %d: %w", pageID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.recordUsesTx(ctx, tx, siteID, pageID)
	})
}

// DiscardDraft throws the unpublished changes away, and with them any
// scheduled publish.
func (s *Store) DiscardDraft(ctx context.Context, siteID, pageID int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE pages SET draft = NULL, draft_by = NULL, draft_at = NULL, publish_at = NULL, publish_by = NULL
			WHERE site_id = ? AND id = ?`, siteID, pageID)
		if err != nil {
			return fmt.Errorf("discard draft of page %d: %w", pageID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.recordUsesTx(ctx, tx, siteID, pageID)
	})
}

// Publish makes the draft the live page and records it as a version. Two
// publishes at once are safe: the conditional UPDATE takes the row, and the
// second finds no draft left (ErrNoDraft) instead of a second version.
func (s *Store) Publish(ctx context.Context, siteID, pageID, by int64) (Version, error) {
	var v Version
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		v, err = s.publishTx(ctx, tx, siteID, pageID, by, "")
		return err
	})
	return v, err
}

// publishTx publishes the draft inside tx; cond narrows which drafts
// qualify (the due check of a scheduled publish).
func (s *Store) publishTx(ctx context.Context, tx *sqldb.Tx, siteID, pageID, by int64, cond string, args ...any) (Version, error) {
	now := s.now().UTC()
	res, err := tx.Exec(ctx, `UPDATE pages SET sections = draft, draft = NULL, draft_by = NULL, draft_at = NULL,
		publish_at = NULL, publish_by = NULL, updated_at = ?
		WHERE site_id = ? AND id = ? AND draft IS NOT NULL`+cond,
		append([]any{sqldb.Millis(now), siteID, pageID}, args...)...)
	if err != nil {
		return Version{}, fmt.Errorf("publish page %d: %w", pageID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if err := exists(ctx, tx, siteID, pageID); err != nil {
			return Version{}, err
		}
		return Version{}, ErrNoDraft
	}
	var data string
	if err := tx.QueryRow(ctx, `SELECT sections FROM pages WHERE site_id = ? AND id = ?`, siteID, pageID).Scan(&data); err != nil {
		return Version{}, fmt.Errorf("published page %d: %w", pageID, err)
	}
	v, err := insertVersion(ctx, tx, siteID, pageID, []byte(data), by, now)
	if err != nil {
		return Version{}, err
	}
	if err := s.recordUsesTx(ctx, tx, siteID, pageID); err != nil {
		return Version{}, err
	}
	return v, contentChanged(ctx, tx, siteID)
}

func exists(ctx context.Context, tx *sqldb.Tx, siteID, pageID int64) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM pages WHERE site_id = ? AND id = ?`, siteID, pageID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

func insertVersion(ctx context.Context, tx *sqldb.Tx, siteID, pageID int64, data []byte, by int64, at time.Time) (Version, error) {
	v := Version{ID: sqldb.NewID(), SiteID: siteID, PageID: pageID, Sections: data, PublishedBy: by, PublishedAt: at}
	var byArg any
	if by != 0 {
		byArg = by
	}
	_, err := tx.Exec(ctx, `INSERT INTO page_versions (site_id, page_id, id, sections, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?)`,
		siteID, pageID, v.ID, string(data), byArg, sqldb.Millis(at))
	if err != nil {
		return Version{}, fmt.Errorf("version of page %d: %w", pageID, err)
	}
	return v, nil
}

// Versions returns the page's publishes, newest first, with who published.
func (s *Store) Versions(ctx context.Context, siteID, pageID int64) ([]Version, error) {
	rows, err := s.db.Query(ctx, `SELECT v.id, v.sections, COALESCE(v.published_by, 0), COALESCE(a.email, ''), v.published_at
		FROM page_versions v LEFT JOIN accounts a ON a.id = v.published_by
		WHERE v.site_id = ? AND v.page_id = ? ORDER BY v.published_at DESC, v.id DESC`, siteID, pageID)
	if err != nil {
		return nil, fmt.Errorf("versions of page %d: %w", pageID, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v := Version{SiteID: siteID, PageID: pageID}
		var data string
		var at int64
		if err := rows.Scan(&v.ID, &data, &v.PublishedBy, &v.PublishedByEmail, &at); err != nil {
			return nil, err
		}
		v.Sections, v.PublishedAt = []byte(data), sqldb.Time(at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// Restore publishes an earlier version's sections as a new version, so the
// live page is back at once and the history keeps every step. The draft is
// dropped: the editor then shows what is live.
func (s *Store) Restore(ctx context.Context, siteID, pageID, versionID, by int64) (Version, error) {
	var v Version
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var data string
		err := tx.QueryRow(ctx, `SELECT sections FROM page_versions WHERE site_id = ? AND page_id = ? AND id = ?`,
			siteID, pageID, versionID).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("version %d: %w", versionID, err)
		}
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE pages SET sections = ?, draft = NULL, draft_by = NULL, draft_at = NULL,
			publish_at = NULL, publish_by = NULL, updated_at = ? WHERE site_id = ? AND id = ?`,
			data, sqldb.Millis(now), siteID, pageID)
		if err != nil {
			return fmt.Errorf("restore page %d: %w", pageID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if v, err = insertVersion(ctx, tx, siteID, pageID, []byte(data), by, now); err != nil {
			return err
		}
		if err := s.recordUsesTx(ctx, tx, siteID, pageID); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
	return v, err
}

// SchedulePublish asks for the draft to go live at a time; the job of
// PublishDueJobs publishes it then, under the scheduler's name. Edits made
// to the draft before then are published too.
func (s *Store) SchedulePublish(ctx context.Context, siteID, pageID, by int64, at time.Time) error {
	if !at.After(s.now()) {
		return fault.Invalidf("publish_at", "Choose a time in the future.")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE pages SET publish_at = ?, publish_by = ? WHERE site_id = ? AND id = ? AND draft IS NOT NULL`,
			sqldb.Millis(at), by, siteID, pageID)
		if err != nil {
			return fmt.Errorf("schedule page %d: %w", pageID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if err := exists(ctx, tx, siteID, pageID); err != nil {
				return err
			}
			return ErrNoDraft
		}
		return nil
	})
}

// CancelSchedule keeps the draft but no longer publishes it by itself.
func (s *Store) CancelSchedule(ctx context.Context, siteID, pageID int64) error {
	res, err := s.db.Exec(ctx, `UPDATE pages SET publish_at = NULL, publish_by = NULL WHERE site_id = ? AND id = ?`, siteID, pageID)
	if err != nil {
		return fmt.Errorf("cancel schedule of page %d: %w", pageID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// PublishDue publishes every draft whose scheduled time has come, each in
// its own transaction, and returns how many went live. A schedule cancelled
// or moved meanwhile is left alone: the publish re-checks the time.
func (s *Store) PublishDue(ctx context.Context) (int, error) {
	now := sqldb.Millis(s.now())
	rows, err := s.db.Query(ctx, `SELECT site_id, id, publish_by FROM pages WHERE publish_at IS NOT NULL AND publish_at <= ?`, now)
	if err != nil {
		return 0, fmt.Errorf("due pages: %w", err)
	}
	type due struct{ site, page, by int64 }
	var list []due
	for rows.Next() {
		var d due
		var by sql.NullInt64
		if err := rows.Scan(&d.site, &d.page, &by); err != nil {
			rows.Close()
			return 0, err
		}
		d.by = by.Int64
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, d := range list {
		err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := s.publishTx(ctx, tx, d.site, d.page, d.by, ` AND publish_at IS NOT NULL AND publish_at <= ?`, now)
			return err
		})
		switch {
		case err == nil:
			n++
		case errors.Is(err, ErrNoDraft), errors.Is(err, ErrNotFound):
			// Published, discarded or deleted meanwhile.
		default:
			return n, err
		}
	}
	return n, nil
}

// ConvertBodies converts every foundation-era page (sections still NULL)
// from its HTML body into sections, recording the result as the page's
// first version. It runs at every start and does nothing once all pages
// are converted; the body column is kept, so nothing is lost.
func (s *Store) ConvertBodies(ctx context.Context) (int, error) {
	n := 0
	for {
		rows, err := s.db.Query(ctx, `SELECT site_id, id, body FROM pages WHERE sections IS NULL ORDER BY site_id, id LIMIT 100`)
		if err != nil {
			return n, fmt.Errorf("pages to convert: %w", err)
		}
		type old struct {
			site, id int64
			body     string
		}
		var batch []old
		for rows.Next() {
			var o old
			if err := rows.Scan(&o.site, &o.id, &o.body); err != nil {
				rows.Close()
				return n, err
			}
			batch = append(batch, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, err
		}
		if len(batch) == 0 {
			return n, nil
		}
		for _, o := range batch {
			err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
				data := fromHTML(o.body)
				res, err := tx.Exec(ctx, `UPDATE pages SET sections = ? WHERE site_id = ? AND id = ? AND sections IS NULL`, string(data), o.site, o.id)
				if err != nil {
					return fmt.Errorf("convert page %d: %w", o.id, err)
				}
				if n, _ := res.RowsAffected(); n == 0 {
					return nil // another node converted it
				}
				_, err = insertVersion(ctx, tx, o.site, o.id, data, 0, s.now().UTC())
				return err
			})
			if err != nil {
				return n, err
			}
			n++
		}
	}
}
