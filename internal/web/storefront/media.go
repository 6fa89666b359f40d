package storefront

import (
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/web/request"
)

// mediaOriginal serves an image of the site's library as uploaded.
func (s *Storefront) mediaOriginal(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	id, err := mediaID(r)
	if err != nil {
		return err
	}
	_, c, err := s.d.Media.Original(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	defer c.Close()
	serveMedia(w, r, c)
	return nil
}

// mediaVariant serves an image resized to one of media.Widths.
func (s *Storefront) mediaVariant(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	id, err := mediaID(r)
	if err != nil {
		return err
	}
	width, err := strconv.Atoi(r.PathValue("width"))
	if err != nil {
		return fault.ErrNotFound
	}
	_, c, err := s.d.Media.Variant(r.Context(), site.ID, id, width)
	if err != nil {
		return err
	}
	defer c.Close()
	serveMedia(w, r, c)
	return nil
}

func mediaID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.ErrNotFound
	}
	return id, nil
}

// serveMedia sends a file of the library. An image's bytes never change
// under its ID (a new upload is a new ID), so it may be cached for a year.
// The type is the one recognised from the content, never sniffed; an SVG,
// opened on its own, gets a policy under which nothing in it can run or
// load, whatever the cleaning might have missed.
func serveMedia(w http.ResponseWriter, r *http.Request, c media.Content) {
	h := w.Header()
	h.Set("Content-Type", c.ContentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	if c.ContentType == media.SVG {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	}
	http.ServeContent(w, r, "", c.ModTime, c)
}
