package operator

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// siteAction runs one change of a site from its details page: on a
// mistake the page comes back with the message (422) and nothing changed;
// on success the host cache forgets the site and the browser is redirected
// to the page with a confirmation.
func (o *Operator) siteAction(change func(r *http.Request, f *ui.Form, siteID int64) (string, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if _, err := o.d.Sites.ByID(r.Context(), id); err != nil {
			return err
		}
		f := ui.NewForm(r)
		message, err := change(r, f, id)
		if err != nil && !f.Absorb(err) {
			return err
		}
		if f.HasErrors() {
			return o.renderSite(w, r, http.StatusUnprocessableEntity, f)
		}
		op, _ := current(r.Context())
		o.d.Logger.InfoContext(r.Context(), "operator changed site", "operator", op.Email, "site_id", id,
			"action", r.URL.Path, "result", message)
		return done(w, r, fmt.Sprintf("/operator/sites/%d", id), message)
	}
}

// number reads a whole number from a field, or records msg for it.
func number(f *ui.Form, field, msg string) (int, bool) {
	n, err := strconv.Atoi(f.Value(field))
	if err != nil {
		f.Set(field, msg)
		return 0, false
	}
	return n, true
}

func (o *Operator) extendTrial(w http.ResponseWriter, r *http.Request) error {
	return o.siteAction(func(r *http.Request, f *ui.Form, id int64) (string, error) {
		days, ok := number(f, "days", "Give a whole number of days, like 15.")
		if !ok {
			return "", nil
		}
		return fmt.Sprintf("The trial got %d more days.", days), o.d.Sites.ExtendTrial(r.Context(), id, days)
	})(w, r)
}

func (o *Operator) setPlan(w http.ResponseWriter, r *http.Request) error {
	return o.siteAction(func(r *http.Request, f *ui.Form, id int64) (string, error) {
		p, ok := plans.Get(plans.ID(f.Value("plan")))
		if !ok || p.ID == plans.Trial {
			f.Set("plan", "Choose one of the plans shown.")
			return "", nil
		}
		return "The site is now on " + p.Name + ".", o.d.Sites.SetPlan(r.Context(), id, p.ID)
	})(w, r)
}

func (o *Operator) suspend(w http.ResponseWriter, r *http.Request) error {
	return o.siteAction(func(r *http.Request, f *ui.Form, id int64) (string, error) {
		if f.Value("reason") == "" {
			f.Set("reason", "Say why, for the record and the owner.")
		} else if len([]rune(f.Value("reason"))) > 500 {
			f.Set("reason", "Keep the reason under 500 characters.")
		}
		if !f.Checked("confirm") {
			f.Set("confirm", "Tick the box to confirm that the site goes offline.")
		}
		if f.HasErrors() {
			return "", nil
		}
		return "The site is suspended: its pages answer 503.", o.d.Sites.Suspend(r.Context(), id, f.Value("reason"))
	})(w, r)
}

func (o *Operator) restore(w http.ResponseWriter, r *http.Request) error {
	return o.siteAction(func(r *http.Request, f *ui.Form, id int64) (string, error) {
		return "The site is restored and live again.", o.d.Sites.Restore(r.Context(), id)
	})(w, r)
}

func (o *Operator) siteMaintenance(w http.ResponseWriter, r *http.Request) error {
	return o.siteAction(func(r *http.Request, f *ui.Form, id int64) (string, error) {
		retry, on, ok := maintenanceInput(f)
		if !ok {
			return "", nil
		}
		msg := "Maintenance is off: the site answers normally."
		if on {
			msg = fmt.Sprintf("Maintenance is on: the site answers 503 with Retry-After %d.", retry)
		}
		return msg, o.d.Sites.SetMaintenance(r.Context(), id, retry)
	})(w, r)
}

// maintenanceInput reads a maintenance form: action "on" with a
// Retry-After in seconds, or "off" (Retry-After 0).
func maintenanceInput(f *ui.Form) (retry int, on, ok bool) {
	if f.Value("action") == "off" {
		return 0, false, true
	}
	retry, ok = number(f, "retry_after", "Give the Retry-After in whole seconds, like 600.")
	if ok && (retry < 1 || retry > 7*24*3600) {
		f.Set("retry_after", "Give between 1 second and 7 days (604800 seconds).")
		ok = false
	}
	return retry, true, ok
}
