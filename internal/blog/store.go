package blog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

const cols = `site_id, id, slug, title, excerpt, body, cover_media_id, author_id, author_name, status,
	published_at, seo_title, seo_description, created_at, updated_at`

func scan(row interface{ Scan(...any) error }) (Post, error) {
	var p Post
	var body, status string
	var published sql.NullInt64
	var created, updated int64
	err := row.Scan(&p.SiteID, &p.ID, &p.Slug, &p.Title, &p.Excerpt, &body, &p.CoverID, &p.AuthorID, &p.AuthorName,
		&status, &published, &p.SEOTitle, &p.SEODescription, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Post{}, ErrNotFound
	}
	if err != nil {
		return Post{}, fmt.Errorf("read post: %w", err)
	}
	p.Body = template.HTML(body) //nolint:gosec // stored only after sanitising
	p.Status = Status(status)
	p.PublishedAt = sqldb.NullTime(published)
	p.CreatedAt, p.UpdatedAt = sqldb.Time(created), sqldb.Time(updated)
	return p, nil
}

// Get returns a post of the site, whatever its status (the admin's view).
func (s *Store) Get(ctx context.Context, siteID, id int64) (Post, error) {
	p, err := scan(s.db.QueryRow(ctx, `SELECT `+cols+` FROM blog_posts WHERE site_id = ? AND id = ?`, siteID, id))
	if err != nil {
		return Post{}, err
	}
	return p, s.withTags(ctx, siteID, []*Post{&p})
}

// BySlug returns the post of the site at slug, whatever its status (the
// API's post by handle).
func (s *Store) BySlug(ctx context.Context, siteID int64, slug string) (Post, error) {
	p, err := scan(s.db.QueryRow(ctx, `SELECT `+cols+` FROM blog_posts WHERE site_id = ? AND slug = ?`, siteID, slug))
	if err != nil {
		return Post{}, err
	}
	return p, s.withTags(ctx, siteID, []*Post{&p})
}

// Published returns the post at slug if visitors may see it now: a draft
// or a post scheduled for later is ErrNotFound.
func (s *Store) Published(ctx context.Context, siteID int64, slug string) (Post, error) {
	p, err := scan(s.db.QueryRow(ctx, `SELECT `+cols+` FROM blog_posts WHERE site_id = ? AND slug = ?
		AND status = 'published' AND published_at <= ?`, siteID, slug, sqldb.Millis(s.now())))
	if err != nil {
		return Post{}, err
	}
	return p, s.withTags(ctx, siteID, []*Post{&p})
}

// Redirect returns the current slug of a visible post that used to be at
// oldSlug, for a 301; ErrNotFound when there is none.
func (s *Store) Redirect(ctx context.Context, siteID int64, oldSlug string) (string, error) {
	var slug string
	err := s.db.QueryRow(ctx, `SELECT p.slug FROM blog_slugs r
		JOIN blog_posts p ON p.site_id = r.site_id AND p.id = r.post_id
		WHERE r.site_id = ? AND r.old_slug = ? AND p.status = 'published' AND p.published_at <= ?`,
		siteID, oldSlug, sqldb.Millis(s.now())).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return slug, err
}

