package deps

import (
	"context"
	"net/http"

	"github.com/pagecart/pagecart/internal/accounts"
)

// Cookie names. Each lives on the host that set it: the platform host's
// session and each site's admin session are separate logins.
const (
	AccountCookie  = "pc_session"
	OperatorCookie = "pc_operator"
)

// Session kinds in the sessions table.
const (
	KindAccount  = "account"
	KindOperator = "operator"
)

// StartSession creates a server-side session and sets its cookie:
// HttpOnly, SameSite=Lax, Secure under HTTPS.
func (d *Deps) StartSession(ctx context.Context, w http.ResponseWriter, cookie, kind string, subjectID int64) error {
	token, err := d.Accounts.NewSession(ctx, kind, subjectID)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: cookie, Value: token, Path: "/", MaxAge: 30 * 24 * 3600,
		HttpOnly: true, Secure: d.Config.SecureCookies(), SameSite: http.SameSiteLaxMode})
	return nil
}

// EndSession deletes the session behind the cookie and the cookie itself.
func (d *Deps) EndSession(w http.ResponseWriter, r *http.Request, cookie string) {
	if c, err := r.Cookie(cookie); err == nil {
		_ = d.Accounts.EndSession(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: cookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: d.Config.SecureCookies(), SameSite: http.SameSiteLaxMode})
}

// SessionSubject returns the account or operator ID behind the cookie.
func (d *Deps) SessionSubject(r *http.Request, cookie, kind string) (int64, bool) {
	c, err := r.Cookie(cookie)
	if err != nil || c.Value == "" {
		return 0, false
	}
	id, err := d.Accounts.Session(r.Context(), kind, c.Value)
	if err != nil {
		return 0, false
	}
	return id, true
}

// CurrentAccount returns the logged-in site owner or staff member.
func (d *Deps) CurrentAccount(r *http.Request) (accounts.Account, bool) {
	id, ok := d.SessionSubject(r, AccountCookie, KindAccount)
	if !ok {
		return accounts.Account{}, false
	}
	a, err := d.Accounts.ByID(r.Context(), id)
	return a, err == nil
}
