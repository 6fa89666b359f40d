package operator

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// webLink finds the http(s) links in a plain-text e-mail.
var webLink = regexp.MustCompile(`https?://[^\s<>"']+`)

// linkify escapes a plain-text message and makes its web links
// clickable, so that a reset link in the outbox can be followed at once.
func linkify(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range webLink.FindAllStringIndex(text, -1) {
		start, end := m[0], m[1]
		// A sentence's closing punctuation is not part of the link.
		end = start + len(strings.TrimRight(text[start:end], ".,;:!?)]"))
		b.WriteString(html.EscapeString(text[last:start]))
		u := html.EscapeString(text[start:end])
		b.WriteString(`<a href="` + u + `" rel="noopener noreferrer">` + u + `</a>`)
		last = end
	}
	b.WriteString(html.EscapeString(text[last:]))
	return template.HTML(b.String()) //nolint:gosec // every piece is escaped above
}

// nbsp keeps short phrases (dates, "15 days left") on one line.
func nbsp(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

// lines splits a person's message into its lines, to show them as typed
// without a monospace block.
func lines(s string) []string {
	return strings.Split(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"), "\n")
}
