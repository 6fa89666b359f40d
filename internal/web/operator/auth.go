package operator

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

type loginData struct {
	Next  string
	Error string
}

func (o *Operator) loginPage(w http.ResponseWriter, r *http.Request) error {
	if _, ok := o.operator(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return o.render(w, r, http.StatusOK, "login.html", "Operator login", nil, loginData{Next: r.URL.Query().Get("next")})
}

func (o *Operator) login(w http.ResponseWriter, r *http.Request) error {
	f := ui.NewForm(r)
	next := f.Value("next")
	if f.Value("email") == "" {
		f.Set("email", "Enter your e-mail address.")
	}
	if f.Raw("password") == "" {
		f.Set("password", "Enter your password.")
	}
	if !f.HasErrors() {
		op, err := o.d.Operators.Authenticate(r.Context(), f.Value("email"), f.Raw("password"), request.ClientIP(r))
		var throttled *fault.Throttled
		switch {
		case errors.As(err, &throttled):
			o.d.Logger.WarnContext(r.Context(), "operator login throttled", "email", f.Value("email"))
			f.Set("password", throttled.Error())
			f.Values.Del("password")
			w.Header().Set("Retry-After", strconv.Itoa(throttled.RetryAfter()))
			return o.render(w, r, http.StatusTooManyRequests, "login.html", "Operator login", f, loginData{Next: next})
		case errors.Is(err, operators.ErrInvalidCredentials):
			o.d.Logger.WarnContext(r.Context(), "operator login failed", "email", f.Value("email"))
			f.Set("password", err.Error())
		case err != nil:
			return err
		default:
			if err := o.d.Sessions.Start(w, r, session.OperatorCookie, session.KindOperator, op.ID); err != nil {
				return err
			}
			http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
			return nil
		}
	}
	f.Values.Del("password")
	return o.render(w, r, http.StatusUnprocessableEntity, "login.html", "Operator login", f, loginData{Next: next})
}

func (o *Operator) logout(w http.ResponseWriter, r *http.Request) error {
	o.d.Sessions.End(w, r, session.OperatorCookie)
	return done(w, r, "/operator/login", "You are logged out.")
}

// safeNext keeps the redirect after login inside the console.
func safeNext(next string) string {
	if next == "/operator" || (strings.HasPrefix(next, "/operator/") && !strings.ContainsAny(next, "\\\r\n")) {
		return next
	}
	return "/operator"
}
