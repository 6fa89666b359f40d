package request

import (
	"net/http"
	"net/url"
	"strings"
)

// SafeBack keeps a return address only if it is a path of this host (not
// another site's, and not the cookie-settings page, which would loop).
func SafeBack(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") ||
		strings.HasPrefix(p, "/consent") || len(p) > 2000 {
		return "/"
	}
	return p
}

// BackFromReferer returns to the page a form was on, such as the cookie
// bar's: a cached page
// carries no return address of its own, and the browser names the page in
// Referer for a form sent to the same site.
func BackFromReferer(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "/"
	}
	return SafeBack(u.RequestURI())
}
