package pages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// SocialImageUse is the media library's name for a page's sharing image,
// apart from the images in its content, which the content records itself.
const SocialImageUse = "page-social"

// Hints for the owner, as search engines show them; longer is allowed but
// cut off in results.
const (
	SEOTitleHint       = 70
	SEODescriptionHint = 160
)

func (s *Store) slugTx(ctx context.Context, tx *sqldb.Tx, siteID, id int64) (string, error) {
	var slug string
	err := tx.QueryRow(ctx, `SELECT slug FROM pages WHERE site_id = ? AND id = ?`, siteID, id).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("page %d: %w", id, err)
	}
	return slug, nil
}

// moved records that a page's address changed from old to slug: visitors
// and search engines of the old address get a 301 to the new one.
func (s *Store) moved(ctx context.Context, tx *sqldb.Tx, siteID int64, old, slug string) error {
	if old == slug {
		return nil
	}
	return s.redirects.AddTx(ctx, tx, siteID, "/"+old, "/"+slug)
}

// Settings are what the page settings form edits: everything but the
// content.
type Settings struct {
	Title, Slug    string
	InNav          bool
	SEOTitle       string
	SEODescription string
	SocialImageID  int64 // 0: none
	NotFound       bool  // the site's "page not found" page
}

func (in *Settings) validate(home bool) error {
	base := Input{Title: in.Title, Slug: in.Slug}
	err := base.validate()
	in.Title, in.Slug = base.Title, base.Slug
	v := &fault.Invalid{}
	if f, ok := fault.AsInvalid(err); ok {
		for k, m := range f {
			v.Add(k, m)
		}
	} else if err != nil {
		return err
	}
	if home {
		in.Slug = ""
	} else if in.Slug == "" && v.Fields["slug"] == "" {
		v.Add("slug", "Give the page an address, like about-us.")
	}
	in.SEOTitle = strings.Join(strings.Fields(in.SEOTitle), " ")
	in.SEODescription = strings.Join(strings.Fields(in.SEODescription), " ")
	if v.CheckText("seo_title", in.SEOTitle) && utf8.RuneCountInString(in.SEOTitle) > 300 {
		v.Add("seo_title", "Use at most 300 characters; search engines show about 70.")
	}
	if v.CheckText("seo_description", in.SEODescription) && utf8.RuneCountInString(in.SEODescription) > 1000 {
		v.Add("seo_description", "Use at most 1,000 characters; search engines show about 160.")
	}
	if home && in.NotFound {
		v.Add("not_found", "The home page cannot also be the page-not-found page. Choose another page for it.")
	}
	return v.Err()
}

// UpdateSettings changes a page's title, address, menu place and SEO
// settings, unless it is read-only under the plan. A new address leaves a
// 301 behind at the old one; choosing the page as the site's "page not
// found" page unsets any other.
func (s *Store) UpdateSettings(ctx context.Context, siteID, id int64, plan plans.Plan, in Settings) error {
	p, err := s.ByID(ctx, siteID, id)
	if err != nil {
		return err
	}
	if err := in.validate(p.Slug == ""); err != nil {
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
		if old == "" {
			in.Slug = "" // the home page keeps its address; another page takes it with SetHome
		}
		if in.NotFound {
			if _, err := tx.Exec(ctx, `UPDATE pages SET not_found = FALSE WHERE site_id = ? AND not_found AND id <> ?`, siteID, id); err != nil {
				return fmt.Errorf("unset page not found: %w", err)
			}
		}
		var image any
		if in.SocialImageID != 0 {
			image = in.SocialImageID
		}
		_, err = tx.Exec(ctx, `UPDATE pages SET slug = ?, title = ?, in_nav = ?, seo_title = ?, seo_description = ?,
			social_image_id = ?, not_found = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
			in.Slug, in.Title, in.InNav, in.SEOTitle, in.SEODescription, image, in.NotFound, sqldb.Millis(s.now()), siteID, id)
		if sqldb.IsUniqueViolation(err) {
			return fault.Invalidf("slug", "Another page already has this address.")
		}
		if err != nil {
			return fmt.Errorf("update page settings: %w", err)
		}
		if s.media != nil {
			var ids []int64
			if in.SocialImageID != 0 {
				ids = []int64{in.SocialImageID}
			}
			if err := s.media.SetUsesTx(ctx, tx, siteID, SocialImageUse, id, ids); err != nil {
				if f, ok := fault.AsInvalid(err); ok && f["media"] != "" {
					return fault.Invalidf("social_image", f["media"])
				}
				return err
			}
		} else if in.SocialImageID != 0 {
			return fmt.Errorf("page settings: no media library to choose an image from")
		}
		if err := s.moved(ctx, tx, siteID, old, in.Slug); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// NotFoundPage returns the page the site shows for an unknown address, or
// ErrNotFound when the design's own is used.
func (s *Store) NotFoundPage(ctx context.Context, siteID int64) (Page, error) {
	return scan(s.db.QueryRow(ctx, `SELECT `+readCols+` FROM pages WHERE site_id = ? AND not_found`, siteID))
}

// Slugify makes an address from a title: "Our Story!" → "our-story".
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 60 {
		s = strings.TrimSuffix(s[:60], "-")
	}
	return s
}

// freeSlugTx returns base, or base-2, base-3, … : the first address no page
// of the site has and the site itself does not use.
func freeSlugTx(ctx context.Context, tx *sqldb.Tx, siteID int64, base string) (string, error) {
	if base == "" {
		base = "page"
	}
	for i := 1; i < 1000; i++ {
		slug := base
		if i > 1 {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		if IsReserved(slug) {
			continue
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM pages WHERE site_id = ? AND slug = ?`, siteID, slug).Scan(&n); err != nil {
			return "", fmt.Errorf("free address: %w", err)
		}
		if n == 0 {
			return slug, nil
		}
	}
	return "", fault.Invalidf("slug", "Too many pages have a similar address; give this one its own.")
}

