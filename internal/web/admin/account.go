package admin

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/accounts"
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

// changeEmail sends a confirmation link to the new address (and a notice
// to the old one); the address changes when the link is opened.
func (a *Admin) changeEmail(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	link := func(token string) string {
		return a.d.Config.SiteURL(st.site.Name) + "/admin/account/email/" + url.PathEscape(token)
	}
	if err := a.d.Accounts.RequestEmailChange(r.Context(), st.account.ID, f.Raw("password"), f.Value("email"), link); err != nil {
		if f.Absorb(err) {
			f.Values.Del("password")
			return a.showAccount(w, r, st, http.StatusUnprocessableEntity, &ui.Form{}, f)
		}
		return err
	}
	return done(w, r, "/admin/account", "We sent a link to "+f.Value("email")+". Your e-mail address changes when you open it; until then, keep using "+st.account.Email+".")
}

// confirmEmailPage asks before changing, so that a mail scanner that
// opens every link does not make the change.
func (a *Admin) confirmEmailPage(w http.ResponseWriter, r *http.Request, _ *state) error {
	return a.confirm(w, r, confirmation{Heading: "Use your new e-mail address?",
		Message: "From now on you will log in with the address this link was sent to, and password resets will go there.",
		Action:  r.URL.Path, Button: "Use the new address", Cancel: "/admin"})
}

func (a *Admin) confirmEmail(w http.ResponseWriter, r *http.Request, st *state) error {
	if !confirmed(r) {
		return a.confirmEmailPage(w, r, st)
	}
	acct, err := a.d.Accounts.ConfirmEmailChange(r.Context(), r.PathValue("token"))
	if errors.Is(err, accounts.ErrEmailTaken) {
		a.rd.ErrorPage(w, r, ui.ErrorData(http.StatusConflict, "Address taken", err.Error()+" Your e-mail address stays as it was."))
		return nil
	}
	if err != nil {
		return err
	}
	to := "/admin/login"
	if st.member != nil {
		to = "/admin/account"
	}
	return done(w, r, to, "Your e-mail address is now "+acct.Email+". Use it to log in from now on.")
}
