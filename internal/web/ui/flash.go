package ui

import (
	"net/http"
	"net/url"

	"github.com/pagecart/pagecart/internal/web/request"
)

const flashCookie = "pc_flash"

// SetFlash leaves a one-line message for the next page this browser sees,
// the usual way to confirm a change after a redirect.
// Like every cookie of ours it is Secure under HTTPS.
func SetFlash(w http.ResponseWriter, r *http.Request, message string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(message), Path: "/",
		MaxAge: 60, HttpOnly: true, Secure: request.HTTPS(r.Context()), SameSite: http.SameSiteLaxMode})
}

func readFlash(v string) string {
	s, err := url.QueryUnescape(v)
	if err != nil || len(s) > 300 {
		return ""
	}
	return s
}

func clearFlash(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: request.HTTPS(r.Context()), SameSite: http.SameSiteLaxMode})
}
