package web

import (
	"net/http"

	"github.com/pagecart/pagecart/internal/config"
)

// redirectHost sends a request for another name of a site to its primary
// host, keeping path and query: 301 for GET and HEAD, 308 otherwise so that
// a client repeats a POST as a POST.
func redirectHost(w http.ResponseWriter, r *http.Request, host string, c config.Config) {
	u := *r.URL
	u.Scheme = c.PublicScheme
	u.Host = host
	if c.PublicPort != "" {
		u.Host += ":" + c.PublicPort
	}
	code := http.StatusMovedPermanently
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		code = http.StatusPermanentRedirect
	}
	http.Redirect(w, r, u.String(), code)
}
