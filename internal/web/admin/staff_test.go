package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/sites"
)

var inviteLink = regexp.MustCompile(`http://bakery\.localhost:8080(/admin/invite/[A-Za-z0-9_-]+)`)

// invite sends an invitation through the staff page and returns the path
// of the link in the e-mail.
func invite(t *testing.T, h *apptest.Harness, b *apptest.Browser, site sites.Site, email, role string) string {
	t.Helper()
	host := h.SiteHost(site.Name)
	res := b.Post(host, "/admin/staff/invite", url.Values{"email": {email}, "role": {role}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "We have sent an invitation to "+email, "Waiting for an answer")
	var subject, body string
	err := h.App.DB.QueryRow(context.Background(), `SELECT subject, body_text FROM mail_messages
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
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)

	res := b.Post(host, "/admin/staff/invite", url.Values{"email": {"not-an-address"}, "role": {"editor"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Enter a valid e-mail address", `value="not-an-address"`)
	res = b.Post(host, "/admin/staff/invite", url.Values{"email": {owner.Email}, "role": {"editor"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "This person is already on your staff.")

	link := invite(t, h, b, site, "eddie@example.com", "editor")
	eddie := h.Browser()
	apptest.Expect(t, eddie.Get(host, link), http.StatusOK, "Join Bakery", "as <b>Editor</b>", "Choose a password", "Terms &amp; Conditions")
	apptest.Expect(t, eddie.Post(host, link, url.Values{"password": {"short"}}), http.StatusUnprocessableEntity,
		"Use at least 10 characters.", "Please agree with the Terms &amp; Conditions to join.")
	res = eddie.Post(host, link, url.Values{"password": {apptest.Password}, "terms": {"on"}})
	apptest.Expect(t, eddie.Follow(host, res), http.StatusOK, "Welcome to the staff of Bakery!")

	acct, err := h.App.Accounts.ByEmail(ctx, "eddie@example.com")
	if err != nil {
		t.Fatal(err)
	}
	m, err := h.App.Accounts.Membership(ctx, site.ID, acct.ID)
	if err != nil || m.Role != accounts.RoleEditor {
		t.Fatalf("membership %+v, %v", m, err)
	}
	apptest.Expect(t, h.Browser().Get(host, link), http.StatusNotFound, "This link is invalid or has expired.")
	apptest.Expect(t, b.Get(host, "/admin/staff"), http.StatusOK, "eddie@example.com")
	apptest.Expect(t, b.Get(host, "/admin"), http.StatusOK, `<li class="done"><span><a href="/admin/staff">`)
}

func TestInvitationExistingAccount(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	other, flora := h.NewSite("florist", "flora@example.com")
	_ = other
	b := h.Login(host, owner.Email)
	link := invite(t, h, b, site, flora.Email, "manager")

	f := h.Browser()
	apptest.Expect(t, f.Get(host, link), http.StatusOK, "You already have a Pagecart account")
	apptest.Expect(t, f.Post(host, link, url.Values{"password": {"wrong password 1"}}), http.StatusUnprocessableEntity, "The password is not right.")
	res := f.Post(host, link, url.Values{"password": {apptest.Password}})
	apptest.Expect(t, f.Follow(host, res), http.StatusOK, "Welcome to the staff of Bakery!", `href="/admin/settings"`)
	if m, err := h.App.Accounts.Membership(ctx, site.ID, flora.ID); err != nil || m.Role != accounts.RoleManager {
		t.Fatalf("membership %+v, %v", m, err)
	}
}

func TestStaffRolesRemovalAndRevoke(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	eddie := h.StaffMember(site, "eddie@example.com", accounts.RoleEditor)
	m, _ := h.App.Accounts.Membership(ctx, site.ID, eddie.ID)
	me, _ := h.App.Accounts.Membership(ctx, site.ID, owner.ID)
	b := h.Login(host, owner.Email)

	res := b.Post(host, fmt.Sprintf("/admin/staff/%d/role", m.ID), url.Values{"role": {"manager"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Role changed to Manager.")
	res = b.Post(host, fmt.Sprintf("/admin/staff/%d/role", me.ID), url.Values{"role": {"editor"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "A site needs at least one owner.")
	res = b.Post(host, fmt.Sprintf("/admin/staff/%d/remove", me.ID), url.Values{"confirmed": {"1"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "You cannot remove yourself.")

	remove := fmt.Sprintf("/admin/staff/%d/remove", m.ID)
	apptest.Expect(t, b.Get(host, remove), http.StatusOK, "Remove eddie@example.com from your staff?")
	apptest.Expect(t, b.Post(host, remove, nil), http.StatusOK, "Remove eddie@example.com from your staff?")
	res = b.Post(host, remove, url.Values{"confirmed": {"1"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "eddie@example.com is no longer on your staff.")
	if _, err := h.App.Accounts.Membership(ctx, site.ID, eddie.ID); err == nil {
		t.Fatal("still a member")
	}

	link := invite(t, h, b, site, "late@example.com", "editor")
	invs, _ := h.App.Accounts.Invitations(ctx, site.ID)
	revoke := fmt.Sprintf("/admin/invitations/%d/revoke", invs[0].ID)
	apptest.Expect(t, b.Get(host, revoke), http.StatusOK, "Withdraw the invitation to late@example.com?")
	res = b.Post(host, revoke, url.Values{"confirmed": {"1"}})
	page := b.Follow(host, res)
	apptest.Expect(t, page, http.StatusOK, "The invitation to late@example.com was withdrawn.")
	if strings.Contains(page.Body, "Waiting for an answer") {
		t.Fatal("revoked invitation still listed")
	}
	apptest.Expect(t, h.Browser().Get(host, link), http.StatusNotFound, "This link is invalid or has expired.")
}
