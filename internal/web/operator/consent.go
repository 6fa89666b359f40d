package operator

import (
	"net/http"

	"github.com/pagecart/pagecart/internal/consent"
)

type consentData struct {
	Entries []consent.Entry
	Pager   pager
}

// consentLog lists the choices visitors made on the platform's own pages,
// newest first.
func (o *Operator) consentLog(w http.ResponseWriter, r *http.Request) error {
	page, offset := pageOf(r)
	list, total, err := o.d.Consent.PlatformLog(r.Context(), pageSize, offset)
	if err != nil {
		return err
	}
	data := consentData{Entries: list, Pager: newPager("/operator/consent", r.URL.Query(), page, len(list), total)}
	return o.render(w, r, http.StatusOK, "consent.html", "Consent log", nil, data)
}

// exportConsentLog downloads the whole log as CSV, the proof asked for
// when someone asks what they consented to.
func (o *Operator) exportConsentLog(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="pagecart-consent-log.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	return o.d.Consent.ExportPlatformCSV(r.Context(), w)
}
