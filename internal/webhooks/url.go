package webhooks

import (
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxURL bounds a subscription's address.
const maxURL = 2000

// checkURL returns what is wrong with a webhook address, or "". Names are
// not resolved here (they may point elsewhere by the time a delivery goes);
// the dialer checks every address it connects to. An address that is
// plainly inside the platform's network is refused at once, so the person
// learns it now rather than from a failed delivery.
func checkURL(raw string, allowPrivate bool) string {
	switch {
	case raw == "":
		return "Enter the address that should receive the events, such as https://example.com/webhooks."
	case len(raw) > maxURL:
		return "Use an address of at most 2,000 characters."
	case !utf8.ValidString(raw) || strings.ContainsAny(raw, " \t\r\n\x00"):
		return "Enter an address without spaces, such as https://example.com/webhooks."
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return "Enter a full address starting with https:// or http://, such as https://example.com/webhooks."
	}
	if u.User != nil {
		return "Leave the user name and password out of the address: check the Pagecart-Signature header instead."
	}
	if u.Fragment != "" {
		return "Leave out the part after #: it is never sent to the server."
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "Enter a full address starting with https:// or http://, such as https://example.com/webhooks."
	}
	if allowPrivate {
		return ""
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".internal") {
		return "This address is inside a private network, which webhooks cannot reach. Use a public address."
	}
	if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
		return "This address is inside a private network, which webhooks cannot reach. Use a public address."
	}
	return ""
}
