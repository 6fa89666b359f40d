package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
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
	h := apptest.New(t)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	before := h.Site(site.ID)

	unchanged := func(t *testing.T, h *apptest.Harness) {
		if got := h.Site(site.ID); got != before {
			t.Fatalf("a refused form changed the site: %+v", got)
		}
	}
	var rows []apptest.Scenario
	for _, c := range []struct {
		name, field, value, message string
	}{
		{"empty title", "title", "  ", "Give your site a name visitors will see."},
		{"long title", "title", strings.Repeat("x", 101), "Use at most 100 characters."},
		{"bad e-mail", "contact_email", "anna@", "Enter a valid e-mail address, like name@example.com."},
		{"unknown time zone", "time_zone", "Mars/Olympus", "Choose a time zone from the list."},
		{"Local time zone", "time_zone", "Local", "Choose a time zone from the list."},
		{"unknown language", "language", "xx", "Choose a language from the list."},
		{"unknown currency", "currency", "BTC", "Choose a currency from the list."},
	} {
		want := []string{c.message, "One field needs your attention."}
		if c.field != "title" {
			// What was typed stays in the form.
			want = append(want, `value="Anna&#39;s Bakery"`)
		}
		rows = append(rows, apptest.Scenario{Name: c.name, Method: http.MethodPost, Host: host, Path: "/admin/settings", As: b,
			Form:         settingsForm(func(f url.Values) { f.Set(c.field, c.value) }),
			ExpectStatus: http.StatusUnprocessableEntity, ExpectContains: want, After: unchanged})
	}
	apptest.Run(t, h, rows)

	res := b.Post(host, "/admin/settings", settingsForm(nil))
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Settings saved.", `value="Anna&#39;s Bakery"`,
		`<option selected>Europe/Prague</option>`, `<option value="CZK" selected>`)
	got := h.Site(site.ID)
	if got.Title != "Anna's Bakery" || got.ContactEmail != "hello@anna.example" || got.TimeZone != "Europe/Prague" ||
		got.Language != "cs" || got.Currency != "CZK" {
		t.Fatalf("stored settings: %+v", got)
	}
	apptest.Expect(t, b.Get(host, "/admin"), http.StatusOK, `<li class="done"><span><a href="/admin/settings#public_email">`)
	// The storefront shows the new title on the very next request.
	apptest.Expect(t, h.Browser().Get(host, "/"), http.StatusOK, "<title>Anna&#39;s Bakery")
}
