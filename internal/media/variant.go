package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"time"

	"golang.org/x/image/draw"
)

// Widths are the widths, in pixels, that resized copies are made at. A
// fixed set keeps the cache small and lets every page share the copies.
var Widths = []int{160, 320, 640, 960, 1280, 1920}

// Content is a stored file opened for serving. Close it.
type Content struct {
	*os.File
	ContentType string
	Size        int64
	ModTime     time.Time
}

// Original opens an image's file as uploaded (an SVG as cleaned).
func (s *Store) Original(ctx context.Context, siteID, id int64) (Media, Content, error) {
	m, err := s.Get(ctx, siteID, id)
	if err != nil {
		return Media{}, Content{}, err
	}
	c, err := open(s.files.original(siteID, id), m.ContentType, m.CreatedAt)
	if errors.Is(err, fs.ErrNotExist) {
		return Media{}, Content{}, fmt.Errorf("file of image %d of site %d is missing: %w", id, siteID, err)
	}
	return m, c, err
}

// Variant opens an image resized to width, one of Widths (any other is
// ErrNotFound). It is made on the first request and kept on disk; requests
// for the same copy at the same time wait for one resize. An image is
// never made larger: at or above its own width, as for an SVG (which
// scales by itself) or an animated GIF (a copy would keep one frame), the
// original is served. JPEGs become JPEGs, everything else PNGs, so that
// transparency is kept.
func (s *Store) Variant(ctx context.Context, siteID, id int64, width int) (Media, Content, error) {
	if !slices.Contains(Widths, width) {
		return Media{}, Content{}, ErrNotFound
	}
	m, err := s.Get(ctx, siteID, id)
	if err != nil {
		return Media{}, Content{}, err
	}
	if m.IsSVG() || width >= m.Width {
		return s.Original(ctx, siteID, id)
	}
	typ, ext := PNG, ".png"
	if m.ContentType == JPEG {
		typ, ext = JPEG, ".jpg"
	}
	path := s.files.variant(siteID, id, width, ext)
	if c, err := open(path, typ, m.CreatedAt); err == nil {
		return m, c, nil
	}
	key := strconv.FormatInt(siteID, 10) + "/" + path
	_, err, _ = s.variants.Do(key, func() (any, error) {
		if _, err := os.Stat(path); err == nil {
			return nil, nil // made by a request that finished just now
		}
		// Waiters share this resize, so it does not end with the
		// request that started it.
		return nil, s.makeVariant(context.WithoutCancel(ctx), m, width, typ, path)
	})
	if errors.Is(err, errAnimated) {
		return s.Original(ctx, siteID, id)
	}
	if err != nil {
		return Media{}, Content{}, err
	}
	c, err := open(path, typ, m.CreatedAt)
	return m, c, err
}

var errAnimated = errors.New("animated GIF")

// makeVariant resizes the original to width and writes it to path.
func (s *Store) makeVariant(ctx context.Context, m Media, width int, typ, path string) error {
	b, err := os.ReadFile(s.files.original(m.SiteID, m.ID))
	if err != nil {
		return fmt.Errorf("read image %d: %w", m.ID, err)
	}
	if m.ContentType == GIF && gifFrames(b) > 1 {
		return errAnimated
	}
	select {
	case s.resizing <- struct{}{}:
		defer func() { <-s.resizing }()
	case <-ctx.Done():
		return ctx.Err()
	}
	src, err := decode(m.ContentType, b)
	if err != nil {
		return fmt.Errorf("decode image %d: %w", m.ID, err)
	}
	orientation := 1
	if m.ContentType == JPEG {
		orientation = jpegOrientation(b)
	}
	// The size is chosen as shown; a photo stored turned is resized in its
	// stored orientation and turned afterwards, which is cheaper.
	w, h := width, max(1, (m.Height*width+m.Width/2)/m.Width)
	if orientation >= 5 {
		w, h = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	out := orient(dst, orientation)

	var buf bytes.Buffer
	if typ == JPEG {
		err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: 82})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out)
	}
	if err != nil {
		return fmt.Errorf("encode image %d at %d: %w", m.ID, width, err)
	}
	return s.files.write(path, buf.Bytes())
}

func open(path, typ string, mod time.Time) (Content, error) {
	f, err := os.Open(path)
	if err != nil {
		return Content{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return Content{}, err
	}
	return Content{File: f, ContentType: typ, Size: st.Size(), ModTime: mod}, nil
}
