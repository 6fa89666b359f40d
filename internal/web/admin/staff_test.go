package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/sites"
)

var inviteLink = regexp.MustCompile(`http://bakery\.localhost:8080(/admin/invite/[A-Za-z0-9_-]+)`)

// invite sends an invitation through the staff page and returns the path
// of the link in the e-mail.
func invite(t *testing.T, app *app, b *browser, site sites.Site, email, role string) string {
	t.Helper()
	res := b.post("/admin/staff/invite", url.Values{"email": {email}, "role": {role}})
	expect(t, b.follow(res), http.StatusOK, "We have sent an invitation to "+email, "Waiting for an answer")
	var subject, body string
	err := app.db.QueryRow(app.ctx, `SELECT subject, body_text FROM mail_messages
		WHERE site_id = ? AND to_addr = ? ORDER BY created_at DESC, id DESC LIMIT 1`, site.ID, email).Scan(&subject, &body)
	if err != nil {
		t.Fatalf("no invitation e-mail: %v", err)
	}
	if subject != "You are invited to help run "+site.Title {
		t.Fatalf("subject %q", subject)
	}
	m := inviteLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in %q", body)
	}
	return m[1]
}

func TestInvitationNewPerson(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	b := app.browser(site)
	b.login(owner.Email)

	res := b.post("/admin/staff/invite", url.Values{"email": {"not-an-address"}, "role": {"editor"}})
	expect(t, res, http.StatusUnprocessableEntity, "Enter a valid e-mail address", `value="not-an-address"`)
	res = b.post("/admin/staff/invite", url.Values{"email": {owner.Email}, "role": {"editor"}})
	expect(t, res, http.StatusUnprocessableEntity, "This person is already on your staff.")

	link := invite(t, app, b, site, "eddie@example.com", "editor")
	eddie := app.browser(site)
	expect(t, eddie.get(link), http.StatusOK, "Join Bakery", "as <b>Editor</b>", "Choose a password", "Terms &amp; Conditions")
	expect(t, eddie.post(link, url.Values{"password": {"short"}}), http.StatusUnprocessableEntity,
		"Use at least 10 characters.", "Please agree with the Terms &amp; Conditions to join.")
	res = eddie.post(link, url.Values{"password": {password}, "terms": {"on"}})
	expect(t, eddie.follow(res), http.StatusOK, "Welcome to the staff of Bakery!")

	acct, err := app.d.Accounts.ByEmail(app.ctx, "eddie@example.com")
	if err != nil {
		t.Fatal(err)
	}
	m, err := app.d.Accounts.Membership(app.ctx, site.ID, acct.ID)
	if err != nil || m.Role != accounts.RoleEditor {
		t.Fatalf("membership %+v, %v", m, err)
	}
	expect(t, app.browser(site).get(link), http.StatusNotFound, "This link is invalid or has expired.")
	expect(t, b.get("/admin/staff"), http.StatusOK, "eddie@example.com")
	expect(t, b.get("/admin"), http.StatusOK, `<li class="done"><span><a href="/admin/staff">`)
}

func TestInvitationExistingAccount(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	other, flora := app.newSite("florist", "flora@example.com")
	_ = other
	b := app.browser(site)
	b.login(owner.Email)
	link := invite(t, app, b, site, flora.Email, "manager")

	f := app.browser(site)
	expect(t, f.get(link), http.StatusOK, "You already have a Pagecart account")
	expect(t, f.post(link, url.Values{"password": {"wrong password 1"}}), http.StatusUnprocessableEntity, "The password is not right.")
	res := f.post(link, url.Values{"password": {password}})
	expect(t, f.follow(res), http.StatusOK, "Welcome to the staff of Bakery!", `href="/admin/settings"`)
	if m, err := app.d.Accounts.Membership(app.ctx, site.ID, flora.ID); err != nil || m.Role != accounts.RoleManager {
		t.Fatalf("membership %+v, %v", m, err)
	}
}

func TestStaffRolesRemovalAndRevoke(t *testing.T) {
	app := newApp(t)
	site, owner := app.newSite("bakery", "anna@example.com")
	eddie := app.staffMember(site, "eddie@example.com", accounts.RoleEditor)
	m, _ := app.d.Accounts.Membership(app.ctx, site.ID, eddie.ID)
	me, _ := app.d.Accounts.Membership(app.ctx, site.ID, owner.ID)
	b := app.browser(site)
	b.login(owner.Email)

	res := b.post(fmt.Sprintf("/admin/staff/%d/role", m.ID), url.Values{"role": {"manager"}})
	expect(t, b.follow(res), http.StatusOK, "Role changed to Manager.")
	res = b.post(fmt.Sprintf("/admin/staff/%d/role", me.ID), url.Values{"role": {"editor"}})
	expect(t, res, http.StatusUnprocessableEntity, "A site needs at least one owner.")
	res = b.post(fmt.Sprintf("/admin/staff/%d/remove", me.ID), url.Values{"confirmed": {"1"}})
	expect(t, res, http.StatusUnprocessableEntity, "You cannot remove yourself.")

	remove := fmt.Sprintf("/admin/staff/%d/remove", m.ID)
	expect(t, b.get(remove), http.StatusOK, "Remove eddie@example.com from your staff?")
	expect(t, b.post(remove, nil), http.StatusOK, "Remove eddie@example.com from your staff?")
	res = b.post(remove, url.Values{"confirmed": {"1"}})
	expect(t, b.follow(res), http.StatusOK, "eddie@example.com is no longer on your staff.")
	if _, err := app.d.Accounts.Membership(app.ctx, site.ID, eddie.ID); err == nil {
		t.Fatal("still a member")
	}

	link := invite(t, app, b, site, "late@example.com", "editor")
	invs, _ := app.d.Accounts.Invitations(app.ctx, site.ID)
	revoke := fmt.Sprintf("/admin/invitations/%d/revoke", invs[0].ID)
	expect(t, b.get(revoke), http.StatusOK, "Withdraw the invitation to late@example.com?")
	res = b.post(revoke, url.Values{"confirmed": {"1"}})
	page := b.follow(res)
	expect(t, page, http.StatusOK, "The invitation to late@example.com was withdrawn.")
	if strings.Contains(page.body, "Waiting for an answer") {
		t.Fatal("revoked invitation still listed")
	}
	expect(t, app.browser(site).get(link), http.StatusNotFound, "This link is invalid or has expired.")
}
