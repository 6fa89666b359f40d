package admin

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/web/ui"
)

type statusesData struct {
	Statuses []statusView
	Editing  orders.Status // zero Code on the list page
}

func (a *Admin) listStatuses(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderStatuses(w, r, st, http.StatusOK, &ui.Form{Values: url.Values{"colour": {"#0ea5e9"}}}, orders.Status{})
}

func (a *Admin) renderStatuses(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form, editing orders.Status) error {
	ctx := r.Context()
	sts, err := a.d.Orders.Statuses(ctx, st.site.ID)
	if err != nil {
		return err
	}
	use, err := a.d.Orders.StatusUsage(ctx, st.site.ID)
	if err != nil {
		return err
	}
	d := statusesData{Editing: editing}
	for _, s := range sts {
		d.Statuses = append(d.Statuses, statusView{Status: s, Count: use[s.Code]})
	}
	title := "Order statuses"
	if editing.Code != "" {
		title = editing.Name
	}
	return a.render(w, r, status, "order_statuses.html", title, f, d)
}

func statusInput(f *ui.Form) orders.StatusInput {
	return orders.StatusInput{Name: f.Value("name"), Colour: f.Value("colour"), Notify: f.Checked("notify"),
		IsCompleted: f.Value("meaning") == "completed", IsCancelled: f.Value("meaning") == "cancelled"}
}

func (a *Admin) createStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	in := statusInput(f)
	if _, err := a.d.Orders.CreateStatus(r.Context(), st.site.ID, in); err != nil {
		if f.Absorb(err) {
			return a.renderStatuses(w, r, st, http.StatusUnprocessableEntity, f, orders.Status{})
		}
		return err
	}
	return done(w, r, "/admin/order-statuses", "Status “"+in.Name+"” added.")
}

func (a *Admin) findStatus(r *http.Request, st *state) (orders.Status, error) {
	return a.d.Orders.Status(r.Context(), st.site.ID, r.PathValue("code"))
}

func (a *Admin) editStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	s, err := a.findStatus(r, st)
	if err != nil {
		return err
	}
	meaning := ""
	switch {
	case s.IsCompleted:
		meaning = "completed"
	case s.IsCancelled:
		meaning = "cancelled"
	}
	f := &ui.Form{Values: url.Values{"name": {s.Name}, "colour": {s.Colour}, "meaning": {meaning}}}
	if s.Notify {
		f.Values.Set("notify", "1")
	}
	return a.renderStatuses(w, r, st, http.StatusOK, f, s)
}

func (a *Admin) updateStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	s, err := a.findStatus(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	if err := a.d.Orders.UpdateStatus(r.Context(), st.site.ID, s.Code, statusInput(f)); err != nil {
		if f.Absorb(err) {
			return a.renderStatuses(w, r, st, http.StatusUnprocessableEntity, f, s)
		}
		return err
	}
	return done(w, r, "/admin/order-statuses", "Status saved.")
}

func (a *Admin) confirmDeleteStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	s, err := a.findStatus(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete the status “" + s.Name + "”?",
		Message: "Orders can no longer be moved to it. A status that orders are in cannot be deleted: move them first.",
		Action:  "/admin/order-statuses/" + s.Code + "/delete", Button: "Delete status", Cancel: "/admin/order-statuses"})
}

func (a *Admin) deleteStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	s, err := a.findStatus(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeleteStatus(w, r, st)
	}
	if err := a.d.Orders.DeleteStatus(r.Context(), st.site.ID, s.Code); err != nil {
		return err
	}
	return done(w, r, "/admin/order-statuses", "Status “"+s.Name+"” deleted.")
}
