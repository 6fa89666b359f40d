package web_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestSignupMakesSiteLive(t *testing.T) {
	app := newTestApp(t)
	host := app.signup("bakery-anna", "anna@example.com")

	res := app.get(host, "/admin?welcome=1")
	body := readBody(t, res)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Bakery Anna") {
		t.Fatalf("admin dashboard: %d", res.StatusCode)
	}
	res = app.get(host, "/")
	body = readBody(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("live site: %d", res.StatusCode)
	}
	for _, want := range []string{"<title>Bakery Anna", "/assets/theme/studio/style.css"} {
		if !strings.Contains(body, want) {
			t.Errorf("live site lacks %q", want)
		}
	}
	// The platform host knows the owner too.
	res = app.get("localhost:8080", "/sites")
	if body := readBody(t, res); res.StatusCode != http.StatusOK || !strings.Contains(body, "bakery-anna.localhost:8080") {
		t.Fatalf("my sites: %d", res.StatusCode)
	}
	// The welcome e-mail, queued in the signup's transaction, reaches the outbox.
	eventually(t, "the welcome mail", func() bool {
		return app.count(`SELECT COUNT(*) FROM mail_messages WHERE to_addr = 'anna@example.com' AND status = 'kept' AND subject LIKE '%is live%'`) == 1
	})
	// The terms acceptance was recorded with its version.
	if n := app.count(`SELECT COUNT(*) FROM accounts WHERE email = ? AND terms_version <> '' AND terms_accepted_at IS NOT NULL`, "anna@example.com"); n != 1 {
		t.Fatalf("terms acceptance not recorded")
	}
}

func TestSignupBadInput(t *testing.T) {
	app := newTestApp(t)
	app.signup("taken-name", "first@example.com")
	sitesBefore, accountsBefore := app.count(`SELECT COUNT(*) FROM sites`), app.count(`SELECT COUNT(*) FROM accounts`)

	tests := []struct {
		name    string
		change  func(f map[string][]string)
		message string
		kept    string // a typed value that must come back in the form
	}{
		{"no name at all", func(f map[string][]string) { f["name"] = []string{""} }, "Give your business or site a name, as you would write it.", "ok@example.com"},
		{"title too long", func(f map[string][]string) { f["title"] = []string{strings.Repeat("é", 101)} }, "Use at most 100 characters.", "ok@example.com"},
		{"title not text", func(f map[string][]string) { f["title"] = []string{"Caf\xe9"} }, "not valid text", "ok@example.com"},
		{"too long", func(f map[string][]string) { f["name"] = []string{strings.Repeat("a", 64)} }, "Use at most 63 characters.", "ok@example.com"},
		{"too short", func(f map[string][]string) { f["name"] = []string{"ab"} }, "Use at least 3 characters.", "ok@example.com"},
		{"reserved", func(f map[string][]string) { f["name"] = []string{"admin"} }, "This name is reserved. Try another.", "ok@example.com"},
		{"taken", func(f map[string][]string) { f["name"] = []string{"Taken-Name"} }, "This name is already taken. Try another.", "ok@example.com"},
		{"malformed", func(f map[string][]string) { f["name"] = []string{"bad_name!"} }, "Use only letters a–z, digits and hyphens.", "ok@example.com"},
		{"hyphen", func(f map[string][]string) { f["name"] = []string{"-abc"} }, "The name cannot start or end with a hyphen.", "ok@example.com"},
		{"bad email", func(f map[string][]string) { f["email"] = []string{"anna@"} }, "Enter a valid e-mail address, like name@example.com.", "fresh-site"},
		{"email used", func(f map[string][]string) { f["email"] = []string{"FIRST@example.com"} }, "An account with this e-mail already exists. Log in to add this site to it.", "fresh-site"},
		{"short password", func(f map[string][]string) { f["password"] = []string{"short"} }, "Use at least 10 characters.", "fresh-site"},
		{"common password", func(f map[string][]string) { f["password"] = []string{"1234567890"} }, "This password is too common. Choose another.", "fresh-site"},
		{"terms", func(f map[string][]string) { delete(f, "terms") }, "Please agree with the Terms &amp; Conditions to create your site.", "fresh-site"},
		{"wrong captcha", func(f map[string][]string) { f["captcha"] = []string{"000000x"} }, "The characters did not match.", "fresh-site"},
		{"honeypot", func(f map[string][]string) { f["website"] = []string{"http://spam.example"} }, "The characters did not match.", "fresh-site"},
		{"unknown design", func(f map[string][]string) { f["design"] = []string{"nope"} }, "Choose one of the designs.", "fresh-site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := app.signupForm("fresh-site", "ok@example.com")
			tt.change(form)
			res := app.post("localhost:8080", "/signup", form)
			body := readBody(t, res)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if !strings.Contains(body, tt.message) {
				t.Errorf("page lacks %q", tt.message)
			}
			if !strings.Contains(body, `value="`+tt.kept+`"`) {
				t.Errorf("typed value %q not kept", tt.kept)
			}
			if strings.Contains(body, "quiet-harbor-lantern-42") {
				t.Error("the password was sent back into the page")
			}
		})
	}
	if s, a := app.count(`SELECT COUNT(*) FROM sites`), app.count(`SELECT COUNT(*) FROM accounts`); s != sitesBefore || a != accountsBefore {
		t.Fatalf("bad input created rows: sites %d→%d, accounts %d→%d", sitesBefore, s, accountsBefore, a)
	}
	// A solved captcha cannot be used twice.
	form := app.signupForm("reuse-one", "reuse@example.com")
	if res := app.post("localhost:8080", "/signup", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use: %d", res.StatusCode)
	}
	form.Set("name", "reuse-two")
	form.Set("email", "reuse2@example.com")
	if res := app.post("localhost:8080", "/signup", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("captcha reused: %d", res.StatusCode)
	}
}

func TestNameCheck(t *testing.T) {
	app := newTestApp(t)
	app.signup("anna", "anna@example.com")
	tests := map[string]string{
		"anna":   `"available":false`,
		"ANNA":   `"available":false`,
		"www":    `"available":false`,
		"bertha": `"available":true`,
	}
	for name, want := range tests {
		res := app.get("localhost:8080", "/signup/check-name?name="+name)
		if body := readBody(t, res); !strings.Contains(body, want) {
			t.Errorf("check %q = %s", name, body)
		}
	}
}
