package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/web/ui"
)

type staffData struct {
	Members     []accounts.Member
	Invitations []accounts.Invitation
	Me          int64 // the member ID of the person looking
}

func (a *Admin) staffPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.showStaff(w, r, st, http.StatusOK, &ui.Form{Values: url.Values{"role": {string(accounts.RoleEditor)}}})
}

func (a *Admin) showStaff(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	ms, err := a.d.Accounts.Members(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	invs, err := a.d.Accounts.Invitations(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.render(w, r, status, "staff.html", "Staff", f, staffData{ms, invs, st.member.ID})
}

// invite sends an invitation (accounts.Invite stores it and queues its
// e-mail together).
func (a *Admin) invite(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	role, _ := accounts.ParseRole(f.Value("role"))
	inv, err := a.d.Accounts.Invite(r.Context(), accounts.InviteInput{SiteID: st.site.ID, SiteTitle: st.site.Title,
		SiteURL: a.d.Config.SiteURL(st.site.Name), InviterID: st.account.ID, InviterEmail: st.account.Email,
		Email: f.Value("email"), Role: role})
	if err != nil {
		if f.Absorb(err) {
			return a.showStaff(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return done(w, r, "/admin/staff", "We have sent an invitation to "+inv.Email+". The link works for 7 days.")
}

func (a *Admin) setRole(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	role, ok := accounts.ParseRole(f.Value("role"))
	if !ok {
		f.Set("member", "Choose a role.")
		return a.showStaff(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err := a.d.Accounts.SetRole(r.Context(), st.site.ID, id, role); err != nil {
		if f.Absorb(err) {
			return a.showStaff(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return done(w, r, "/admin/staff", "Role changed to "+roleLabel(role)+".")
}

// member returns a member of this site by the URL's ID.
func (a *Admin) member(r *http.Request, st *state) (accounts.Member, error) {
	id, err := pathID(r)
	if err != nil {
		return accounts.Member{}, err
	}
	ms, err := a.d.Accounts.Members(r.Context(), st.site.ID)
	if err != nil {
		return accounts.Member{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return accounts.Member{}, accounts.ErrNotFound
}

func (a *Admin) confirmRemoveMember(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.member(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Remove " + m.Email + " from your staff?",
		Message: "They can no longer open this administration. Their account stays, and you can invite them again.",
		Action:  "/admin/staff/" + strconv.FormatInt(m.ID, 10) + "/remove", Button: "Remove", Cancel: "/admin/staff"})
}

func (a *Admin) removeMember(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.member(r, st)
	if err != nil {
		return err
	}
	if m.ID == st.member.ID {
		f := &ui.Form{}
		f.Set("member", "You cannot remove yourself. Ask another owner to do it.")
		return a.showStaff(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if !confirmed(r) {
		return a.confirmRemoveMember(w, r, st)
	}
	if err := a.d.Accounts.RemoveMember(r.Context(), st.site.ID, m.ID); err != nil {
		f := &ui.Form{}
		if f.Absorb(err) {
			return a.showStaff(w, r, st, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return done(w, r, "/admin/staff", m.Email+" is no longer on your staff.")
}

// invitation returns a pending invitation of this site by the URL's ID.
func (a *Admin) invitation(r *http.Request, st *state) (accounts.Invitation, error) {
	id, err := pathID(r)
	if err != nil {
		return accounts.Invitation{}, err
	}
	invs, err := a.d.Accounts.Invitations(r.Context(), st.site.ID)
	if err != nil {
		return accounts.Invitation{}, err
	}
	for _, inv := range invs {
		if inv.ID == id {
			return inv, nil
		}
	}
	return accounts.Invitation{}, accounts.ErrNotFound
}

func (a *Admin) confirmRevoke(w http.ResponseWriter, r *http.Request, st *state) error {
	inv, err := a.invitation(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Withdraw the invitation to " + inv.Email + "?",
		Message: "The link we sent stops working. You can invite them again later.",
		Action:  "/admin/invitations/" + strconv.FormatInt(inv.ID, 10) + "/revoke", Button: "Withdraw", Cancel: "/admin/staff"})
}

func (a *Admin) revoke(w http.ResponseWriter, r *http.Request, st *state) error {
	inv, err := a.invitation(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmRevoke(w, r, st)
	}
	if err := a.d.Accounts.RevokeInvitation(r.Context(), st.site.ID, inv.ID); err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return err
	}
	return done(w, r, "/admin/staff", "The invitation to "+inv.Email+" was withdrawn.")
}
