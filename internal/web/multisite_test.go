package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A business name becomes the site's title as written, and its address is
// suggested from it when the person leaves the address empty.
func TestBusinessNameSuggestsTheAddress(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	for _, c := range []struct{ title, name string }{
		{"Rosie Bakes!", "rosie-bakes"},
		{"Rosie  Bakes", "rosie-bakes-2"}, // the first is taken now
		{"Pekárna U Nováků", "pekarna-u-novaku"},
	} {
		form := app.signupForm("", strings.ReplaceAll(c.name, "-", "")+"@example.com")
		form.Set("title", c.title)
		res := app.post("localhost:8080", "/signup", form)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "http://"+c.name+".localhost:8080/admin/sso") {
			t.Fatalf("%q: %d → %s\n%s", c.title, res.StatusCode, res.Header.Get("Location"), readBody(t, res))
		}
		site, err := app.app.Sites.ByName(ctx, c.name)
		if err != nil || site.Title != strings.Join(strings.Fields(c.title), " ") {
			t.Fatalf("%q: site %+v, %v", c.title, site, err)
		}
	}
	// The live suggestion, as the page's script asks for it.
	res := app.get("localhost:8080", "/signup/check-name?title="+url.QueryEscape("Pekárna U Nováků"))
	var got struct {
		Name      string
		Available bool
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || got.Name != "pekarna-u-novaku-2" || !got.Available {
		t.Fatalf("suggestion %+v, %v", got, err)
	}
}

// Logged in, "Create another site" asks only for a design, a name, an
// address and the captcha; the new site is the same account's, and "My
// sites" lists both with the role and a button to open each.
func TestOneAccountManySites(t *testing.T) {
	app := newTestApp(t)
	app.signup("first-shop", "multi@example.com")
	// The signup logged the browser in on the platform host too.
	page := readBody(t, app.get("localhost:8080", "/signup"))
	if !strings.Contains(page, "Create another site") || strings.Contains(page, `name="password"`) || strings.Contains(page, `name="terms"`) {
		t.Fatalf("the form for a logged-in person asks for a login again:\n%s", page)
	}
	accountsBefore := app.count(`SELECT COUNT(*) FROM accounts`)
	digits, id := app.captcha(page)
	form := url.Values{"design": {"journal"}, "title": {"Second Shop"}, "name": {""}, "captcha_id": {id}, "captcha": {digits}}
	res := app.post("localhost:8080", "/signup", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "http://second-shop.localhost:8080/admin/sso") {
		t.Fatalf("another site: %d → %s\n%s", res.StatusCode, res.Header.Get("Location"), readBody(t, res))
	}
	if n := app.count(`SELECT COUNT(*) FROM accounts`); n != accountsBefore {
		t.Fatalf("accounts %d → %d: another site made another account", accountsBefore, n)
	}
	second, _ := app.app.Sites.ByName(context.Background(), "second-shop")
	if second.Theme != "journal" || second.Title != "Second Shop" {
		t.Fatalf("second site %+v", second)
	}
	sites := readBody(t, app.get("localhost:8080", "/sites"))
	for _, want := range []string{"First Shop", "Second Shop", "Owner", "/sites/" + itoa(second.ID) + "/open"} {
		if !strings.Contains(sites, want) {
			t.Errorf("My sites lacks %q", want)
		}
	}
	if res := app.post("localhost:8080", "/sites/"+itoa(second.ID)+"/open", url.Values{}); res.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), "http://second-shop.localhost:8080/admin/sso?token=") {
		t.Fatalf("open the second site: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The captcha still applies to a logged-in person.
	page = readBody(t, app.get("localhost:8080", "/signup"))
	_, id = app.captcha(page)
	form = url.Values{"design": {"journal"}, "title": {"Third"}, "captcha_id": {id}, "captcha": {"0000"}}
	if res := app.post("localhost:8080", "/signup", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong captcha while logged in: %d", res.StatusCode)
	}
}

// A signed-out person whose e-mail has an account is told so only after a
// solved captcha, and is offered to log in and carry on with what they chose.
func TestExistingEmailLogsInAndContinues(t *testing.T) {
	app := newTestApp(t)
	app.signup("owned-site", "known@example.com")

	// With a wrong captcha the page does not say whether the e-mail is known.
	form := app.signupForm("", "known@example.com")
	form.Set("title", "Known's Second")
	form.Set("design", "journal")
	form.Set("captcha", "0000")
	body := readBody(t, app.post("localhost:8080", "/signup", form))
	if strings.Contains(body, "already exists") || strings.Contains(body, "Log in and continue") {
		t.Fatal("an unsolved captcha learned that the e-mail has an account")
	}

	form = app.signupForm("", "known@example.com")
	form.Set("title", "Known's Second")
	form.Set("design", "journal")
	res := app.post("localhost:8080", "/signup", form)
	body = readBody(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Log in and continue") {
		t.Fatalf("known e-mail: %d\n%s", res.StatusCode, body)
	}
	link := between(body, `<a class="button" href="`, `"`)
	link = strings.ReplaceAll(link, "&amp;", "&")
	u, err := url.Parse(link)
	if err != nil || u.Path != "/login" || !strings.HasPrefix(u.Query().Get("next"), "/signup?") {
		t.Fatalf("continue link %q", link)
	}
	login := readBody(t, app.get("localhost:8080", link))
	if !strings.Contains(login, `name="next"`) || !strings.Contains(login, `value="known@example.com"`) {
		t.Fatalf("login page does not carry on:\n%s", login)
	}
	res = app.post("localhost:8080", "/login", url.Values{"email": {"known@example.com"},
		"password": {"quiet-harbor-lantern-42"}, "next": {u.Query().Get("next")}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != u.Query().Get("next") {
		t.Fatalf("login: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	again := readBody(t, app.get("localhost:8080", res.Header.Get("Location")))
	if !strings.Contains(again, "Create another site") || !strings.Contains(again, `value="Known&#39;s Second"`) ||
		!strings.Contains(again, `value="journal" checked`) {
		t.Fatalf("the form lost what was chosen:\n%s", again)
	}
	// A login never leads away from the platform.
	res = app.post("localhost:8080", "/login", url.Values{"email": {"known@example.com"},
		"password": {"quiet-harbor-lantern-42"}, "next": {"//evil.example/"}})
	if res.Header.Get("Location") != "/sites" {
		t.Fatalf("next to another host: %s", res.Header.Get("Location"))
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

// captcha reads the captcha of a page and its answer.
func (a *testApp) captcha(page string) (digits, id string) {
	a.t.Helper()
	m := captchaIDRe.FindStringSubmatch(page)
	if m == nil {
		a.t.Fatal("no captcha on the page")
	}
	digits, err := a.app.Captcha.DigitsForTest(context.Background(), m[1])
	if err != nil {
		a.t.Fatal(err)
	}
	return digits, m[1]
}
