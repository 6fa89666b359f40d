package storefront

import (
	"net/http"

	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/assets"
	"github.com/pagecart/pagecart/internal/web/compress"
	"github.com/pagecart/pagecart/internal/web/request"
)

// customCSSPath is where a site's own stylesheet is, on its own host
// (the pages' security policy allows stylesheets from there only).
const customCSSPath = "/site.css"

// customCSS serves the site's own stylesheet. Pages link it with ?v= the
// hash of its content, so at that address it is kept for a year; any
// other (an old page, no v) is checked again every time. A site whose
// plan has no custom code, or that has no stylesheet, has none here.
func (s *Storefront) customCSS(w http.ResponseWriter, r *http.Request) error {
	site, _ := request.Site(r.Context())
	if !site.Entitlements().CustomCode {
		return fault.ErrNotFound
	}
	css, err := s.d.CustomCSS.CSS(r.Context(), site.ID)
	if err != nil {
		return err
	}
	if css == "" {
		return fault.ErrNotFound
	}
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	if r.URL.Query().Get("v") == customcss.Version(css) {
		h.Set("Cache-Control", assets.Immutable)
	}
	compress.NewVariants([]byte(css), "text/css").Write(w, r, http.StatusOK)
	return nil
}
