package domains

import (
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string // want "" means refused
	}{
		{"www.example.com", "www.example.com"},
		{"  WWW.Example.COM. ", "www.example.com"},
		{"https://shop.example.com/", "shop.example.com"},
		{"http://example.co.uk", "example.co.uk"},
		{"bäckerei-anna.de", "xn--bckerei-anna-gcb.de"},
		{"www.bücher.example", "www.xn--bcher-kva.example"},
		{"xn--bckerei-anna-gcb.de", "xn--bckerei-anna-gcb.de"},
		{"", ""},
		{"localhost", ""},
		{"example", ""},
		{"co.uk", ""},
		{"com", ""},
		{"example.com/shop", ""},
		{"example.com:8080", ""},
		{"user@example.com", ""},
		{"exa mple.com", ""},
		{"-bad.example.com", ""},
		{"bad-.example.com", ""},
		{"ex_ample.com", ""},
		{"a..b.com", ""},
		{"*.example.com", ""},
		{"192.168.1.1", ""},
		{"[::1]", ""},
		{"1.2.3.4.5", ""},
		{"shop.localhost", ""},
		{"localhost.", ""},
		{"deep.name.localhost", ""},
		{strings.Repeat("a", 64) + ".com", ""},
		{strings.Repeat("abcdefghi.", 26) + "com", ""},
		{strings.Repeat("x", 10000), ""},
		{strings.Repeat("ü", 300) + ".de", ""},
		{"ex\u202eample.com", ""},
		{"exa\x00mple.com", ""},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in, "localhost")
		if tt.want == "" {
			if err == nil {
				t.Errorf("Normalize(%.40q) = %q, want refusal", tt.in, got)
				continue
			}
			if fields, ok := fault.AsInvalid(err); !ok || fields["domain"] == "" {
				t.Errorf("Normalize(%.40q): error %v is not a message on the domain field", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := Normalize("shop.pagecart.example", "pagecart.example"); err == nil {
		t.Error("a name under the platform's base domain was accepted")
	}
	if _, err := Normalize("pagecart.example", "pagecart.example"); err == nil {
		t.Error("the platform's base domain was accepted")
	}
}

func TestIsApex(t *testing.T) {
	for host, want := range map[string]bool{"example.com": true, "example.co.uk": true, "www.example.com": false,
		"shop.example.co.uk": false} {
		if got := IsApex(host); got != want {
			t.Errorf("IsApex(%q) = %v", host, got)
		}
	}
}
