package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

// The platform's contact form: a wrong captcha, a filled honeypot or a
// 10,000-character message are refused with the reason and what was typed,
// storing nothing; a right one lands in the operator console's inbox.
func TestPlatformContactFormReachesTheOperators(t *testing.T) {
	h := apptest.New(t)
	platform := h.PlatformHost()
	good := url.Values{"name": {"Anna Dvořák"}, "email": {"anna@example.com"}, "message": {"Can I pay yearly?"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vals := range good {
			f[key] = vals
		}
		f.Set(k, v)
		return f
	}
	var rows []apptest.Scenario
	for _, c := range []struct {
		name         string
		fields       url.Values
		rightCaptcha bool
		want         []string
	}{
		{"wrong captcha keeps the text", good, false, []string{"The characters did not match.", "Can I pay yearly?", `value="Anna Dvořák"`}},
		{"honeypot filled", with("website", "http://spam.example"), true, []string{"The characters did not match."}},
		{"10,000 characters", with("message", strings.Repeat("x", 10_000)), true, []string{"Keep it under 5,000 characters."}},
		{"no e-mail", with("email", ""), true, []string{"Can I pay yearly?"}},
	} {
		b := h.Browser()
		rows = append(rows, apptest.Scenario{Name: c.name, Method: http.MethodPost, Host: platform, Path: "/contact", As: b,
			Form: helpForm(t, h, b, "/contact", c.fields, c.rightCaptcha), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: c.want,
			After: func(t *testing.T, h *apptest.Harness) {
				if n := h.Count(`SELECT COUNT(*) FROM help_questions`); n != 0 {
					t.Fatalf("%d messages stored from a refused form", n)
				}
			}})
	}
	apptest.Run(t, h, rows)

	b := h.Browser()
	res := b.Post(platform, "/contact", helpForm(t, h, b, "/contact", good, true))
	if res.Status != http.StatusSeeOther || res.Location != "/contact" {
		t.Fatalf("sent: %d → %q", res.Status, res.Location)
	}
	apptest.Expect(t, b.Follow(platform, res), http.StatusOK, "Thank you! Your message is with our team")
	if n := h.Count(`SELECT COUNT(*) FROM help_questions WHERE email = 'anna@example.com' AND article_slug = ''`); n != 1 {
		t.Fatalf("%d messages stored, want 1", n)
	}
	// Every platform page links to it.
	apptest.Expect(t, h.Browser().Get(platform, "/"), http.StatusOK, `/contact">Contact us</a>`)
}
