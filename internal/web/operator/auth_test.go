package operator_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/web/deps"
)

func TestPagesNeedAnOperator(t *testing.T) {
	a := newApp(t)
	s := a.site("bakery", "Bakery Anna")
	for _, path := range []string{"/operator", "/operator/maintenance", "/operator/outbox", "/operator/inbox",
		sitePath(s.ID, ""), "/operator/outbox/1", "/operator/nothing"} {
		res, _ := a.do("GET", path, nil, "")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/operator/login") {
			t.Errorf("GET %s: %d to %q, want 303 to the login", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	code, to, _ := a.post(sitePath(s.ID, "/suspend"), url.Values{"reason": {"spam"}, "confirm": {"yes"}}, "")
	if code != http.StatusSeeOther || to != "/operator/login" {
		t.Errorf("POST suspend without login: %d to %q", code, to)
	}
	if a.reload(s.ID).Suspended() {
		t.Error("a POST without login suspended the site")
	}
}

func TestLogin(t *testing.T) {
	a := newApp(t)
	if code, body := a.get("/operator/login", ""); code != http.StatusOK || !strings.Contains(body, `name="password"`) {
		t.Fatalf("login page: %d", code)
	}
	cases := []struct{ email, password, field string }{
		{"", "", "Enter your e-mail address."},
		{opEmail, "", "Enter your password."},
		{opEmail, "wrong password here", "The e-mail or password is not right."},
		{"nobody@example.com", opPassword, "The e-mail or password is not right."},
	}
	for _, c := range cases {
		res, body := a.do("POST", "/operator/login", url.Values{"email": {c.email}, "password": {c.password}}, "")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q/%q: status %d, want 422", c.email, c.password, res.StatusCode)
		}
		mustContain(t, body, c.field)
		if c.password != "" && strings.Contains(body, c.password) {
			t.Errorf("the password was sent back into the page")
		}
		for _, ck := range res.Cookies() {
			if ck.Name == deps.OperatorCookie && ck.Value != "" {
				t.Errorf("%q: a failed login set a session cookie", c.email)
			}
		}
	}

	// A good login goes back where the operator was heading, never elsewhere.
	res, _ := a.do("POST", "/operator/login", url.Values{"email": {"OPS@example.com"}, "password": {opPassword},
		"next": {"/operator/outbox"}}, "")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/operator/outbox" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = a.do("POST", "/operator/login", url.Values{"email": {opEmail}, "password": {opPassword},
		"next": {"//evil.example/operator"}}, "")
	if res.Header.Get("Location") != "/operator" {
		t.Errorf("next to another host: redirected to %q", res.Header.Get("Location"))
	}

	cookie := a.login()
	if code, body := a.get("/operator", cookie); code != http.StatusOK || !strings.Contains(body, "Log out") {
		t.Fatalf("sites after login: %d", code)
	}
	if code, _, _ := a.post("/operator/logout", url.Values{}, cookie); code != http.StatusSeeOther {
		t.Fatalf("logout: %d", code)
	}
	if res, _ := a.do("GET", "/operator", nil, cookie); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the cookie still works after logout: %d", res.StatusCode)
	}
}

func TestLoginThrottledAnswers429WithRetryAfter(t *testing.T) {
	a := newApp(t)
	for range 5 {
		res, _ := a.do("POST", "/operator/login", url.Values{"email": {opEmail}, "password": {"wrong guess here"}}, "")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong password: %d", res.StatusCode)
		}
	}
	res, body := a.do("POST", "/operator/login", url.Values{"email": {opEmail}, "password": {opPassword}}, "")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
		t.Fatalf("throttled login: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "Too many failed attempts. Try again in 1 second.") || !strings.Contains(body, `name="password"`) {
		t.Errorf("the login form with the message was not shown:\n%s", body)
	}
	for _, c := range res.Cookies() {
		if c.Name == deps.OperatorCookie && c.Value != "" {
			t.Error("a throttled login set a session cookie")
		}
	}
}

func TestOwnerSessionIsNotAnOperator(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	var acct accounts.Account
	cred, err := a.d.Accounts.NewCredential(ctx, "owner@example.com", "owner password long enough")
	if err != nil {
		t.Fatal(err)
	}
	err = a.d.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		acct, err = a.d.Accounts.CreateTx(ctx, tx, cred, "v1")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	token, err := a.d.Accounts.NewSession(ctx, deps.KindAccount, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The owner's own cookie, and the owner's token put in the operator cookie.
	for _, cookie := range []string{deps.AccountCookie + "=" + token, deps.OperatorCookie + "=" + token} {
		if res, _ := a.do("GET", "/operator", nil, cookie); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: status %d, want a redirect to the login", cookie[:10], res.StatusCode)
		}
	}
}
