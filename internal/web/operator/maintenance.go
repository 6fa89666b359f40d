package operator

import (
	"fmt"
	"net/http"

	"github.com/pagecart/pagecart/internal/web/ui"
)

type maintenanceData struct {
	Retry int    // 0 when off
	Value string // the Retry-After field's default
}

func (o *Operator) maintenancePage(w http.ResponseWriter, r *http.Request) error {
	return o.renderMaintenance(w, r, http.StatusOK, nil)
}

func (o *Operator) renderMaintenance(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) error {
	retry, err := o.d.Operators.Maintenance(r.Context())
	if err != nil {
		return err
	}
	data := maintenanceData{Retry: retry, Value: "600"}
	if retry > 0 {
		data.Value = fmt.Sprint(retry)
	}
	return o.render(w, r, status, "maintenance.html", "Platform maintenance", f, data)
}

func (o *Operator) setMaintenance(w http.ResponseWriter, r *http.Request) error {
	f := ui.NewForm(r)
	retry, on, ok := maintenanceInput(f)
	if ok {
		if err := o.d.Operators.SetMaintenance(r.Context(), retry); err != nil && !f.Absorb(err) {
			return err
		}
	}
	if f.HasErrors() {
		return o.renderMaintenance(w, r, http.StatusUnprocessableEntity, f)
	}
	msg := "Platform maintenance is off: every site answers normally."
	if on {
		msg = fmt.Sprintf("Platform maintenance is on: pages answer 503 with Retry-After %d, the API 501.", retry)
	}
	op, _ := current(r.Context())
	o.d.Logger.InfoContext(r.Context(), "platform maintenance switched", "operator", op.Email, "retry_after", retry)
	return done(w, r, "/operator/maintenance", msg)
}
