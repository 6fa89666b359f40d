package storefront_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// formSite is a site with a contact form "contact" placed on its page
// /write, and the owner's logged-in browser.
func formSite(t *testing.T, h *apptest.Harness, name string) (host string, owner *apptest.Browser, f forms.Form, siteID int64) {
	t.Helper()
	site, _ := h.NewSite(name, name+"@example.com")
	host = h.SiteHost(site.Name)
	owner = h.Login(host, name+"@example.com")
	res := owner.Post(host, "/admin/forms", url.Values{"title": {"Contact us"}, "slug": {"contact"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create form: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	f, err := h.App.Forms.BySlug(t.Context(), site.ID, "contact")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Pages.Create(t.Context(), site.ID, plans.MustGet(plans.Business), pages.Input{Slug: "write", Title: "Write to us",
		Body: "<p>We read everything.</p><p>[form contact]</p>"}); err != nil {
		t.Fatal(err)
	}
	return host, owner, f, site.ID
}

// ready solves the captcha in page as a person would, some seconds after
// the form appeared (the captcha is made to look older), and returns the
// form's fields filled in.
func ready(t *testing.T, h *apptest.Harness, page string, fill url.Values) url.Values {
	t.Helper()
	id, digits, ok := h.SolveCaptcha(page)
	if !ok {
		t.Fatalf("no captcha in\n%s", apptest.Excerpt(page))
	}
	if _, err := h.App.DB.Exec(t.Context(), `UPDATE captchas SET expires_at = expires_at - 10000 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	v := url.Values{"captcha_id": {id}, "captcha": {digits}, "consent": {"1"}}
	for k, vs := range fill {
		v[k] = vs
	}
	return v
}

var anna = url.Values{"f_name": {"Anna"}, "f_email": {"Anna@Example.com"}, "f_message": {"Do you bake rye on Sundays?"}}

// A page shows its form where its text says [form contact], with a
// captcha of its own for every visitor (so it is not cached).
func TestFormOnAPage(t *testing.T) {
	h := apptest.New(t)
	host, _, f, _ := formSite(t, h, "form-page")
	first := h.Browser().Get(host, "/write")
	apptest.Expect(t, first, http.StatusOK, "We read everything.", `class="contact-form"`, `name="f_message"`,
		fmt.Sprintf("/forms/%d/captcha/", f.ID), `name="website"`, "as the <a href=\"/privacy\">privacy declaration</a> explains", "/forms.css\"")
	if strings.Contains(first.Body, "[form contact]") {
		t.Error("the placeholder is still in the page")
	}
	second := h.Browser().Get(host, "/write")
	id1, _, _ := h.SolveCaptcha(first.Body)
	id2, _, _ := h.SolveCaptcha(second.Body)
	if id1 == id2 {
		t.Fatal("two visitors got the same captcha: the page was cached")
	}
	img := h.Browser().Get(host, fmt.Sprintf("/forms/%d/captcha/%s.png", f.ID, id1))
	if img.Status != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("captcha picture: %d %s", img.Status, img.Header.Get("Content-Type"))
	}
	if wav := h.Browser().Get(host, fmt.Sprintf("/forms/%d/captcha/%s.wav", f.ID, id1)); wav.Status != http.StatusOK {
		t.Fatalf("captcha audio: %d", wav.Status)
	}
	// The privacy declaration says what the form does with what is sent.
	apptest.Expect(t, h.Browser().Get(host, "/privacy"), http.StatusOK, "When you write to us", "(“Contact us”)")
}

// A wrong captcha shows why and keeps what was typed, nothing is stored;
// with the right one the message lands in the inbox and in the outbox to
// the site's contact address, in one go.
func TestFormSendsToInboxAndOutbox(t *testing.T) {
	h := apptest.New(t)
	host, owner, f, siteID := formSite(t, h, "form-send")
	b := h.Browser()
	page := b.Get(host, "/write")
	v := ready(t, h, page.Body, anna)
	v.Set("captcha", "000000x")
	v.Set("back", "/write")
	res := b.Post(host, fmt.Sprintf("/forms/%d", f.ID), v)
	apptest.Expect(t, res, http.StatusUnprocessableEntity, forms.MsgCaptcha, "Do you bake rye on Sundays?", `value="Anna"`)
	if n := h.Count(`SELECT COUNT(*) FROM form_submissions WHERE site_id = ?`, siteID); n != 0 {
		t.Fatalf("a refused message was stored (%d)", n)
	}
	v = ready(t, h, res.Body, anna)
	v.Set("back", "/write")
	res = b.Post(host, fmt.Sprintf("/forms/%d", f.ID), v)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("send: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Thank you, your message has been sent.", `href="/write"`)
	if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE site_id = ? AND to_addr = ? AND body_text LIKE ?`,
		siteID, "form-send@example.com", "%Do you bake rye on Sundays?%"); n != 1 {
		t.Fatalf("%d notifications to the site", n)
	}
	inbox := owner.Get(host, "/admin/inbox")
	apptest.Expect(t, inbox, http.StatusOK, "anna@example.com", "New", "Do you bake rye on Sundays?")
	msgs, _, _ := h.App.Forms.Inbox(t.Context(), siteID, forms.InboxQuery{})
	if len(msgs) != 1 {
		t.Fatalf("inbox has %d", len(msgs))
	}
	msg := owner.Get(host, fmt.Sprintf("/admin/inbox/%d", msgs[0].ID))
	apptest.Expect(t, msg, http.StatusOK, "Your name", "Anna", "Reply by e-mail")
	if m, _ := h.App.Forms.Message(t.Context(), siteID, msgs[0].ID); m.Status != forms.Read {
		t.Fatalf("opening left it %s", m.Status)
	}
	apptest.Expect(t, owner.Get(host, "/admin/inbox?q=rye+sundays"), http.StatusOK, "Do you bake rye on Sundays?")
	apptest.Expect(t, owner.Get(host, "/admin/inbox?q=wheat"), http.StatusOK, "No message matches “wheat”")
	owner.Post(host, fmt.Sprintf("/admin/inbox/%d/status", msgs[0].ID), url.Values{"status": {"spam"}})
	if inbox := owner.Get(host, "/admin/inbox"); strings.Contains(inbox.Body, "Do you bake rye") {
		t.Fatal("spam stays in the inbox")
	}
	apptest.Expect(t, owner.Get(host, "/admin/inbox?status=spam"), http.StatusOK, "Do you bake rye on Sundays?", "Spam")
	csv := owner.Get(host, "/admin/inbox.csv")
	apptest.Expect(t, csv, http.StatusOK, "time_utc,form,status,email,message", "anna@example.com", "Message: Do you bake rye on Sundays?")
	// Deleting asks first.
	ask := owner.Post(host, fmt.Sprintf("/admin/inbox/%d/delete", msgs[0].ID), url.Values{})
	apptest.Expect(t, ask, http.StatusOK, "Delete this message?", `name="confirmed" value="1"`)
	owner.Post(host, fmt.Sprintf("/admin/inbox/%d/delete", msgs[0].ID), url.Values{"confirmed": {"1"}})
	if n := h.Count(`SELECT COUNT(*) FROM form_submissions WHERE site_id = ?`, siteID); n != 0 {
		t.Fatalf("%d messages after delete", n)
	}
}

// The automatic reply goes to the sender's address with the message.
func TestFormAutoReply(t *testing.T) {
	h := apptest.New(t)
	host, owner, f, siteID := formSite(t, h, "form-reply")
	res := owner.Post(host, fmt.Sprintf("/admin/forms/%d", f.ID), url.Values{"title": {"Contact us"}, "slug": {"contact"},
		"thanks": {"Thanks!"}, "auto_reply": {"We got your message."}, "rows": {"3"},
		"key_0": {"name"}, "label_0": {"Your name"}, "kind_0": {"text"}, "required_0": {"1"}, "position_0": {"1"},
		"key_1": {"email"}, "label_1": {"Your e-mail"}, "kind_1": {"email"}, "required_1": {"1"}, "position_1": {"2"},
		"key_2": {"message"}, "label_2": {"Message"}, "kind_2": {"textarea"}, "position_2": {"3"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	b := h.Browser()
	page := b.Get(host, fmt.Sprintf("/forms/%d", f.ID))
	if res := b.Post(host, fmt.Sprintf("/forms/%d", f.ID), ready(t, h, page.Body, anna)); res.Status != http.StatusSeeOther {
		t.Fatalf("send: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE site_id = ? AND to_addr = ? AND body_text LIKE ?`,
		siteID, "anna@example.com", "We got your message.%"); n != 1 {
		t.Fatalf("%d automatic replies", n)
	}
}

// The builder: fields are added, ordered, required, removed; a choice
// needs options; the visitor's form follows.
func TestFormBuilder(t *testing.T) {
	h := apptest.New(t)
	host, owner, f, siteID := formSite(t, h, "form-build")
	path := fmt.Sprintf("/admin/forms/%d", f.ID)
	base := url.Values{"title": {"Order a cake"}, "slug": {"cake"}, "rows": {"4"},
		"key_0": {"name"}, "label_0": {"Your name"}, "kind_0": {"text"}, "required_0": {"1"}, "position_0": {"2"},
		"key_1": {"email"}, "label_1": {"Your e-mail"}, "kind_1": {"email"}, "position_1": {"1"},
		"key_2": {"message"}, "label_2": {"Message"}, "kind_2": {"textarea"}, "remove_2": {"1"}, "position_2": {"3"},
		"label_3": {"Size"}, "kind_3": {"choice"}, "options_3": {"Small\nLarge"}, "required_3": {"1"}, "position_3": {"4"}}
	res := owner.Post(host, path, base)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	got, _ := h.App.Forms.Form(t.Context(), siteID, f.ID)
	var labels []string
	for _, fl := range got.Fields {
		labels = append(labels, fl.Label)
	}
	if strings.Join(labels, "|") != "Your e-mail|Your name|Size" || got.Slug != "cake" || got.Fields[2].Options[1] != "Large" {
		t.Fatalf("fields %v, %+v", labels, got)
	}
	page := h.Browser().Get(host, path[len("/admin"):])
	apptest.Expect(t, page, http.StatusOK, "<option>Small</option>", "Order a cake")
	if regexp.MustCompile(`name="f_message"`).MatchString(page.Body) {
		t.Fatal("a removed field is still on the form")
	}
	bad := url.Values{}
	for k, v := range base {
		bad[k] = v
	}
	bad.Set("options_3", "Only one")
	res = owner.Post(host, path, bad)
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Give the choice “Size” between 2 and 30 options, one per line.")
}

// Bad input is refused with a sentence each, keeps what was typed, and
// stores nothing: fields of 10,000 characters, missing required fields,
// the honeypot, a message sent at once, no consent, a post from another
// site, too many messages from one address.
func TestFormBadInput(t *testing.T) {
	h := apptest.New(t)
	host, _, f, siteID := formSite(t, h, "form-bad")
	path := fmt.Sprintf("/forms/%d", f.ID)
	long := strings.Repeat("x", 10_000)
	with := func(change func(v url.Values)) func() url.Values {
		return func() url.Values {
			page := h.Browser().Get(host, path)
			v := ready(t, h, page.Body, anna)
			change(v)
			return v
		}
	}
	for _, c := range []struct {
		name   string
		form   func() url.Values
		status int
		want   []string
	}{
		{"10,000 characters", with(func(v url.Values) { v.Set("f_message", long) }), http.StatusUnprocessableEntity,
			[]string{"Keep “Message” under 5000 characters (it has 10000)."}},
		{"long name", with(func(v url.Values) { v.Set("f_name", long) }), http.StatusUnprocessableEntity,
			[]string{"Keep “Your name” under 200 characters (it has 10000)."}},
		{"missing required", with(func(v url.Values) { v.Del("f_name"); v.Set("f_email", " ") }), http.StatusUnprocessableEntity,
			[]string{"Please fill in “Your name”.", "Please fill in “Your e-mail”.", "Do you bake rye on Sundays?"}},
		{"bad e-mail", with(func(v url.Values) { v.Set("f_email", "anna(at)example") }), http.StatusUnprocessableEntity,
			[]string{"Check the e-mail address in “Your e-mail”"}},
		{"honeypot", with(func(v url.Values) { v.Set("website", "http://spam.example") }), http.StatusUnprocessableEntity,
			[]string{forms.MsgHoneypot}},
		{"no consent", with(func(v url.Values) { v.Del("consent") }), http.StatusUnprocessableEntity, []string{forms.MsgConsent}},
		{"too fast", func() url.Values {
			page := h.Browser().Get(host, path)
			id, digits, _ := h.SolveCaptcha(page.Body)
			v := url.Values{"captcha_id": {id}, "captcha": {digits}, "consent": {"1"}}
			for k, vs := range anna {
				v[k] = vs
			}
			return v
		}, http.StatusUnprocessableEntity, []string{forms.MsgTooFast}},
		{"no captcha", with(func(v url.Values) { v.Del("captcha_id") }), http.StatusUnprocessableEntity, []string{forms.MsgCaptcha}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := h.Browser().Post(host, path, c.form())
			apptest.Expect(t, res, c.status, append(c.want, "Your message was not sent.")...)
		})
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "cross-origin", Method: http.MethodPost, Host: host, Path: path, Form: anna,
			Header: http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}, ExpectStatus: http.StatusForbidden},
		{Name: "no such form", Method: http.MethodPost, Host: host, Path: "/forms/123", Form: anna, ExpectStatus: http.StatusNotFound},
		{Name: "not a form", Host: host, Path: "/forms/abc", ExpectStatus: http.StatusNotFound},
		{Name: "no such captcha", Host: host, Path: fmt.Sprintf("/forms/%d/captcha/nothing.png", f.ID), ExpectStatus: http.StatusNotFound},
	})
	if n := h.Count(`SELECT COUNT(*) FROM form_submissions WHERE site_id = ?`, siteID); n != 0 {
		t.Fatalf("bad input stored %d messages", n)
	}
	if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE site_id = ?`, siteID); n != 0 {
		t.Fatalf("bad input sent %d e-mails", n)
	}

	// Five messages from one address in ten minutes; the sixth waits.
	for i := range forms.PerAddress {
		err := h.App.DB.InTx(t.Context(), func(tx *sqldb.Tx) error {
			hash, err := consent.IPHashTx(t.Context(), tx, siteID, "192.0.2.1")
			if err != nil {
				return err
			}
			_, err = tx.Exec(t.Context(), `INSERT INTO form_submissions (site_id, id, form_id, status, email, data, search, ip_hash, created_at)
				VALUES (?, ?, ?, 'unread', '', '[]', '', ?, ?)`, siteID, 1000+i, f.ID, hash, 1<<50)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	page := h.Browser().Get(host, path)
	res := h.Browser().Post(host, path, ready(t, h, page.Body, anna))
	apptest.Expect(t, res, http.StatusUnprocessableEntity, forms.MsgAddress, "Do you bake rye on Sundays?")
}

// One site's forms and messages are out of reach of another site's owner,
// and a form of one site cannot be sent on another's host.
func TestFormsAcrossSites(t *testing.T) {
	h := apptest.New(t)
	hostA, ownerA, _, _ := formSite(t, h, "forms-a")
	hostB, ownerB, fB, siteB := formSite(t, h, "forms-b")
	page := h.Browser().Get(hostB, fmt.Sprintf("/forms/%d", fB.ID))
	if res := h.Browser().Post(hostB, fmt.Sprintf("/forms/%d", fB.ID), ready(t, h, page.Body, anna)); res.Status != http.StatusSeeOther {
		t.Fatalf("send on B: %d", res.Status)
	}
	msgs, _, _ := h.App.Forms.Inbox(t.Context(), siteB, forms.InboxQuery{})
	_ = ownerB
	ownerA.ReplayCookies(hostA, hostB)
	const refused = "which is not on the staff of"
	var rows []apptest.Scenario
	for _, p := range []string{"/admin/forms", fmt.Sprintf("/admin/forms/%d", fB.ID), fmt.Sprintf("/admin/forms/%d/delete", fB.ID),
		"/admin/inbox", "/admin/inbox.csv", fmt.Sprintf("/admin/inbox/%d", msgs[0].ID), fmt.Sprintf("/admin/inbox/%d/delete", msgs[0].ID)} {
		rows = append(rows, apptest.Scenario{Name: "GET " + p, Host: hostB, Path: p, As: ownerA, ExpectStatus: http.StatusForbidden,
			ExpectContains: []string{refused}, ExpectNotContains: []string{"Do you bake rye"}})
	}
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{"/admin/forms", url.Values{"title": {"Planted"}, "slug": {"planted"}}},
		{fmt.Sprintf("/admin/forms/%d", fB.ID), url.Values{"title": {"Hacked"}, "slug": {"contact"}, "rows": {"1"}, "label_0": {"x"}, "kind_0": {"text"}}},
		{fmt.Sprintf("/admin/forms/%d/delete", fB.ID), url.Values{"confirmed": {"1"}}},
		{fmt.Sprintf("/admin/inbox/%d/status", msgs[0].ID), url.Values{"status": {"spam"}}},
		{fmt.Sprintf("/admin/inbox/%d/delete", msgs[0].ID), url.Values{"confirmed": {"1"}}},
	} {
		rows = append(rows, apptest.Scenario{Name: "POST " + p.path, Method: http.MethodPost, Host: hostB, Path: p.path, As: ownerA,
			Form: p.form, ExpectStatus: http.StatusForbidden, ExpectContains: []string{refused}})
	}
	// On A's own host, B's form and message IDs are nothing.
	realA := h.Login(hostA, "forms-a@example.com")
	for _, p := range []string{fmt.Sprintf("/forms/%d", fB.ID), fmt.Sprintf("/admin/forms/%d", fB.ID), fmt.Sprintf("/admin/inbox/%d", msgs[0].ID)} {
		rows = append(rows, apptest.Scenario{Name: "A's host " + p, Host: hostA, Path: p, As: realA, ExpectStatus: http.StatusNotFound})
	}
	rows = append(rows,
		apptest.Scenario{Name: "send B's form on A", Method: http.MethodPost, Host: hostA, Path: fmt.Sprintf("/forms/%d", fB.ID), Form: anna,
			ExpectStatus: http.StatusNotFound},
		apptest.Scenario{Name: "mark B's message from A", Method: http.MethodPost, Host: hostA, Path: fmt.Sprintf("/admin/inbox/%d/status", msgs[0].ID),
			As: realA, Form: url.Values{"status": {"spam"}}, ExpectStatus: http.StatusNotFound},
		apptest.Scenario{Name: "A's inbox", Host: hostA, Path: "/admin/inbox", As: realA, ExpectStatus: http.StatusOK,
			ExpectNotContains: []string{"Do you bake rye"}},
	)
	apptest.Run(t, h, rows)
	m, err := h.App.Forms.Message(t.Context(), siteB, msgs[0].ID)
	if err != nil || m.Status != forms.Unread {
		t.Fatalf("B's message: %+v, %v", m, err)
	}
	if f, _ := h.App.Forms.Form(t.Context(), siteB, fB.ID); f.Title != "Contact us" {
		t.Fatalf("B's form changed: %+v", f)
	}
}
