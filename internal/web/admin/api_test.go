package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
)

var secretPattern = regexp.MustCompile(`pct_[A-Za-z0-9_-]{43}`)

// An owner creates a token: its secret is on the answer to the form and
// nowhere after; the list shows its prefix; revoking asks first and stops
// the token at once.
func TestAPITokensPage(t *testing.T) {
	h := apptest.New(t)
	site, owner := h.NewSite("tokens", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)

	apptest.Expect(t, b.Get(host, "/admin/api"), http.StatusOK, "No tokens yet", "Read products", "Limited profile")
	bad := b.Post(host, "/admin/api/tokens", url.Values{"name": {""}, "allowed_ips": {"10.0.0.0/99"}})
	apptest.Expect(t, bad, http.StatusUnprocessableEntity, "Give the token a name", "Choose at least one scope", "is not an IP address")

	res := b.Post(host, "/admin/api/tokens", url.Values{"name": {"Accounting"}, "scope": {"read_products", "write_products"},
		"expires": {"2099-01-31"}, "daily_cap": {"5000"}, "limited": {"1"}})
	apptest.Expect(t, res, http.StatusCreated, "Copy your new token now", "only time it is shown")
	secret := secretPattern.FindString(res.Body)
	if secret == "" {
		t.Fatal("no secret on the page")
	}
	list := b.Get(host, "/admin/api")
	apptest.Expect(t, list, http.StatusOK, "Accounting", secret[:12]+"…", "read_products, write_products", "expires 31 Jan 2099",
		"at most 5000 points a day", "Limited")
	if strings.Contains(list.Body, secret) {
		t.Fatal("the list shows the secret again")
	}

	call := func() int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/api/graphql", strings.NewReader(`{"query":"{ products { totalCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+secret)
		return h.Browser().Send(req).Status
	}
	if got := call(); got != http.StatusOK {
		t.Fatalf("the new token: %d", got)
	}
	toks, _ := h.App.APITokens.List(t.Context(), site.ID)
	id := strconv.FormatInt(toks[0].ID, 10)
	apptest.Expect(t, b.Get(host, "/admin/api/tokens/"+id+"/revoke"), http.StatusOK, "Revoke the token Accounting?")
	apptest.Expect(t, b.Post(host, "/admin/api/tokens/"+id+"/revoke", url.Values{}), http.StatusOK, "Revoke the token Accounting?")
	if got := call(); got != http.StatusOK {
		t.Fatalf("revoked without confirmation: %d", got)
	}
	res = b.Post(host, "/admin/api/tokens/"+id+"/revoke", url.Values{"confirmed": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	if got := call(); got != http.StatusUnauthorized {
		t.Fatalf("a revoked token: %d, want 401 at once", got)
	}
	apptest.Expect(t, b.Get(host, "/admin/api/docs"), http.StatusOK, "productCreate", "write_products", "partner token", "Try it")

	// An editor may not manage tokens; another site's owner cannot touch them.
	h.StaffMember(site, "eddie@example.com", accounts.RoleEditor)
	apptest.Expect(t, h.Login(host, "eddie@example.com").Get(host, "/admin/api"), http.StatusForbidden)
	other, otherOwner := h.NewSite("other", "olga@example.com")
	ob := h.Login(h.SiteHost(other.Name), otherOwner.Email)
	ob.ReplayCookies(h.SiteHost(other.Name), host)
	for _, path := range []string{"/admin/api", "/admin/api/tokens/" + id + "/revoke"} {
		if res := ob.Get(host, path); res.Status == http.StatusOK {
			t.Errorf("another site's owner got %s of this site", path)
		}
	}
	if res := ob.Get(h.SiteHost(other.Name), "/admin/api/tokens/"+id+"/revoke"); res.Status != http.StatusNotFound {
		t.Errorf("another site's admin found this site's token: %d", res.Status)
	}
}