// Duplicate copies a page, content and menu place, as "Copy of …" at a
// free address, last in the menu. The copy has no SEO settings of its own:
// two pages with one description would compete in search results.
func (s *Store) Duplicate(ctx context.Context, siteID int64, plan plans.Plan, id int64) (Page, error) {
	src, err := s.ByID(ctx, siteID, id)
	if err != nil {
		return Page{}, err
	}
	title := "Copy of " + src.Title
	if r := []rune(title); len(r) > 200 {
		title = string(r[:200])
	}
	var p Page
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		base := "copy-of-" + src.Slug
		if src.Slug == "" {
			base = "copy-of-" + Slugify(src.Title)
		}
		if len(base) > 90 {
			base = strings.TrimSuffix(base[:90], "-")
		}
		slug, err := freeSlugTx(ctx, tx, siteID, strings.TrimSuffix(base, "-"))
		if err != nil {
			return err
		}
		// The copy starts from what the page shows now (its draft stays
		// with it).
		p, err = s.CreateTx(ctx, tx, siteID, plan, Input{Slug: slug, Title: title, Body: string(src.Body), InNav: src.InNav,
			Sections: src.Sections})
		return err
	})
	return p, err
}

// Move moves a page one place up (delta -1) or down (+1) in the menu order.
// At either end it does nothing.
func (s *Store) Move(ctx context.Context, siteID, id int64, delta int) error {
	if delta != -1 && delta != 1 {
		return fmt.Errorf("move page by %d", delta)
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, position FROM pages WHERE site_id = ? ORDER BY position, id`, siteID)
		if err != nil {
			return fmt.Errorf("page order: %w", err)
		}
		type slot struct {
			id  int64
			pos int
		}
		var order []slot
		for rows.Next() {
			var sl slot
			if err := rows.Scan(&sl.id, &sl.pos); err != nil {
				rows.Close()
				return err
			}
			order = append(order, sl)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		at := -1
		for i, sl := range order {
			if sl.id == id {
				at = i
			}
		}
		if at < 0 {
			return ErrNotFound
		}
		to := at + delta
		if to < 0 || to >= len(order) {
			return nil
		}
		order[at], order[to] = order[to], order[at]
		// Positions may repeat (pages made before positions were kept);
		// numbering them all afresh makes the swap stick. Only changed
		// rows are written.
		for i, sl := range order {
			if sl.pos == i+1 {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE pages SET position = ? WHERE site_id = ? AND id = ?`, i+1, siteID, sl.id); err != nil {
				return fmt.Errorf("move page: %w", err)
			}
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// SetHome makes a page the site's home page (address "/"). The former
// home page gets an address made from its title, and the chosen page's
// old address answers 301 to "/".
func (s *Store) SetHome(ctx context.Context, siteID, id int64) error {
	p, err := s.ByID(ctx, siteID, id)
	if err != nil {
		return err
	}
	if p.Slug == "" {
		return nil
	}
	if p.NotFound {
		return fault.Invalidf("page", "This page is your page-not-found page; choose another page for that first.")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.slugTx(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		var home struct {
			id    int64
			title string
		}
		err = tx.QueryRow(ctx, `SELECT id, title FROM pages WHERE site_id = ? AND slug = ''`, siteID).Scan(&home.id, &home.title)
		if err == nil {
			slug, err := freeSlugTx(ctx, tx, siteID, Slugify(home.title))
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE pages SET slug = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
				slug, sqldb.Millis(s.now()), siteID, home.id); err != nil {
				return fmt.Errorf("move old home page: %w", err)
			}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("home page: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE pages SET slug = '', updated_at = ? WHERE site_id = ? AND id = ?`,
			sqldb.Millis(s.now()), siteID, id); err != nil {
			return fmt.Errorf("set home page: %w", err)
		}
		if err := s.moved(ctx, tx, siteID, old, ""); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}