// NextScheduled is when the site's next scheduled post goes live, zero
// when none is waiting: until then, pages that list posts stay as they are.
func (s *Store) NextScheduled(ctx context.Context, siteID int64) (time.Time, error) {
	var next sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT MIN(published_at) FROM blog_posts WHERE site_id = ? AND status = 'published' AND published_at > ?`,
		siteID, sqldb.Millis(s.now())).Scan(&next)
	if err != nil {
		return time.Time{}, fmt.Errorf("next scheduled post of site %d: %w", siteID, err)
	}
	return sqldb.NullTime(next), nil
}

// withTags fills the tags of ps, which are posts of one site.
func (s *Store) withTags(ctx context.Context, siteID int64, ps []*Post) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*Post, len(ps))
	args := []any{siteID}
	for _, p := range ps {
		byID[p.ID] = p
		p.Tags = nil
		args = append(args, p.ID)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ps)), ", ")
	rows, err := s.db.Query(ctx, `SELECT post_id, tag, tag_slug FROM blog_post_tags WHERE site_id = ? AND post_id IN (`+marks+`)
		ORDER BY post_id, tag`, args...)
	if err != nil {
		return fmt.Errorf("tags of posts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t Tag
		if err := rows.Scan(&id, &t.Name, &t.Slug); err != nil {
			return err
		}
		byID[id].Tags = append(byID[id].Tags, t)
	}
	return rows.Err()
}

// Create adds a post in its own transaction.
func (s *Store) Create(ctx context.Context, siteID int64, in Input) (Post, error) {
	var p Post
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		p, err = s.CreateTx(ctx, tx, siteID, in)
		return err
	})
	return p, err
}

// CreateTx adds a post inside the caller's transaction (a new site's
// sample posts are made in the signup's).
func (s *Store) CreateTx(ctx context.Context, tx *sqldb.Tx, siteID int64, in Input) (Post, error) {
	tags, err := in.validate()
	if err != nil {
		return Post{}, err
	}
	if err := s.checkRefs(ctx, tx, siteID, in); err != nil {
		return Post{}, err
	}
	now := s.now().UTC()
	p := s.post(siteID, sqldb.NewID(), in, tags, now)
	p.CreatedAt = now
	_, err = tx.Exec(ctx, `INSERT INTO blog_posts (site_id, id, slug, title, excerpt, body, cover_media_id, author_id, author_name,
		status, published_at, sort_at, seo_title, seo_description, search, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		siteID, p.ID, p.Slug, p.Title, p.Excerpt, string(p.Body), p.CoverID, p.AuthorID, p.AuthorName,
		string(p.Status), sqldb.NullMillis(p.PublishedAt), sortAt(p), p.SEOTitle, p.SEODescription, search(p),
		sqldb.Millis(now), sqldb.Millis(now))
	if sqldb.IsUniqueViolation(err) {
		return Post{}, fault.Invalidf("slug", "Another post already has this address.")
	}
	if err != nil {
		return Post{}, fmt.Errorf("create post: %w", err)
	}
	if err := s.saveExtras(ctx, tx, p, ""); err != nil {
		return Post{}, err
	}
	return p, nil
}

