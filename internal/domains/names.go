package domains

import (
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/pagecart/pagecart/internal/fault"
)

// maxInput bounds what Normalize reads at all: a host name is at most 253
// characters, and a Unicode name a few times that before conversion.
const maxInput = 1024

// profile converts internationalised names to their ASCII (punycode) form
// with the rules browsers use for lookups, refusing what cannot be a
// registrable host name.
var profile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.ValidateLabels(true),
	idna.StrictDomainName(true), idna.VerifyDNSLength(true), idna.Transitional(false))

// Normalize turns what an owner typed into the host name the platform
// stores and routes: lowercase ASCII, punycode for international names,
// without scheme, port, path or trailing dot. It refuses, as a
// fault.Invalid on the field "domain", anything that is not a host name
// someone can own: IP addresses, single labels, public suffixes such as
// "co.uk", and the platform's own base domain and every name under it.
func Normalize(input, base string) (string, error) {
	field := func(msg string) error { return fault.Invalidf("domain", msg) }
	s := strings.TrimSpace(input)
	if s == "" {
		return "", field("Type the domain, for example www.example.com.")
	}
	if len(s) > maxInput {
		return "", field("That is far too long for a domain name: a domain has at most 253 characters.")
	}
	if v := (&fault.Invalid{}); !v.CheckText("domain", s) {
		return "", v
	}
	// People paste addresses from the browser's bar: accept the scheme and
	// a lone trailing slash, nothing else of a URL.
	lower := strings.ToLower(s)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(lower, scheme) {
			s = s[len(scheme):]
			break
		}
	}
	s = strings.TrimSuffix(s, "/")
	if strings.ContainsAny(s, "/?#@: \t\r\n\\") {
		return "", field("Type only the domain, such as www.example.com, without a path, port or spaces.")
	}
	s = strings.TrimSuffix(s, ".")
	if _, err := netip.ParseAddr(s); err == nil {
		return "", field("Type a domain name, not an IP address.")
	}
	if strings.HasPrefix(s, "*.") || s == "*" {
		return "", field("Add each domain by its name; wildcards are not supported.")
	}
	host, err := profile.ToASCII(s)
	if err != nil || host == "" {
		return "", field("That is not a valid domain name. Use letters, digits and hyphens, with dots between the parts, like www.example.com.")
	}
	host = strings.ToLower(host)
	if host == base || strings.HasSuffix(host, "."+base) {
		return "", field("That address belongs to Pagecart itself; your site already has it. Add a domain you own.")
	}
	if !strings.Contains(host, ".") {
		return "", field("Type the whole domain including its ending, such as example.com.")
	}
	labels := strings.Split(host, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return "", field("That is not a valid domain name. Each part between dots has 1 to 63 letters, digits or hyphens, and does not start or end with a hyphen.")
		}
	}
	if len(host) > 253 {
		return "", field("A domain name has at most 253 characters.")
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return "", field("That is not a valid domain name: it ends in a number.")
	}
	if _, err := publicsuffix.EffectiveTLDPlusOne(host); err != nil {
		return "", field("That is a domain ending that many people share, not a domain someone can own. Add the full domain, such as example.com.")
	}
	return host, nil
}

// IsApex reports whether host is a registrable domain itself (example.com,
// example.co.uk) rather than a name under one (www.example.com): under the
// DNS rules an apex cannot have a CNAME record.
func IsApex(host string) bool {
	etld1, err := publicsuffix.EffectiveTLDPlusOne(host)
	return err == nil && etld1 == host
}

// Display is host as people read it: the Unicode form of an international
// (punycode) name, and host itself otherwise.
func Display(host string) string {
	u, err := idna.ToUnicode(host)
	if err != nil {
		return host
	}
	return u
}
