package platform

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/web/ui"
)

func nowUTC() time.Time { return time.Now().UTC() }

func (p *Platform) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return p.render(w, r, http.StatusOK, "forgot.html", ui.Page{Title: "Reset your password", Form: &ui.Form{}})
}

// forgot queues a reset link when the account exists and says the same
// thing either way, so the page does not reveal who has an account.
func (p *Platform) forgot(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	email, problem := accounts.NormalizeEmail(form.Value("email"))
	if problem != "" {
		form.Set("email", problem)
		return p.render(w, r, http.StatusUnprocessableEntity, "forgot.html", ui.Page{Title: "Reset your password", Form: form})
	}
	acct, err := p.d.Accounts.ByEmail(r.Context(), email)
	if err == nil {
		err = p.d.DB.InTx(r.Context(), func(tx *sqldb.Tx) error {
			token, err := p.d.Accounts.NewTokenTx(r.Context(), tx, acct.ID, accounts.PurposeReset, 0)
			if err != nil {
				return err
			}
			link := p.d.Config.PlatformURL() + "/password/reset/" + token
			_, err = p.d.Mail.QueueTx(r.Context(), tx, p.d.Queue, mail.Message{To: acct.Email,
				Subject: "Reset your Pagecart password",
				Text: fmt.Sprintf("Hello,\n\nsomeone (hopefully you) asked to reset the password of your Pagecart account.\n\n"+
					"Choose a new password here (the link works once, for one hour):\n%s\n\n"+
					"If you did not ask for this, ignore this e-mail: your password stays as it is.\n", link)})
			return err
		})
		if err != nil {
			return err
		}
	} else if !errors.Is(err, accounts.ErrNotFound) {
		return err
	}
	return p.render(w, r, http.StatusOK, "forgot_sent.html", ui.Page{Title: "Check your e-mail", Data: email})
}

func (p *Platform) resetForm(w http.ResponseWriter, r *http.Request) error {
	return p.render(w, r, http.StatusOK, "reset.html", ui.Page{Title: "Choose a new password", Form: &ui.Form{},
		Data: r.PathValue("token")})
}

func (p *Platform) reset(w http.ResponseWriter, r *http.Request) error {
	form := ui.NewForm(r)
	token := r.PathValue("token")
	_, err := p.d.Accounts.ResetPassword(r.Context(), token, form.Raw("password"))
	switch {
	case errors.Is(err, accounts.ErrTokenInvalid):
		form.Set("password", err.Error())
	case form.Absorb(err):
	case err != nil:
		return err
	}
	if form.HasErrors() {
		return p.render(w, r, http.StatusUnprocessableEntity, "reset.html", ui.Page{Title: "Choose a new password", Form: form, Data: token})
	}
	ui.SetFlash(w, "Your password is changed. Log in with the new one.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
