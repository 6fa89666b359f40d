package accounts

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// msgEmailInvalid is shown under an e-mail field that cannot be an address.
const msgEmailInvalid = "Enter a valid e-mail address, like name@example.com."

// maxEmailLen is the longest address SMTP can carry (RFC 5321 with its errata).
const maxEmailLen = 254

// NormalizeEmail trims and lowercases raw and checks that it is a plain
// address: net/mail must parse it back to exactly itself (so no display
// names, comments or angle brackets), and the domain must have a dot, since
// a mail for an intranet host would never arrive. It returns the address,
// or "" and the sentence to show.
//
// Addresses are lowercased as a whole: in practice no provider treats the
// local part as case-sensitive, and one account per person matters more.
func NormalizeEmail(raw string) (string, string) {
	// Lowercasing would turn invalid bytes into U+FFFD and make another
	// address of them; refuse them instead.
	if !utf8.ValidString(raw) {
		return "", msgEmailInvalid
	}
	email := strings.ToLower(strings.TrimSpace(raw))
	if email == "" || len(email) > maxEmailLen {
		return "", msgEmailInvalid
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email {
		return "", msgEmailInvalid
	}
	at := strings.LastIndexByte(email, '@')
	domain := email[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", msgEmailInvalid
	}
	return email, ""
}
