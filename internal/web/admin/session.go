package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

type loginData struct {
	Next      string
	ForgotURL string
	Message   string // shown above the form, e.g. an expired link
}

func (a *Admin) loginData(next string) loginData {
	return loginData{Next: safeNext(next), ForgotURL: a.d.Config.PlatformURL() + "/password/forgot"}
}

func (a *Admin) loginPage(w http.ResponseWriter, r *http.Request, st *state) error {
	next := r.URL.Query().Get("next")
	if st.member != nil {
		http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
		return nil
	}
	return a.render(w, r, http.StatusOK, "login.html", "Log in", nil, a.loginData(next))
}

func (a *Admin) login(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	data := a.loginData(f.Value("next"))
	acct, err := a.d.Accounts.Authenticate(r.Context(), f.Value("email"), f.Raw("password"), request.ClientIP(r))
	var throttled *fault.Throttled
	switch {
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", strconv.Itoa(throttled.RetryAfter()))
		f.Set("form", throttled.Error())
		return a.render(w, r, http.StatusTooManyRequests, "login.html", "Log in", f, data)
	case errors.Is(err, accounts.ErrInvalidCredentials):
		f.Set("form", err.Error())
		return a.render(w, r, http.StatusUnprocessableEntity, "login.html", "Log in", f, data)
	case err != nil:
		return err
	}
	if _, err := a.d.Accounts.Membership(r.Context(), st.site.ID, acct.ID); errors.Is(err, accounts.ErrNotFound) {
		f.Set("form", "This account is not on the staff of "+st.site.Title+". Ask the site's owner to invite you.")
		return a.render(w, r, http.StatusForbidden, "login.html", "Log in", f, data)
	} else if err != nil {
		return err
	}
	if err := a.d.Sessions.Start(w, r, session.AccountCookie, session.KindAccount, acct.ID); err != nil {
		return err
	}
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
	return nil
}

func (a *Admin) logout(w http.ResponseWriter, r *http.Request, _ *state) error {
	a.d.Sessions.End(w, r, session.AccountCookie)
	return done(w, r, "/admin/login", "You have logged out.")
}

// sso finishes a login made on the platform host (after signup, or "Open
// the admin" in My sites): a one-time token for this site becomes a session
// on this host. Signup adds welcome=1 to greet the new owner once.
func (a *Admin) sso(w http.ResponseWriter, r *http.Request, st *state) error {
	accountID, siteID, err := a.d.Accounts.UseToken(r.Context(), accounts.PurposeLogin, r.URL.Query().Get("token"))
	if errors.Is(err, accounts.ErrTokenInvalid) || (err == nil && siteID != st.site.ID) {
		data := a.loginData("")
		data.Message = accounts.ErrTokenInvalid.Error() + " Log in with your e-mail and password."
		return a.render(w, r, http.StatusBadRequest, "login.html", "Log in", nil, data)
	}
	if err != nil {
		return err
	}
	if err := a.d.Sessions.Start(w, r, session.AccountCookie, session.KindAccount, accountID); err != nil {
		return err
	}
	// The welcome is a one-time message, not a flag in the dashboard's
	// address: reloading, bookmarking or opening the admin again from
	// "My sites" (another token, without welcome) never shows it twice.
	if r.URL.Query().Get("welcome") == "1" {
		ui.SetFlash(w, r, "Welcome to your new site! It is live at "+a.d.Config.SiteURL(st.site.Name)+" already.")
	}
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
	return nil
}

func (a *Admin) notFound(_ http.ResponseWriter, _ *http.Request, _ *state) error {
	return fault.ErrNotFound
}
