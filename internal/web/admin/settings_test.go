package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func settingsForm(change func(url.Values)) url.Values {
	f := url.Values{"title": {"Anna's Bakery"}, "contact_email": {"hello@anna.example"}, "public_email": {"shop@anna.example"},
		"time_zone": {"Europe/Prague"}, "language": {"cs"}, "currency": {"CZK"}}
	if change != nil {
		change(f)
	}
	return f
}

func TestSettingsValidation(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)
	b.login(owner.Email)
	before := app.site(site.ID)

	cases := []struct {
		name, field, value, message string
	}{
		{"empty title", "title", "  ", "Give your site a name visitors will see."},
		{"long title", "title", strings.Repeat("x", 101), "Use at most 100 characters."},
		{"bad e-mail", "contact_email", "anna@", "Enter a valid e-mail address, like name@example.com."},
		{"unknown time zone", "time_zone", "Mars/Olympus", "Choose a time zone from the list."},
		{"Local time zone", "time_zone", "Local", "Choose a time zone from the list."},
		{"unknown language", "language", "xx", "Choose a language from the list."},
		{"unknown currency", "currency", "BTC", "Choose a currency from the list."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := settingsForm(func(f url.Values) { f.Set(c.field, c.value) })
			res := b.post("/admin/settings", form)
			expect(t, res, http.StatusUnprocessableEntity, c.message, "One field needs your attention.")
			if c.field != "title" {
				// What was typed stays in the form.
				expect(t, res, http.StatusUnprocessableEntity, `value="Anna&#39;s Bakery"`)
			}
			if got := app.site(site.ID); got != before {
				t.Fatalf("a refused form changed the site: %+v", got)
			}
		})
	}

	res := b.post("/admin/settings", settingsForm(nil))
	expect(t, b.follow(res), http.StatusOK, "Settings saved.", `value="Anna&#39;s Bakery"`,
		`<option selected>Europe/Prague</option>`, `<option value="CZK" selected>`)
	got := app.site(site.ID)
	if got.Title != "Anna's Bakery" || got.ContactEmail != "hello@anna.example" || got.TimeZone != "Europe/Prague" ||
		got.Language != "cs" || got.Currency != "CZK" {
		t.Fatalf("stored settings: %+v", got)
	}
	expect(t, b.get("/admin"), http.StatusOK, `<li class="done"><span><a href="/admin/settings#public_email">`)
}
