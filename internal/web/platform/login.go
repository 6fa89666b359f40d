package platform

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

func (p *Platform) loginForm(w http.ResponseWriter, r *http.Request) error {
	if _, ok := p.d.Sessions.Account(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	q := r.URL.Query()
	return p.render(w, r, http.StatusOK, "login.html", ui.Page{Title: "Log in",
		Form: &ui.Form{Values: url.Values{"email": {q.Get("email")}, "next": {safeNext(q.Get("next"))}}}})
}

// safeNext is where to go after logging in: a page of this host that a
// login leads on to ("My sites", or back to the signup form with what the
// person chose), never another site.
func safeNext(next string) string {
	if (next == "/sites" || strings.HasPrefix(next, "/signup?")) && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/sites"
}

func (p *Platform) login(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	acct, err := p.d.Accounts.Authenticate(r.Context(), form.Value("email"), form.Raw("password"), request.ClientIP(r))
	var throttled *fault.Throttled
	switch {
	case errors.As(err, &throttled):
		form.Set("password", throttled.Error())
		w.Header().Set("Retry-After", strconv.Itoa(throttled.RetryAfter()))
		return p.render(w, r, http.StatusTooManyRequests, "login.html", ui.Page{Title: "Log in", Form: form})
	case errors.Is(err, accounts.ErrInvalidCredentials):
		form.Set("password", err.Error())
	case err != nil:
		return err
	}
	if form.HasErrors() {
		return p.render(w, r, http.StatusUnprocessableEntity, "login.html", ui.Page{Title: "Log in", Form: form})
	}
	if err := p.d.Sessions.Start(w, r, session.AccountCookie, session.KindAccount, acct.ID); err != nil {
		return err
	}
	http.Redirect(w, r, safeNext(form.Value("next")), http.StatusSeeOther)
	return nil
}

func (p *Platform) logout(w http.ResponseWriter, r *http.Request) error {
	p.d.Sessions.End(w, r, session.AccountCookie)
	ui.SetFlash(w, r, "You are logged out.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// siteRow is one of the account's sites on "My sites".
type siteRow struct {
	Site     sites.Site
	Role     accounts.Role
	URL      string
	DaysLeft int
}

func (p *Platform) mySites(w http.ResponseWriter, r *http.Request) error {
	acct, ok := p.d.Sessions.Account(r)
	if !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	memberships, err := p.d.Accounts.Memberships(r.Context(), acct.ID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(memberships))
	roles := make(map[int64]accounts.Role, len(memberships))
	for i, m := range memberships {
		ids[i], roles[m.SiteID] = m.SiteID, m.Role
	}
	list, err := p.d.Sites.ByIDs(r.Context(), ids)
	if err != nil {
		return err
	}
	rows := make([]siteRow, 0, len(list))
	for _, s := range list {
		rows = append(rows, siteRow{Site: s, Role: roles[s.ID], URL: p.d.Config.SiteURL(s.Name),
			DaysLeft: s.TrialDaysLeft(time.Now().UTC())})
	}
	return p.render(w, r, http.StatusOK, "sites.html", ui.Page{Title: "My sites",
		Data: map[string]any{"Email": acct.Email, "Sites": rows}})
}

// openSite hands the platform login over to the site's own host, where the
// admin lives, with a one-time token.
func (p *Platform) openSite(w http.ResponseWriter, r *http.Request) error {
	acct, ok := p.d.Sessions.Account(r)
	if !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return fault.ErrNotFound
	}
	if _, err := p.d.Accounts.Membership(r.Context(), id, acct.ID); err != nil {
		return fault.ErrNotFound
	}
	site, err := p.d.Sites.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	token, err := p.d.Accounts.NewToken(r.Context(), acct.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		return err
	}
	http.Redirect(w, r, p.d.Config.SiteURL(site.Name)+"/admin/sso?token="+url.QueryEscape(token), http.StatusSeeOther)
	return nil
}
