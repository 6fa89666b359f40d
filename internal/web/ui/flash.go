package ui

import (
	"net/http"
	"net/url"
)

const flashCookie = "pc_flash"

// SetFlash leaves a one-line message for the next page this browser sees,
// the usual way to confirm a change after a redirect.
func SetFlash(w http.ResponseWriter, message string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(message), Path: "/",
		MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func readFlash(v string) string {
	s, err := url.QueryUnescape(v)
	if err != nil || len(s) > 300 {
		return ""
	}
	return s
}

func clearFlash(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
