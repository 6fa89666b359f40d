package operator_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

// An operator issues a partner token (shown once), sees it listed by its
// prefix, and revokes it; a site owner cannot reach the page.
func TestPartnerTokens(t *testing.T) {
	h := newPlatform(t)
	host := h.PlatformHost()
	op := h.LoginOperator(opEmail)
	apptest.Expect(t, op.Get(host, "/operator/partners"), http.StatusOK, "No partner tokens yet", "X-Partner-Token")
	apptest.Expect(t, op.Post(host, "/operator/partners", url.Values{"name": {""}}), http.StatusUnprocessableEntity, "Name the partner")
	res := op.Post(host, "/operator/partners", url.Values{"name": {"Acme marketplace"}})
	apptest.Expect(t, res, http.StatusCreated, "Give this token to Acme marketplace now")
	secret := regexp.MustCompile(`pcp_[A-Za-z0-9_-]{43}`).FindString(res.Body)
	if secret == "" {
		t.Fatal("no secret shown")
	}
	list := op.Get(host, "/operator/partners")
	apptest.Expect(t, list, http.StatusOK, "Acme marketplace", secret[:12]+"…", "never used")
	if strings.Contains(list.Body, secret) {
		t.Fatal("the secret is shown again")
	}
	p, err := h.App.APITokens.AuthenticatePartner(t.Context(), secret)
	if err != nil {
		t.Fatal(err)
	}
	res = op.Post(host, "/operator/partners/"+strconv.FormatInt(p.ID, 10)+"/revoke", url.Values{})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.Status)
	}
	if _, err := h.App.APITokens.AuthenticatePartner(t.Context(), secret); err == nil {
		t.Fatal("a revoked partner token still works")
	}
}
