package web_test

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

func TestSignupMakesSiteLive(t *testing.T) {
	h := apptest.New(t)
	anna := h.Browser()
	host := anna.SignUp("bakery-anna", "anna@example.com")

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "admin dashboard", Host: host, Path: "/admin?welcome=1", As: anna,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"Bakery Anna"}},
		{Name: "live site", Host: host, Path: "/",
			ExpectStatus: http.StatusOK, ExpectContains: []string{"<title>Bakery Anna", "/studio/style.css"}},
		// The platform host knows the owner too.
		{Name: "my sites", Host: h.PlatformHost(), Path: "/sites", As: anna,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"bakery-anna.localhost:8080"}},
	})
	// The welcome e-mail, queued in the signup's transaction, reaches the outbox.
	h.Eventually("the welcome mail", func() bool {
		return h.Count(`SELECT COUNT(*) FROM mail_messages WHERE to_addr = 'anna@example.com' AND status = 'kept' AND subject LIKE '%is live%'`) == 1
	})
	// The terms acceptance was recorded with its version.
	if n := h.Count(`SELECT COUNT(*) FROM accounts WHERE email = ? AND terms_version <> '' AND terms_accepted_at IS NOT NULL`, "anna@example.com"); n != 1 {
		t.Fatalf("terms acceptance not recorded")
	}
}

func TestSignupBadInput(t *testing.T) {
	h := apptest.New(t)
	h.Browser().SignUp("taken-name", "first@example.com")
	sitesBefore, accountsBefore := h.Count(`SELECT COUNT(*) FROM sites`), h.Count(`SELECT COUNT(*) FROM accounts`)

	// Each row is the input and the exact message the person sees; the
	// form is a valid one, made just before, with one field changed.
	person := h.Browser()
	row := func(name string, change func(f url.Values), message, kept string) apptest.Scenario {
		form := url.Values{}
		return apptest.Scenario{Name: name, Method: http.MethodPost, Host: h.PlatformHost(), Path: "/signup", As: person,
			Form: form,
			Before: func(*testing.T, *apptest.Harness) {
				maps.Copy(form, person.SignupForm("fresh-site", "ok@example.com"))
				change(form)
			},
			ExpectStatus: http.StatusUnprocessableEntity,
			// A typed value comes back in the form; the password never does.
			ExpectContains:    []string{message, `value="` + kept + `"`},
			ExpectNotContains: []string{apptest.Password}}
	}
	set := func(field, value string) func(url.Values) { return func(f url.Values) { f.Set(field, value) } }
	apptest.Run(t, h, []apptest.Scenario{
		row("no name at all", set("name", ""), "Give your business or site a name, as you would write it.", "ok@example.com"),
		row("title too long", set("title", strings.Repeat("é", 101)), "Use at most 100 characters.", "ok@example.com"),
		row("title not text", set("title", "Caf\xe9"), "not valid text", "ok@example.com"),
		row("too long", set("name", strings.Repeat("a", 64)), "Use at most 63 characters.", "ok@example.com"),
		row("too short", set("name", "ab"), "Use at least 3 characters.", "ok@example.com"),
		row("reserved", set("name", "admin"), "This name is reserved. Try another.", "ok@example.com"),
		row("taken", set("name", "Taken-Name"), "This name is already taken. Try another.", "ok@example.com"),
		row("malformed", set("name", "bad_name!"), "Use only letters a–z, digits and hyphens.", "ok@example.com"),
		row("hyphen", set("name", "-abc"), "The name cannot start or end with a hyphen.", "ok@example.com"),
		row("bad email", set("email", "anna@"), "Enter a valid e-mail address, like name@example.com.", "fresh-site"),
		row("email used", set("email", "FIRST@example.com"), "An account with this e-mail already exists. Log in to add this site to it.", "fresh-site"),
		row("short password", set("password", "short"), "Use at least 10 characters.", "fresh-site"),
		row("common password", set("password", "1234567890"), "This password is too common. Choose another.", "fresh-site"),
		row("terms", func(f url.Values) { f.Del("terms") }, "Please agree with the Terms &amp; Conditions to create your site.", "fresh-site"),
		row("wrong captcha", set("captcha", "000000x"), "The characters did not match.", "fresh-site"),
		row("honeypot", set("website", "http://spam.example"), "The characters did not match.", "fresh-site"),
		row("unknown design", set("design", "nope"), "Choose one of the designs.", "fresh-site"),
	})
	if s, a := h.Count(`SELECT COUNT(*) FROM sites`), h.Count(`SELECT COUNT(*) FROM accounts`); s != sitesBefore || a != accountsBefore {
		t.Fatalf("bad input created rows: sites %d→%d, accounts %d→%d", sitesBefore, s, accountsBefore, a)
	}
	// A solved captcha cannot be used twice.
	form := person.SignupForm("reuse-one", "reuse@example.com")
	if res := person.Post(h.PlatformHost(), "/signup", form); res.Status != http.StatusSeeOther {
		t.Fatalf("first use: %d", res.Status)
	}
	form.Set("name", "reuse-two")
	form.Set("email", "reuse2@example.com")
	apptest.Expect(t, h.Browser().Post(h.PlatformHost(), "/signup", form), http.StatusUnprocessableEntity,
		"The characters did not match.")
	if n := h.Count(`SELECT COUNT(*) FROM sites WHERE name = 'reuse-two'`); n != 0 {
		t.Fatal("a reused captcha created a site")
	}
}

func TestNameCheck(t *testing.T) {
	h := apptest.New(t)
	h.Browser().SignUp("anna", "anna@example.com")
	var rows []apptest.Scenario
	for name, want := range map[string]string{
		"anna":   `"available":false`,
		"ANNA":   `"available":false`,
		"www":    `"available":false`,
		"bertha": `"available":true`,
	} {
		rows = append(rows, apptest.Scenario{Name: name, Host: h.PlatformHost(), Path: "/signup/check-name?name=" + name,
			ExpectStatus: http.StatusOK, ExpectContains: []string{want}})
	}
	apptest.Run(t, h, rows)
}
