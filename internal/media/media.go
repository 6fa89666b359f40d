// Package media is a site's media library: the images its owner uploads
// (JPEG, PNG, WebP, GIF and cleaned SVG, each recognised by its content),
// their alt texts, where each is used, the storage they take against the
// plan, and resized copies made on demand for responsive images.
//
// Other packages show library images and record where with SetUsesTx in
// their own transaction, so that the library can count uses and warn
// before an image in use is deleted.
package media

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/sync/singleflight"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is returned for an image that is not in the site's library.
var ErrNotFound = fmt.Errorf("image: %w", fault.ErrNotFound)

// MaxFileBytes is the largest file one upload may be.
const MaxFileBytes = 20 << 20

// maxSVGBytes is the largest SVG: a drawing, unlike a photo, is text that
// must be parsed whole.
const maxSVGBytes = 5 << 20

// Media is one image of a site's library.
type Media struct {
	SiteID      int64
	ID          int64
	Filename    string // as uploaded, for people
	ContentType string // one of JPEG, PNG, GIF, WebP, SVG: what the content is
	Bytes       int64
	// Width and Height are the size as shown, in pixels (0 for an SVG
	// that does not say).
	Width, Height int
	SHA256        string
	Alt           string
	CreatedAt     time.Time
	// Uses is how many things show the image (filled by Get and List).
	Uses int
}

// IsSVG reports whether the image is a (cleaned) SVG drawing.
func (m Media) IsSVG() bool { return m.ContentType == SVG }

// URL is the address of the original on the site's own host.
func (m Media) URL() string {
	return "/media/" + strconv.FormatInt(m.ID, 10) + "/" + url.PathEscape(m.urlName())
}

// VariantURL is the address of the image resized to width (one of
// Widths). A width at or above the image's own is served as the original.
func (m Media) VariantURL(width int) string {
	return "/media/" + strconv.FormatInt(m.ID, 10) + "/" + strconv.Itoa(width) + "/" + url.PathEscape(m.urlName())
}

// urlName is the file name in the address: only there for people and
// search engines; the ID alone finds the image.
func (m Media) urlName() string {
	base := strings.TrimSuffix(m.Filename, path.Ext(m.Filename))
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(base) {
		switch {
		case c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "image"
	}
	return name + extension(m.ContentType)
}

func extension(contentType string) string {
	switch contentType {
	case JPEG:
		return ".jpg"
	case PNG:
		return ".png"
	case GIF:
		return ".gif"
	case WebP:
		return ".webp"
	case SVG:
		return ".svg"
	}
	return ""
}

// Use is one thing that shows an image: a product, a page, a section.
type Use struct {
	MediaID   int64
	OwnerKind string
	OwnerID   int64
}

// Store keeps the library: rows in the database, files under the data dir.
type Store struct {
	db    *sqldb.DB
	files *files
	now   func() time.Time
	// variants makes one resized copy at a time per key, however many
	// requests ask for it at once; resizing bounds how many are made at
	// the same time, since each holds a decoded image in memory.
	variants singleflight.Group
	resizing chan struct{}
}

// NewStore returns a Store on db that keeps files under dataDir/media.
func NewStore(db *sqldb.DB, dataDir string) *Store {
	return &Store{db: db, files: &files{root: filepath.Join(dataDir, "media")}, now: time.Now,
		resizing: make(chan struct{}, max(1, runtime.NumCPU()))}
}

// FormatSize writes a number of bytes as people read it: "340 KB", "97.2 MB".
func FormatSize(n int64) string {
	const unit = 1024
	switch {
	case n < unit:
		if n == 1 {
			return "1 byte"
		}
		return strconv.FormatInt(n, 10) + " bytes"
	case n < unit*unit:
		return strconv.FormatInt((n+unit/2)/unit, 10) + " KB"
	case n < unit*unit*unit:
		return trimZero(float64(n)/(unit*unit)) + " MB"
	}
	return trimZero(float64(n)/(unit*unit*unit)) + " GB"
}

// trimZero writes one decimal, without a trailing ".0".
func trimZero(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}
