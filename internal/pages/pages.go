// Package pages owns a site's pages: the home page and every other page its
// owner writes, with their place in the navigation.
package pages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/redirects"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for a page that does not exist on the site.
var ErrNotFound = fmt.Errorf("page: %w", fault.ErrNotFound)

// ErrReadOnly is returned when a page sits above the plan's page limit.
var ErrReadOnly = fmt.Errorf("this page is above your plan's page limit and is read-only: %w", fault.ErrForbidden)

// Page is one page of a site. Slug "" is the home page.
type Page struct {
	ID        int64
	SiteID    int64
	Slug      string
	Title     string
	Body      template.HTML // sanitised on the way in
	InNav     bool
	Position  int
	CreatedAt time.Time
	UpdatedAt time.Time
	// Sections is the published page: its sections as JSON (see package
	// sections). A foundation-era page not yet converted is converted from
	// Body on reading, so it is never empty for a page that had content.
	Sections []byte
	// Draft is the unpublished edit as JSON, nil when there is none.
	Draft []byte
	// DraftAt is when the draft was last saved (zero without a draft).
	DraftAt time.Time
	// PublishAt is when the draft is scheduled to go live (zero: never).
	PublishAt time.Time
	// ReadOnly is set by List when the page is beyond the plan's limit.
	ReadOnly bool
	// SEO and sharing (meta.go): the title and description for search
	// engines (empty: derived), the media library image shown when the
	// page is shared (0: none chosen), and whether the page is the site's
	// "page not found" page.
	SEOTitle       string
	SEODescription string
	SocialImageID  int64
	NotFound       bool
}

