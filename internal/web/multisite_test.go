package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

// A business name becomes the site's title as written, and its address is
// suggested from it when the person leaves the address empty.
func TestBusinessNameSuggestsTheAddress(t *testing.T) {
	h := apptest.New(t)
	for _, c := range []struct{ title, name string }{
		{"Rosie Bakes!", "rosie-bakes"},
		{"Rosie  Bakes", "rosie-bakes-2"}, // the first is taken now
		{"Pekárna U Nováků", "pekarna-u-novaku"},
	} {
		person := h.Browser()
		form := person.SignupForm("", strings.ReplaceAll(c.name, "-", "")+"@example.com")
		form.Set("title", c.title)
		res := person.Post(h.PlatformHost(), "/signup", form)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "http://"+h.SiteHost(c.name)+"/admin/sso") {
			t.Fatalf("%q: %d → %s\n%s", c.title, res.Status, res.Location, apptest.Excerpt(res.Body))
		}
		site, err := h.App.Sites.ByName(t.Context(), c.name)
		if err != nil || site.Title != strings.Join(strings.Fields(c.title), " ") {
			t.Fatalf("%q: site %+v, %v", c.title, site, err)
		}
	}
	// The live suggestion, as the page's script asks for it.
	res := h.Browser().Get(h.PlatformHost(), "/signup/check-name?title="+url.QueryEscape("Pekárna U Nováků"))
	var got struct {
		Name      string
		Available bool
	}
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil || got.Name != "pekarna-u-novaku-2" || !got.Available {
		t.Fatalf("suggestion %+v, %v", got, err)
	}
}

// Logged in, "Create another site" asks only for a design, a name, an
// address and the captcha; the new site is the same account's, and "My
// sites" lists both with the role and a button to open each.
func TestOneAccountManySites(t *testing.T) {
	h := apptest.New(t)
	person := h.Browser()
	person.SignUp("first-shop", "multi@example.com")
	// The signup logged the browser in on the platform host too.
	page := person.Get(h.PlatformHost(), "/signup").Body
	if !strings.Contains(page, "Create another site") || strings.Contains(page, `name="password"`) || strings.Contains(page, `name="terms"`) {
		t.Fatalf("the form for a logged-in person asks for a login again:\n%s", apptest.Excerpt(page))
	}
	accountsBefore := h.Count(`SELECT COUNT(*) FROM accounts`)
	id, digits, _ := h.SolveCaptcha(page)
	form := url.Values{"design": {"journal"}, "title": {"Second Shop"}, "name": {""}, "captcha_id": {id}, "captcha": {digits}}
	res := person.Post(h.PlatformHost(), "/signup", form)
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "http://"+h.SiteHost("second-shop")+"/admin/sso") {
		t.Fatalf("another site: %d → %s\n%s", res.Status, res.Location, apptest.Excerpt(res.Body))
	}
	if n := h.Count(`SELECT COUNT(*) FROM accounts`); n != accountsBefore {
		t.Fatalf("accounts %d → %d: another site made another account", accountsBefore, n)
	}
	second, _ := h.App.Sites.ByName(t.Context(), "second-shop")
	if second.Theme != "journal" || second.Title != "Second Shop" {
		t.Fatalf("second site %+v", second)
	}
	open := "/sites/" + strconv.FormatInt(second.ID, 10) + "/open"
	apptest.Expect(t, person.Get(h.PlatformHost(), "/sites"), http.StatusOK, "First Shop", "Second Shop", "Owner", open)
	if res := person.Post(h.PlatformHost(), open, url.Values{}); res.Status != http.StatusSeeOther ||
		!strings.HasPrefix(res.Location, "http://"+h.SiteHost("second-shop")+"/admin/sso?token=") {
		t.Fatalf("open the second site: %d %s", res.Status, res.Location)
	}
	// The captcha still applies to a logged-in person.
	page = person.Get(h.PlatformHost(), "/signup").Body
	id, _, _ = h.SolveCaptcha(page)
	form = url.Values{"design": {"journal"}, "title": {"Third"}, "captcha_id": {id}, "captcha": {"0000"}}
	apptest.Expect(t, person.Post(h.PlatformHost(), "/signup", form), http.StatusUnprocessableEntity, "The characters did not match.")
}

// A signed-out person whose e-mail has an account is told so only after a
// solved captcha, and is offered to log in and carry on with what they chose.
func TestExistingEmailLogsInAndContinues(t *testing.T) {
	h := apptest.New(t)
	h.Browser().SignUp("owned-site", "known@example.com")
	person := h.Browser()

	// With a wrong captcha the page does not say whether the e-mail is known.
	form := person.SignupForm("", "known@example.com")
	form.Set("title", "Known's Second")
	form.Set("design", "journal")
	form.Set("captcha", "0000")
	res := person.Post(h.PlatformHost(), "/signup", form)
	if strings.Contains(res.Body, "already exists") || strings.Contains(res.Body, "Log in and continue") {
		t.Fatal("an unsolved captcha learned that the e-mail has an account")
	}

	form = person.SignupForm("", "known@example.com")
	form.Set("title", "Known's Second")
	form.Set("design", "journal")
	res = person.Post(h.PlatformHost(), "/signup", form)
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Log in and continue")
	link := strings.ReplaceAll(between(res.Body, `<a class="button" href="`, `"`), "&amp;", "&")
	u, err := url.Parse(link)
	if err != nil || u.Path != "/login" || !strings.HasPrefix(u.Query().Get("next"), "/signup?") {
		t.Fatalf("continue link %q", link)
	}
	apptest.Expect(t, person.Get(h.PlatformHost(), link), http.StatusOK, `name="next"`, `value="known@example.com"`)
	res = person.Post(h.PlatformHost(), "/login", url.Values{"email": {"known@example.com"},
		"password": {apptest.Password}, "next": {u.Query().Get("next")}})
	if res.Status != http.StatusSeeOther || res.Location != u.Query().Get("next") {
		t.Fatalf("login: %d → %s", res.Status, res.Location)
	}
	apptest.Expect(t, person.Get(h.PlatformHost(), res.Location), http.StatusOK,
		"Create another site", `value="Known&#39;s Second"`, `value="journal" checked`)
	// A login never leads away from the platform.
	res = person.Post(h.PlatformHost(), "/login", url.Values{"email": {"known@example.com"},
		"password": {apptest.Password}, "next": {"//evil.example/"}})
	if res.Location != "/sites" {
		t.Fatalf("next to another host: %s", res.Location)
	}
}

// between returns the text after start up to end.
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}
