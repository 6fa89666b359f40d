package accounts

import (
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	const bad = "Enter a valid e-mail address, like name@example.com."
	for _, tc := range []struct {
		raw, want, msg string
	}{
		{"anna@example.com", "anna@example.com", ""},
		{"  Anna.Baker@Example.COM \n", "anna.baker@example.com", ""},
		{"anna+shop@mail.example.co.uk", "anna+shop@mail.example.co.uk", ""},
		{"", "", bad},
		{"   ", "", bad},
		{"anna", "", bad},
		{"anna@", "", bad},
		{"@example.com", "", bad},
		{"anna@localhost", "", bad},
		{"anna@example.", "", bad},
		{"anna@.example.com", "", bad},
		{"anna@example..com", "", bad},
		{"Anna <anna@example.com>", "", bad},
		{"<anna@example.com>", "", bad},
		{"anna@example.com (Anna)", "", bad},
		{`"anna baker"@example.com`, "", bad},
		{"anna@exa mple.com", "", bad},
		{"anna@example.com, bob@example.com", "", bad},
		{"a\xffb@example.com", "", bad},
		{"anna@ex\xc3mple.com", "", bad},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".com", "", bad},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com", ""},
	} {
		got, msg := NormalizeEmail(tc.raw)
		if got != tc.want || msg != tc.msg {
			t.Errorf("NormalizeEmail(%q) = %q, %q; want %q, %q", tc.raw, got, msg, tc.want, tc.msg)
		}
	}
}
