// Package session keeps the login cookies of the platform's areas: a site
// owner's or staff member's session (on the platform host and on each site's
// host, separately) and an operator's. The sessions themselves are rows in
// the database, so any node can serve any request.
package session

import (
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

// Manager starts, reads and ends sessions.
type Manager struct {
	accounts *accounts.Store
	secure   bool
}

// New returns a Manager whose cookies are Secure when secure is true (the
// platform is served over HTTPS).
func New(accts *accounts.Store, secure bool) *Manager {
	return &Manager{accounts: accts, secure: secure}
}

// Start creates a server-side session and sets its cookie: HttpOnly,
// SameSite=Lax, Secure under HTTPS. Any session the request's cookie held
// ends: a new token on every login, so that a cookie planted before cannot
// be promoted to a logged-in one.
func (m *Manager) Start(w http.ResponseWriter, r *http.Request, cookie, kind string, subjectID int64) error {
	if c, err := r.Cookie(cookie); err == nil && c.Value != "" {
		_ = m.accounts.EndSession(r.Context(), c.Value)
	}
	token, err := m.accounts.NewSession(r.Context(), kind, subjectID)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: cookie, Value: token, Path: "/", MaxAge: 30 * 24 * 3600,
		HttpOnly: true, Secure: m.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// End deletes the session behind the cookie and the cookie itself.
func (m *Manager) End(w http.ResponseWriter, r *http.Request, cookie string) {
	if c, err := r.Cookie(cookie); err == nil {
		_ = m.accounts.EndSession(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: cookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: m.secure, SameSite: http.SameSiteLaxMode})
}

// Subject returns the account or operator ID behind the cookie.
func (m *Manager) Subject(r *http.Request, cookie, kind string) (int64, bool) {
	c, err := r.Cookie(cookie)
	if err != nil || c.Value == "" {
		return 0, false
	}
	id, err := m.accounts.Session(r.Context(), kind, c.Value)
	if err != nil {
		return 0, false
	}
	return id, true
}

// Account returns the logged-in site owner or staff member.
func (m *Manager) Account(r *http.Request) (accounts.Account, bool) {
	id, ok := m.Subject(r, AccountCookie, KindAccount)
	if !ok {
		return accounts.Account{}, false
	}
	a, err := m.accounts.ByID(r.Context(), id)
	return a, err == nil
}
