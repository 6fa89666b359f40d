package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// How a person accepts an invitation, decided on the server each time.
const (
	modeAccept = "accept" // logged in with the invited address: one click
	modeLogin  = "login"  // the address has an account: its password
	modeNew    = "new"    // no account yet: choose a password
)

type inviteData struct {
	Invitation accounts.Invitation
	Mode       string
	LoggedInAs string // another account is logged in on this host
	TermsURL   string
	ForgotURL  string
}

func (a *Admin) inviteData(r *http.Request, st *state) (inviteData, error) {
	inv, err := a.d.Accounts.InvitationByToken(r.Context(), st.site.ID, r.PathValue("token"))
	if err != nil {
		return inviteData{}, err
	}
	d := inviteData{Invitation: inv, TermsURL: a.d.Config.PlatformURL() + "/terms",
		ForgotURL: a.d.Config.PlatformURL() + "/password/forgot"}
	switch _, err := a.d.Accounts.ByEmail(r.Context(), inv.Email); {
	case st.account.ID != 0 && st.account.Email == inv.Email:
		d.Mode = modeAccept
	case err == nil:
		d.Mode = modeLogin
	case errors.Is(err, accounts.ErrNotFound):
		d.Mode = modeNew
	default:
		return inviteData{}, err
	}
	if st.account.ID != 0 && d.Mode != modeAccept {
		d.LoggedInAs = st.account.Email
	}
	return d, nil
}

func (a *Admin) invitePage(w http.ResponseWriter, r *http.Request, st *state) error {
	d, err := a.inviteData(r, st)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "invite.html", "Join "+st.site.Title, nil, d)
}

func (a *Admin) acceptInvite(w http.ResponseWriter, r *http.Request, st *state) error {
	d, err := a.inviteData(r, st)
	if err != nil {
		return err
	}
	ctx, token, f := r.Context(), r.PathValue("token"), ui.NewForm(r)
	status := http.StatusUnprocessableEntity
	var acct accounts.Account
	switch d.Mode {
	case modeAccept:
		acct = st.account
		err = a.d.Accounts.AcceptInvitation(ctx, st.site.ID, token, acct.ID)
	case modeLogin:
		acct, err = a.d.Accounts.Authenticate(ctx, d.Invitation.Email, f.Raw("password"), request.ClientIP(r))
		var throttled *fault.Throttled
		switch {
		case errors.As(err, &throttled):
			f.Set("password", throttled.Error())
			w.Header().Set("Retry-After", strconv.Itoa(throttled.RetryAfter()))
			status = http.StatusTooManyRequests
		case errors.Is(err, accounts.ErrInvalidCredentials):
			f.Set("password", "The password is not right.")
		case err == nil:
			err = a.d.Accounts.AcceptInvitation(ctx, st.site.ID, token, acct.ID)
		}
	case modeNew:
		if msg := accounts.PasswordProblem(f.Raw("password"), d.Invitation.Email); msg != "" {
			f.Set("password", msg)
		}
		if !f.Checked("terms") {
			f.Set("terms", "Please agree with the Terms & Conditions to join.")
		}
		if !f.HasErrors() {
			acct, err = a.d.Accounts.AcceptInvitationNewAccount(ctx, st.site.ID, token, f.Raw("password"), signup.TermsVersion)
		}
	}
	if f.HasErrors() || (err != nil && f.Absorb(err)) {
		return a.render(w, r, status, "invite.html", "Join "+st.site.Title, f, d)
	}
	if err != nil {
		return err
	}
	if d.Mode != modeAccept {
		if err := a.d.Sessions.Start(w, r, session.AccountCookie, session.KindAccount, acct.ID); err != nil {
			return err
		}
	}
	return done(w, r, "/admin", "Welcome to the staff of "+st.site.Title+"!")
}
