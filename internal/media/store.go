package media

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

const cols = `site_id, id, filename, content_type, bytes, width, height, sha256, alt, created_at`

// usesCount is the subquery that counts an image's uses in a SELECT FROM media.
const usesCount = `(SELECT COUNT(*) FROM media_uses u WHERE u.site_id = media.site_id AND u.media_id = media.id)`

func scan(row interface{ Scan(...any) error }, withUses bool) (Media, error) {
	var m Media
	var created int64
	dest := []any{&m.SiteID, &m.ID, &m.Filename, &m.ContentType, &m.Bytes, &m.Width, &m.Height, &m.SHA256, &m.Alt, &created}
	if withUses {
		dest = append(dest, &m.Uses)
	}
	err := row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, ErrNotFound
	}
	if err != nil {
		return Media{}, fmt.Errorf("read image: %w", err)
	}
	m.CreatedAt = sqldb.Time(created)
	return m, nil
}

// Uploaded is the result of an upload.
type Uploaded struct {
	Media
	// Duplicate is true when the same picture was already in the library:
	// that image is returned and nothing new is stored.
	Duplicate bool
}

// Upload adds a file to the site's library. The type is read from the
// content, whatever the name says: JPEG, PNG, WebP and GIF are kept as
// they are, an SVG only as cleaned by sanitizeSVG. A file over
// MaxFileBytes, one that is none of these, or one that would take the
// site past its plan's storage is refused with a sentence for the person,
// and nothing is stored. The same content uploaded again returns the
// image already there.
func (s *Store) Upload(ctx context.Context, siteID int64, plan plans.Plan, filename string, r io.Reader) (Uploaded, error) {
	filename = cleanFilename(filename)
	limit := fileLimit(plan)
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Uploaded{}, fmt.Errorf("read upload %q: %w", filename, err)
	}
	if int64(len(b)) > limit {
		return Uploaded{}, fault.Invalidf("file", fmt.Sprintf("“%s” is larger than %s, the most one file may be. Make it smaller (a photo for the web rarely needs more than 2,000 pixels across) and upload it again.",
			filename, FormatSize(limit)))
	}
	if len(b) == 0 {
		return Uploaded{}, fault.Invalidf("file", fmt.Sprintf("“%s” is empty. Choose the picture again.", filename))
	}
	m := Media{SiteID: siteID, Filename: filename}
	if err := s.inspect(&m, &b); err != nil {
		return Uploaded{}, err
	}
	sum := sha256.Sum256(b)
	m.SHA256 = hex.EncodeToString(sum[:])
	m.Bytes = int64(len(b))

	if old, err := s.bySHA(ctx, s.db, siteID, m.SHA256); err == nil {
		return Uploaded{Media: old, Duplicate: true}, nil
	} else if !errors.Is(err, ErrNotFound) {
		return Uploaded{}, err
	}

	m.ID = sqldb.NewID()
	m.CreatedAt = s.now().UTC()
	// The file is written before the row so that a row never points at
	// nothing; if the row is not added, the file goes again.
	if err := s.files.write(s.files.original(siteID, m.ID), b); err != nil {
		return Uploaded{}, err
	}
	var dup *Media
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// The site's row is locked so that two uploads at once cannot
		// both fit in the last free megabytes.
		var id int64
		if err := tx.QueryRow(ctx, `SELECT id FROM sites WHERE id = ?`+tx.ForUpdate(), siteID).Scan(&id); err != nil {
			return fmt.Errorf("lock site %d: %w", siteID, err)
		}
		if old, err := s.bySHA(ctx, tx, siteID, m.SHA256); err == nil {
			dup = &old
			return nil
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		used, err := usedBytes(ctx, tx, siteID)
		if err != nil {
			return err
		}
		if err := checkQuota(plan, used, m.Bytes); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO media (`+cols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.SiteID, m.ID, m.Filename, m.ContentType, m.Bytes, m.Width, m.Height, m.SHA256, m.Alt, sqldb.Millis(m.CreatedAt))
		if err != nil {
			return fmt.Errorf("add image: %w", err)
		}
		return nil
	})
	if err != nil || dup != nil {
		_ = s.files.remove(siteID, m.ID)
	}
	if err != nil {
		return Uploaded{}, err
	}
	if dup != nil {
		return Uploaded{Media: *dup, Duplicate: true}, nil
	}
	return Uploaded{Media: m}, nil
}

// inspect recognises the content of b, fills the type and size of m, and
// replaces an SVG's bytes with their cleaned form.
func (s *Store) inspect(m *Media, b *[]byte) error {
	notImage := fault.Invalidf("file", fmt.Sprintf("“%s” is not a picture we can use. Upload a JPEG, PNG, WebP, GIF or SVG image.", m.Filename))
	typ := sniff(*b)
	if typ == "" {
		if len(*b) > maxSVGBytes {
			return notImage
		}
		clean, w, h, err := sanitizeSVG(*b)
		if err != nil {
			return notImage
		}
		m.ContentType, m.Width, m.Height, *b = SVG, w, h, clean
		return nil
	}
	cfg, err := decodeConfig(typ, *b)
	if err != nil {
		return fault.Invalidf("file", fmt.Sprintf("“%s” looks like a %s image but cannot be read: it may be damaged or cut short. Save it again and upload it.",
			m.Filename, typeName(typ)))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return fault.Invalidf("file", fmt.Sprintf("“%s” is %d × %d pixels; the most we accept is %d megapixels. Make it smaller and upload it again.",
			m.Filename, cfg.Width, cfg.Height, maxPixels/1_000_000))
	}
	// Decoding it whole proves that every variant can be made from it.
	s.resizing <- struct{}{}
	_, err = decode(typ, *b)
	<-s.resizing
	if err != nil {
		return fault.Invalidf("file", fmt.Sprintf("“%s” looks like a %s image but cannot be read: it may be damaged or cut short. Save it again and upload it.",
			m.Filename, typeName(typ)))
	}
	m.ContentType, m.Width, m.Height = typ, cfg.Width, cfg.Height
	if typ == JPEG && jpegOrientation(*b) >= 5 {
		m.Width, m.Height = cfg.Height, cfg.Width
	}
	return nil
}

func typeName(typ string) string {
	switch typ {
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	case GIF:
		return "GIF"
	case WebP:
		return "WebP"
	}
	return "SVG"
}

// fileLimit is the largest file the plan allows: MaxFileBytes, or the
// whole storage of a plan with less.
func fileLimit(plan plans.Plan) int64 {
	limit := int64(MaxFileBytes)
	if plan.StorageMB != plans.Unlimited && int64(plan.StorageMB)<<20 < limit {
		limit = int64(plan.StorageMB) << 20
	}
	return limit
}

// MaxUploadBytes is the most one request may carry to the library: up to
// MaxFilesPerUpload files at the plan's file limit, with room for the
// form around them.
func MaxUploadBytes(plan plans.Plan) int64 {
	return MaxFilesPerUpload*fileLimit(plan) + 1<<20
}

// MaxFilesPerUpload is how many files one upload form may send.
const MaxFilesPerUpload = 10

// checkQuota refuses adding n bytes to used when the plan's storage would
// be exceeded, saying how much is used.
func checkQuota(plan plans.Plan, used, n int64) error {
	if plan.StorageMB == plans.Unlimited || used+n <= int64(plan.StorageMB)<<20 {
		return nil
	}
	return fault.Invalidf("file", fmt.Sprintf("Your plan includes %s of media; %s are used. Delete unused images or choose a bigger plan.",
		FormatSize(int64(plan.StorageMB)<<20), FormatSize(used)))
}

// cleanFilename keeps a name to show: no folders, no control characters,
// at most 200 characters.
func cleanFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 200 {
		name = string(r[len(r)-200:])
	}
	if name == "" {
		name = "image"
	}
	return name
}

func (s *Store) bySHA(ctx context.Context, q sqldb.Q, siteID int64, sum string) (Media, error) {
	return scan(q.QueryRow(ctx, `SELECT `+cols+`, `+usesCount+` FROM media WHERE site_id = ? AND sha256 = ?`, siteID, sum), true)
}

// Get returns an image of the site's library with its use count.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Media, error) {
	return scan(s.db.QueryRow(ctx, `SELECT `+cols+`, `+usesCount+` FROM media WHERE site_id = ? AND id = ?`, siteID, id), true)
}

// ListOptions chooses a page of the library.
type ListOptions struct {
	// Query finds images whose file name or alt text contains it.
	Query string
	// Unused keeps only images that nothing shows.
	Unused  bool
	Page    int // from 1
	PerPage int // 1–200; 0 is 48
}

// List is one page of the library, newest first.
type List struct {
	Items []Media
	Total int // matching images
	Page  int
	Pages int
}

// List returns a page of the site's images, newest first.
func (s *Store) List(ctx context.Context, siteID int64, o ListOptions) (List, error) {
	if o.PerPage <= 0 || o.PerPage > 200 {
		o.PerPage = 48
	}
	o.Page = max(o.Page, 1)
	where := ` WHERE site_id = ?`
	args := []any{siteID}
	if q := strings.TrimSpace(o.Query); q != "" {
		like := "%" + escapeLike(strings.ToLower(q)) + "%"
		where += ` AND (LOWER(filename) LIKE ? ESCAPE '\' OR LOWER(alt) LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	if o.Unused {
		where += ` AND ` + usesCount + ` = 0`
	}
	var out List
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM media`+where, args...).Scan(&out.Total); err != nil {
		return List{}, fmt.Errorf("count images: %w", err)
	}
	out.Pages = max(1, (out.Total+o.PerPage-1)/o.PerPage)
	out.Page = min(o.Page, out.Pages)
	rows, err := s.db.Query(ctx, `SELECT `+cols+`, `+usesCount+` FROM media`+where+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, o.PerPage, (out.Page-1)*o.PerPage)...)
	if err != nil {
		return List{}, fmt.Errorf("list images: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scan(rows, true)
		if err != nil {
			return List{}, err
		}
		out.Items = append(out.Items, m)
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SetAlt changes an image's alt text, the words that stand for it for
// people who cannot see it and for search engines.
func (s *Store) SetAlt(ctx context.Context, siteID, id int64, alt string) error {
	alt = strings.Join(strings.Fields(alt), " ")
	if utf8.RuneCountInString(alt) > 500 {
		return fault.Invalidf("alt", "Keep the description under 500 characters: say what the picture shows in a sentence.")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE media SET alt = ? WHERE site_id = ? AND id = ?`, alt, siteID, id)
		if err != nil {
			return fmt.Errorf("set alt text: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// InUseError refuses to delete an image that something still shows.
type InUseError struct {
	Uses []Use
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("the image is used in %d places; delete it anyway to remove it from them", len(e.Uses))
}

// Unwrap makes the refusal a conflict.
func (e *InUseError) Unwrap() error { return fault.ErrConflict }

// Delete removes an image and its files. While something uses it, Delete
// refuses with an *InUseError that lists the uses, unless force is set:
// then the uses go with it and the things that showed it show nothing.
func (s *Store) Delete(ctx context.Context, siteID, id int64, force bool) error {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		uses, err := usesOf(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		if len(uses) > 0 && !force {
			return &InUseError{Uses: uses}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM media_uses WHERE site_id = ? AND media_id = ?`, siteID, id); err != nil {
			return fmt.Errorf("delete uses of image %d: %w", id, err)
		}
		res, err := tx.Exec(ctx, `DELETE FROM media WHERE site_id = ? AND id = ?`, siteID, id)
		if err != nil {
			return fmt.Errorf("delete image %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return contentChanged(ctx, tx, siteID)
	})
	if err != nil {
		return err
	}
	// After commit: a failed removal leaves a file nothing points at,
	// never a row without its file.
	if err := s.files.remove(siteID, id); err != nil {
		return fmt.Errorf("remove files of image %d: %w", id, err)
	}
	return nil
}

// Uses lists what shows an image, by kind and then owner.
func (s *Store) Uses(ctx context.Context, siteID, id int64) ([]Use, error) {
	return usesOf(ctx, s.db, siteID, id)
}

func usesOf(ctx context.Context, q sqldb.Q, siteID, id int64) ([]Use, error) {
	rows, err := q.Query(ctx, `SELECT media_id, owner_kind, owner_id FROM media_uses
		WHERE site_id = ? AND media_id = ? ORDER BY owner_kind, owner_id`, siteID, id)
	if err != nil {
		return nil, fmt.Errorf("uses of image %d: %w", id, err)
	}
	defer rows.Close()
	var out []Use
	for rows.Next() {
		var u Use
		if err := rows.Scan(&u.MediaID, &u.OwnerKind, &u.OwnerID); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetUsesTx records, in the caller's transaction, that the owner (a
// "product", "page"…, and its ID) shows exactly mediaIDs, replacing what
// was recorded for it before; nil or empty records that it shows none
// (call it so when the owner is deleted). An ID that is not an image of the
// site is refused with a field error on "media", and nothing changes.
func (s *Store) SetUsesTx(ctx context.Context, tx *sqldb.Tx, siteID int64, ownerKind string, ownerID int64, mediaIDs []int64) error {
	if ownerKind == "" || len(ownerKind) > 40 {
		return fmt.Errorf("media uses: owner kind %q", ownerKind)
	}
	ids := slices.Clone(mediaIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
		args := []any{siteID}
		for _, id := range ids {
			args = append(args, id)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM media WHERE site_id = ? AND id IN (`+marks+`)`, args...).Scan(&n); err != nil {
			return fmt.Errorf("check images: %w", err)
		}
		if n != len(ids) {
			return fault.Invalidf("media", "An image you chose is no longer in the media library. Choose it again.")
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM media_uses WHERE site_id = ? AND owner_kind = ? AND owner_id = ?`,
		siteID, ownerKind, ownerID); err != nil {
		return fmt.Errorf("replace image uses: %w", err)
	}
	for _, id := range ids {
		if _, err := tx.Exec(ctx, `INSERT INTO media_uses (site_id, media_id, owner_kind, owner_id) VALUES (?, ?, ?, ?)`,
			siteID, id, ownerKind, ownerID); err != nil {
			return fmt.Errorf("record image use: %w", err)
		}
	}
	return nil
}

// UsedBytes is how much of the plan's storage the site's originals take.
// Resized copies are a cache and are not counted.
func (s *Store) UsedBytes(ctx context.Context, siteID int64) (int64, error) {
	return usedBytes(ctx, s.db, siteID)
}

func usedBytes(ctx context.Context, q sqldb.Q, siteID int64) (int64, error) {
	var n int64
	if err := q.QueryRow(ctx, `SELECT COALESCE(SUM(bytes), 0) FROM media WHERE site_id = ?`, siteID).Scan(&n); err != nil {
		return 0, fmt.Errorf("media storage used: %w", err)
	}
	return n, nil
}

// contentChanged moves the site's content version on, so that cached pages
// that show an image (with its alt text) are made again.
func contentChanged(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}
