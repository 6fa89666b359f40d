package admin

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// accountData holds the page's two forms, each with its own messages,
// since both have a password field.
type accountData struct {
	Email     string
	Password  *ui.Form
	EmailForm *ui.Form
}

func (a *Admin) accountPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.showAccount(w, r, st, http.StatusOK, &ui.Form{}, &ui.Form{})
}

func (a *Admin) showAccount(w http.ResponseWriter, r *http.Request, st *state, status int, pw, em *ui.Form) error {
	return a.render(w, r, status, "account.html", "Your account", nil, accountData{st.account.Email, pw, em})
}

// changePassword ends every other session of the account: whoever might
// have known the old password is logged out everywhere.
func (a *Admin) changePassword(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	err := a.d.Accounts.ChangePassword(r.Context(), st.account.ID, f.Raw("current"), f.Raw("password"))
	if err != nil {
		if f.Absorb(err) {
			f.Values = url.Values{} // never send passwords back
			return a.showAccount(w, r, st, http.StatusUnprocessableEntity, f, &ui.Form{})
		}
		return err
	}
	if err := a.d.Accounts.EndAllSessions(r.Context(), session.KindAccount, st.account.ID); err != nil {
		return err
	}
	if err := a.d.Sessions.Start(w, r, session.AccountCookie, session.KindAccount, st.account.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/account", "Your password has been changed. Other browsers using your account were logged out.")
}

func (a *Admin) changeEmail(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	if err := a.d.Accounts.ChangeEmail(r.Context(), st.account.ID, f.Raw("password"), f.Value("email")); err != nil {
		if f.Absorb(err) {
			f.Values.Del("password")
			return a.showAccount(w, r, st, http.StatusUnprocessableEntity, &ui.Form{}, f)
		}
		return err
	}
	return done(w, r, "/admin/account", "Your e-mail address is now "+f.Value("email")+". Use it to log in from now on.")
}
