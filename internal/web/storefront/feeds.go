package storefront

import (
	"context"
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/request"
)

var feedTypes = map[catalog.FeedKind]string{
	catalog.FeedGoogle:  "application/xml; charset=utf-8",
	catalog.FeedHeureka: "application/xml; charset=utf-8",
	catalog.FeedJSON:    "application/json; charset=utf-8",
}

// feed serves /feeds/{token}/{file}: the site's product feeds, at an
// address whose token only the site's staff know. A wrong token, or the
// token of another site, is a plain 404.
func (s *Storefront) feed(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	kind, ok := catalog.FeedKindOf(r.PathValue("file"))
	if !ok {
		return fault.ErrNotFound
	}
	valid, err := s.d.Catalog.ValidFeedToken(r.Context(), site.ID, r.PathValue("token"))
	if err != nil {
		return err
	}
	if !valid {
		return fault.ErrNotFound
	}
	base := s.d.Config.PublicScheme + "://" + r.Host
	body, err := s.d.Catalog.Feed(r.Context(), site.ID, kind, catalog.FeedOptions{BaseURL: base,
		ImageURL: func(ctx context.Context, siteID, mediaID int64) string {
			m, err := s.d.Media.Get(ctx, siteID, mediaID)
			if err != nil {
				return ""
			}
			return base + m.URL()
		}})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", feedTypes[kind])
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	// The address is a secret: no shared cache keeps it.
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("X-Robots-Tag", "noindex")
	_, _ = w.Write(body)
	return nil
}