// Store reads and writes pages.
type Store struct {
	db        *sqldb.DB
	redirects *redirects.Store
	policy    *bluemonday.Policy
	now       func() time.Time
	media     MediaUses // nil until UseMedia: picture uses are then not recorded
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store {
	// Owners write rich HTML but never script: UGCPolicy keeps formatting,
	// links and images, and we add the class attribute so design sections
	// keep their look.
	p := bluemonday.UGCPolicy()
	// A site's own links are followed by search engines; only links to
	// other hosts carry rel="nofollow".
	p.RequireNoFollowOnLinks(false)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AllowAttrs("class").Globally()
	p.AllowElements("section", "header", "footer", "figure", "figcaption", "address")
	return &Store{db: db, redirects: redirects.NewStore(db), policy: p, now: time.Now}
}

// Sanitize cleans owner-written HTML.
func (s *Store) Sanitize(html string) template.HTML {
	return template.HTML(s.policy.Sanitize(html)) //nolint:gosec // sanitised just now
}

const cols = `site_id, id, slug, title, body, in_nav, position, created_at, updated_at`

// readCols are cols, the sections' columns and the SEO columns of
// migration 00018, which only reads need (an INSERT leaves them at their
// defaults).
const readCols = cols + `, sections, draft, draft_at, publish_at, seo_title, seo_description, social_image_id, not_found`

func scan(row interface{ Scan(...any) error }) (Page, error) {
	var p Page
	var body string
	var created, updated int64
	var published, draft sql.NullString
	var draftAt, publishAt, image sql.NullInt64
	err := row.Scan(&p.SiteID, &p.ID, &p.Slug, &p.Title, &body, &p.InNav, &p.Position, &created, &updated,
		&published, &draft, &draftAt, &publishAt, &p.SEOTitle, &p.SEODescription, &image, &p.NotFound)
	if errors.Is(err, sql.ErrNoRows) {
		return Page{}, ErrNotFound
	}
	if err != nil {
		return Page{}, err
	}
	p.SocialImageID = image.Int64
	p.Body = template.HTML(body) //nolint:gosec // stored only after sanitising
	p.CreatedAt, p.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	if published.Valid {
		p.Sections = []byte(published.String)
	} else {
		// Not converted yet (ConvertBodies runs at start): the same
		// conversion on the fly, so every reader sees sections.
		p.Sections = fromHTML(body)
	}
	if draft.Valid {
		p.Draft = []byte(draft.String)
	}
	if draftAt.Valid {
		p.DraftAt = sqldb.Time(draftAt.Int64)
	}
	if publishAt.Valid {
		p.PublishAt = sqldb.Time(publishAt.Int64)
	}
	return p, nil
}

// List returns the site's pages in navigation order, marking those beyond
// the plan's page limit (oldest pages keep their place) read-only.
func (s *Store) List(ctx context.Context, siteID int64, plan plans.Plan) ([]Page, error) {
	rows, err := s.db.Query(ctx, `SELECT `+readCols+` FROM pages WHERE site_id = ? ORDER BY position, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list pages: %w", err)
	}
	defer rows.Close()
	var out []Page
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	markReadOnly(out, plan)
	return out, nil
}

// markReadOnly flags the pages past the limit, counted in creation order so
// that the pages a site started with stay editable.
func markReadOnly(ps []Page, plan plans.Plan) {
	if plan.Pages == plans.Unlimited || len(ps) <= plan.Pages {
		return
	}
	byAge := make([]int, len(ps))
	for i := range ps {
		byAge[i] = i
	}
	// IDs are time-ordered, so the smallest IDs are the oldest pages.
	for i := 1; i < len(byAge); i++ {
		for j := i; j > 0 && ps[byAge[j]].ID < ps[byAge[j-1]].ID; j-- {
			byAge[j], byAge[j-1] = byAge[j-1], byAge[j]
		}
	}
	for _, i := range byAge[plan.Pages:] {
		ps[i].ReadOnly = true
	}
}

// BySlug returns the page at a slug ("" is the home page).
func (s *Store) BySlug(ctx context.Context, siteID int64, slug string) (Page, error) {
	return scan(s.db.QueryRow(ctx, `SELECT `+readCols+` FROM pages WHERE site_id = ? AND slug = ?`, siteID, slug))
}

// ByID returns a page of the site.
func (s *Store) ByID(ctx context.Context, siteID, id int64) (Page, error) {
	return scan(s.db.QueryRow(ctx, `SELECT `+readCols+` FROM pages WHERE site_id = ? AND id = ?`, siteID, id))
}

// Input is what the owner edits.
type Input struct {
	Slug  string
	Title string
	Body  string
	InNav bool
	// Sections, when not nil, is the new page's content as sections JSON;
	// otherwise Create converts Body into sections (see FromHTML in package
	// sections). Update ignores it: sections change through drafts.
	Sections []byte
}

func (in *Input) validate() error {
	var v fault.Invalid
	// Before lowercasing, which would turn invalid bytes into U+FFFD.
	slugOK := v.CheckText("slug", in.Slug)
	in.Title = strings.TrimSpace(in.Title)
	in.Slug = strings.Trim(strings.ToLower(strings.TrimSpace(in.Slug)), "/")
	switch {
	case !v.CheckText("title", in.Title):
	case in.Title == "":
		v.Add("title", "Give the page a title.")
	case len([]rune(in.Title)) > 200:
		v.Add("title", "Use at most 200 characters.")
	}
	switch {
	case !slugOK:
	case len(in.Slug) > 100:
		v.Add("slug", "Use at most 100 characters.")
	case strings.Trim(in.Slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != "":
		v.Add("slug", "Use only letters a–z, digits and hyphens.")
	case IsReserved(in.Slug):
		v.Add("slug", "The address /"+in.Slug+" is used by the site itself (for the shop, blog or admin). Choose another, such as “"+in.Slug+"-info”.")
	}
	if v.CheckText("body", in.Body) && len(in.Body) > 512*1024 {
		v.Add("body", "The page is too long: keep it under 512 KB.")
	}
	return v.Err()
}

// CreateTx adds a page inside the caller's transaction, checking the plan's
// page limit there so that two tabs cannot both take the last free page.
func (s *Store) CreateTx(ctx context.Context, tx *sqldb.Tx, siteID int64, plan plans.Plan, in Input) (Page, error) {
	if err := in.validate(); err != nil {
		return Page{}, err
	}
	var n, maxPos int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(position), 0) FROM pages WHERE site_id = ?`, siteID).Scan(&n, &maxPos); err != nil {
		return Page{}, fmt.Errorf("count pages: %w", err)
	}
	if !plans.Allows(plan.Pages, n+1) {
		return Page{}, fault.Invalidf("title", fmt.Sprintf("Your plan allows %d pages. Choose a bigger plan to add more.", plan.Pages))
	}
	now := s.now().UTC()
	p := Page{ID: sqldb.NewID(), SiteID: siteID, Slug: in.Slug, Title: in.Title, Body: s.Sanitize(in.Body),
		InNav: in.InNav, Position: maxPos + 1, CreatedAt: now, UpdatedAt: now}
	if in.Sections != nil {
		data, err := normalize(in.Sections)
		if err != nil {
			return Page{}, err
		}
		p.Sections = data
	} else {
		p.Sections = fromHTML(string(p.Body))
	}
	_, err := tx.Exec(ctx, `INSERT INTO pages (`+cols+`, sections) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.SiteID, p.ID, p.Slug, p.Title, string(p.Body), p.InNav, p.Position, sqldb.Millis(now), sqldb.Millis(now), string(p.Sections))
	if sqldb.IsUniqueViolation(err) {
		return Page{}, fault.Invalidf("slug", "Another page already has this address.")
	}
	if err != nil {
		return Page{}, fmt.Errorf("create page: %w", err)
	}
	// The first version, so that history starts with the page as created.
	if _, err := insertVersion(ctx, tx, siteID, p.ID, p.Sections, 0, now); err != nil {
		return Page{}, err
	}
	// The address answers again: an old redirect from it would only mislead.
	if err := redirects.DropTx(ctx, tx, siteID, "/"+p.Slug); err != nil {
		return Page{}, err
	}
	if err := s.recordUsesTx(ctx, tx, siteID, p.ID); err != nil {
		return Page{}, err
	}
	if err := contentChanged(ctx, tx, siteID); err != nil {
		return Page{}, err
	}
	return p, nil
}

// Create adds a page in its own transaction.
func (s *Store) Create(ctx context.Context, siteID int64, plan plans.Plan, in Input) (Page, error) {
	var p Page
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		p, err = s.CreateTx(ctx, tx, siteID, plan, in)
		return err
	})
	return p, err
}

// Update changes a page unless it is read-only under the plan.
func (s *Store) Update(ctx context.Context, siteID, id int64, plan plans.Plan, in Input) error {
	if err := in.validate(); err != nil {
		return err
	}
	if err := s.checkWritable(ctx, siteID, id, plan); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.slugTx(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE pages SET slug = ?, title = ?, body = ?, in_nav = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
			in.Slug, in.Title, string(s.Sanitize(in.Body)), in.InNav, sqldb.Millis(s.now()), siteID, id)
		if sqldb.IsUniqueViolation(err) {
			return fault.Invalidf("slug", "Another page already has this address.")
		}
		if err != nil {
			return fmt.Errorf("update page: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if err := s.moved(ctx, tx, siteID, old, in.Slug); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// Delete removes a page; read-only pages may be deleted, which is how an
// owner gets back under a smaller plan's limit. The home page stays.
func (s *Store) Delete(ctx context.Context, siteID, id int64) error {
	p, err := s.ByID(ctx, siteID, id)
	if err != nil {
		return err
	}
	if p.Slug == "" {
		return fault.Invalidf("page", "The home page cannot be deleted; edit it instead.")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM pages WHERE site_id = ? AND id = ?`, siteID, id); err != nil {
			return fmt.Errorf("delete page: %w", err)
		}
		if s.media != nil {
			if err := s.media.SetUsesTx(ctx, tx, siteID, "page", id, nil); err != nil {
				return err
			}
			if err := s.media.SetUsesTx(ctx, tx, siteID, SocialImageUse, id, nil); err != nil {
				return err
			}
		}
		return contentChanged(ctx, tx, siteID)
	})
}

func (s *Store) checkWritable(ctx context.Context, siteID, id int64, plan plans.Plan) error {
	ps, err := s.List(ctx, siteID, plan)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.ID == id {
			if p.ReadOnly {
				return ErrReadOnly
			}
			return nil
		}
	}
	return ErrNotFound
}

// contentChanged moves the site's content version on, so that no cache
// serves the old page again, and announces the change once tx commits.
func contentChanged(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}