// Update changes a post. A new slug keeps the old address working with a
// 301 to the new one.
func (s *Store) Update(ctx context.Context, siteID, id int64, in Input) (Post, error) {
	tags, err := in.validate()
	if err != nil {
		return Post{}, err
	}
	var p Post
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := scan(tx.QueryRow(ctx, `SELECT `+cols+` FROM blog_posts WHERE site_id = ? AND id = ?`, siteID, id))
		if err != nil {
			return err
		}
		if err := s.checkRefs(ctx, tx, siteID, in); err != nil {
			return err
		}
		now := s.now().UTC()
		p = s.post(siteID, id, in, tags, now)
		p.CreatedAt = old.CreatedAt
		// A post published before keeps its date unless the owner sets one.
		if in.PublishedAt.IsZero() && p.Status == Published && !old.PublishedAt.IsZero() {
			p.PublishedAt = old.PublishedAt
		}
		res, err := tx.Exec(ctx, `UPDATE blog_posts SET slug = ?, title = ?, excerpt = ?, body = ?, cover_media_id = ?,
			author_id = ?, author_name = ?, status = ?, published_at = ?, sort_at = ?, seo_title = ?, seo_description = ?,
			search = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
			p.Slug, p.Title, p.Excerpt, string(p.Body), p.CoverID, p.AuthorID, p.AuthorName, string(p.Status),
			sqldb.NullMillis(p.PublishedAt), sortAt(p), p.SEOTitle, p.SEODescription, search(p), sqldb.Millis(now), siteID, id)
		if sqldb.IsUniqueViolation(err) {
			return fault.Invalidf("slug", "Another post already has this address.")
		}
		if err != nil {
			return fmt.Errorf("update post: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.Exec(ctx, `DELETE FROM blog_post_tags WHERE site_id = ? AND post_id = ?`, siteID, id); err != nil {
			return fmt.Errorf("replace tags: %w", err)
		}
		return s.saveExtras(ctx, tx, p, old.Slug)
	})
	return p, err
}

// post builds the stored form of in.
func (s *Store) post(siteID, id int64, in Input, tags []Tag, now time.Time) Post {
	p := Post{ID: id, SiteID: siteID, Slug: in.Slug, Title: in.Title, Excerpt: in.Excerpt, Body: s.Sanitize(in.Body),
		CoverID: in.CoverID, AuthorID: in.AuthorID, AuthorName: in.AuthorName, Status: in.Status, Tags: tags,
		SEOTitle: in.SEOTitle, SEODescription: in.SEODescription, PublishedAt: in.PublishedAt.UTC(), UpdatedAt: now}
	if in.PublishedAt.IsZero() {
		p.PublishedAt = time.Time{}
		if p.Status == Published {
			p.PublishedAt = now
		}
	}
	// Stored to the millisecond, so compare and show what is stored.
	if !p.PublishedAt.IsZero() {
		p.PublishedAt = sqldb.Time(sqldb.Millis(p.PublishedAt))
	}
	return p
}

// checkRefs refuses a cover that is not an image of the site and an
// author who is not on its staff, with a field error.
func (s *Store) checkRefs(ctx context.Context, tx *sqldb.Tx, siteID int64, in Input) error {
	var v fault.Invalid
	if in.CoverID != 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM media WHERE site_id = ? AND id = ?`, siteID, in.CoverID).Scan(&n); err != nil {
			return fmt.Errorf("check cover: %w", err)
		}
		if n == 0 {
			v.Add("cover", "This image is no longer in the media library. Choose another.")
		}
	}
	if in.AuthorID != 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM site_members WHERE site_id = ? AND account_id = ?`, siteID, in.AuthorID).Scan(&n); err != nil {
			return fmt.Errorf("check author: %w", err)
		}
		if n == 0 {
			v.Add("author", "Choose an author from the site's staff.")
		}
	}
	return v.Err()
}

// saveExtras writes a saved post's tags, its cover's use, the redirect
// from its former slug, and announces the change.
func (s *Store) saveExtras(ctx context.Context, tx *sqldb.Tx, p Post, oldSlug string) error {
	for _, t := range p.Tags {
		if _, err := tx.Exec(ctx, `INSERT INTO blog_post_tags (site_id, post_id, tag_slug, tag) VALUES (?, ?, ?, ?)`,
			p.SiteID, p.ID, t.Slug, t.Name); err != nil {
			return fmt.Errorf("save tag: %w", err)
		}
	}
	var covers []int64
	if p.CoverID != 0 {
		covers = []int64{p.CoverID}
	}
	if err := s.media.SetUsesTx(ctx, tx, p.SiteID, mediaOwner, p.ID, covers); err != nil {
		return err
	}
	// The new address is live again; an address the post leaves keeps
	// leading to it.
	if _, err := tx.Exec(ctx, `DELETE FROM blog_slugs WHERE site_id = ? AND old_slug IN (?, ?)`, p.SiteID, p.Slug, oldSlug); err != nil {
		return fmt.Errorf("post redirects: %w", err)
	}
	if oldSlug != "" && oldSlug != p.Slug {
		if _, err := tx.Exec(ctx, `INSERT INTO blog_slugs (site_id, old_slug, post_id, created_at) VALUES (?, ?, ?, ?)`,
			p.SiteID, oldSlug, p.ID, sqldb.Millis(s.now())); err != nil {
			return fmt.Errorf("post redirect: %w", err)
		}
	}
	return contentChanged(ctx, tx, p.SiteID)
}

// Delete removes a post, its tags, its former addresses and its cover's use.
func (s *Store) Delete(ctx context.Context, siteID, id int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM blog_posts WHERE site_id = ? AND id = ?`, siteID, id)
		if err != nil {
			return fmt.Errorf("delete post: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		// SQLite enforces the cascade only with foreign keys on; say it here
		// for both.
		for _, q := range []string{`DELETE FROM blog_post_tags WHERE site_id = ? AND post_id = ?`,
			`DELETE FROM blog_slugs WHERE site_id = ? AND post_id = ?`} {
			if _, err := tx.Exec(ctx, q, siteID, id); err != nil {
				return fmt.Errorf("delete post: %w", err)
			}
		}
		if err := s.media.SetUsesTx(ctx, tx, siteID, mediaOwner, id, nil); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// contentChanged moves the site's content version on, so that no cache
// serves the old list or post again, and announces the change once tx
// commits.
func contentChanged(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}

func sortAt(p Post) int64 {
	if !p.PublishedAt.IsZero() {
		return sqldb.Millis(p.PublishedAt)
	}
	return sqldb.Millis(p.CreatedAt)
}

// search is the lower-cased text the admin's search looks in.
func search(p Post) string {
	var b strings.Builder
	b.WriteString(p.Title + " " + p.Excerpt + " " + p.Slug)
	for _, t := range p.Tags {
		b.WriteString(" " + t.Name)
	}
	b.WriteString(" " + PlainText(string(p.Body)))
	return strings.ToLower(b.String())
}
