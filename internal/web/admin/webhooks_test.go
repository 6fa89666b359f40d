package admin_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// hookReceiver is a real HTTP endpoint that records what it gets and
// answers with status.
type hookReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
	status int
}

func newHookReceiver(t *testing.T, status int) *hookReceiver {
	r := &hookReceiver{status: status}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, string(b))
		st := r.status
		r.mu.Unlock()
		w.WriteHeader(st)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *hookReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// fastHooks lets webhooks reach the test's receivers on 127.0.0.1 and
// retry within milliseconds.
func fastHooks(c *config.Config) {
	c.WebhooksAllowPrivate = true
	c.WebhookRetryFirst, c.WebhookRetryMax = 20*time.Millisecond, 50*time.Millisecond
}

var secretRE = regexp.MustCompile(`whsec_[A-Za-z0-9_-]{20,}`)

// The owner's story: add a webhook (its secret is shown once), a product
// is added and the delivery appears in the log with its answer, resend it,
// pause and resume, delete after a confirmation.
func TestWebhooksInTheAdmin(t *testing.T) {
	h := apptest.New(t, fastHooks)
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	rcv := newHookReceiver(t, http.StatusOK)

	apptest.Expect(t, b.Get(host, "/admin/webhooks"), http.StatusOK, "No webhooks yet", "orders/create — An order is placed", `href="/admin/webhooks"`)
	apptest.Expect(t, b.Post(host, "/admin/webhooks", url.Values{"topic": {"products/create"}, "url": {"example.com/hook"}}),
		http.StatusUnprocessableEntity, "Enter a full address starting with https://")
	apptest.Expect(t, b.Post(host, "/admin/webhooks", url.Values{"topic": {"nope"}, "url": {rcv.URL}}),
		http.StatusUnprocessableEntity, "Choose a topic from the list.")

	res := b.Post(host, "/admin/webhooks", url.Values{"topic": {"products/create"}, "url": {rcv.URL + "/in"}})
	apptest.Expect(t, res, http.StatusCreated, "copy its signing secret now", "It is shown only this once")
	secret := secretRE.FindString(res.Body)
	if secret == "" {
		t.Fatal("no secret on the page")
	}
	list := b.Get(host, "/admin/webhooks")
	apptest.Expect(t, list, http.StatusOK, rcv.URL+"/in", "Active")
	if strings.Contains(list.Body, secret) {
		t.Fatal("the list shows the secret again")
	}
	subs, err := h.App.Webhooks.List(t.Context(), site.ID)
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscriptions %+v, %v", subs, err)
	}
	page := fmt.Sprintf("/admin/webhooks/%d", subs[0].ID)
	detail := b.Get(host, page)
	apptest.Expect(t, detail, http.StatusOK, "Nothing sent yet", subs[0].SecretHint)
	if strings.Contains(detail.Body, secret) {
		t.Fatal("the webhook's page shows the secret again")
	}

	if _, err := h.App.Catalog.CreateProduct(t.Context(), site.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Rye loaf", Price: 450, Currency: "EUR", Status: catalog.StatusActive}); err != nil {
		t.Fatal(err)
	}
	h.Eventually("the product's event arrives", func() bool { return rcv.count() == 1 })
	h.Eventually("the log shows the delivery", func() bool {
		return strings.Contains(b.Get(host, page).Body, "Delivered")
	})
	log := b.Get(host, page)
	apptest.Expect(t, log, http.StatusOK, `<span class="badge ok">200</span>`, "1 attempt", "Rye loaf", "Resend")
	d, err := h.App.Webhooks.Deliveries(t.Context(), site.ID, subs[0].ID, 0, 0)
	if err != nil || len(d.Deliveries) != 1 {
		t.Fatal(d, err)
	}
	resend := fmt.Sprintf("%s/deliveries/%d/resend", page, d.Deliveries[0].ID)
	res = b.Post(host, resend, nil)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d", res.Status)
	}
	h.Eventually("the resend arrives", func() bool { return rcv.count() == 2 })

	if res := b.Post(host, page+"/pause", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("pause: %d", res.Status)
	}
	apptest.Expect(t, b.Get(host, page), http.StatusOK, "This webhook is paused", ">Resume<")
	apptest.Expect(t, b.Post(host, resend, nil), http.StatusUnprocessableEntity, "This webhook is paused. Resume it, then resend.")
	if res := b.Post(host, page+"/resume", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("resume: %d", res.Status)
	}
	apptest.Expect(t, b.Get(host, page), http.StatusOK, ">Pause<")

	apptest.Expect(t, b.Post(host, page, url.Values{"topic": {"products/update"}, "url": {"ftp://x"}}), http.StatusUnprocessableEntity,
		"Enter a full address")
	if res := b.Post(host, page, url.Values{"topic": {"products/update"}, "url": {rcv.URL + "/other"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("update: %d", res.Status)
	}
	apptest.Expect(t, b.Get(host, page), http.StatusOK, "products/update", rcv.URL+"/other")

	apptest.Expect(t, b.Get(host, page+"/delete"), http.StatusOK, "Delete this webhook?", "Keep it")
	apptest.Expect(t, b.Post(host, page+"/delete", nil), http.StatusOK, "Delete this webhook?")
	if res := b.Post(host, page+"/delete", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.Status)
	}
	apptest.Expect(t, b.Get(host, "/admin/webhooks"), http.StatusOK, "No webhooks yet")
	apptest.Expect(t, b.Get(host, page), http.StatusNotFound)

	// An editor may not manage webhooks: they can send the shop's data anywhere.
	h.StaffMember(site, "eddie@example.com", accounts.RoleEditor)
	editor := h.Login(host, "eddie@example.com")
	apptest.Expect(t, editor.Get(host, "/admin/webhooks"), http.StatusForbidden)
	if strings.Contains(editor.Get(host, "/admin").Body, `href="/admin/webhooks"`) {
		t.Error("an editor's menu links to webhooks")
	}
}

// Site A's owner can neither see nor change site B's webhooks: not with
// B's IDs on A's own host (404), nor with A's cookie on B's host (403).
func TestOwnerCannotReachAnotherSitesWebhooks(t *testing.T) {
	h := apptest.New(t, fastHooks)
	ctx := t.Context()
	siteA, ownerA := h.NewSite("shop-a", "a@example.com")
	siteB, _ := h.NewSite("shop-b", "b@example.com")
	hostA, hostB := h.SiteHost(siteA.Name), h.SiteHost(siteB.Name)
	rcv := newHookReceiver(t, http.StatusOK)
	sub, err := h.App.Webhooks.Create(ctx, siteB.ID, webhooks.Input{Topic: "products/create", URL: rcv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Catalog.CreateProduct(ctx, siteB.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Rye loaf", Price: 450, Currency: "EUR", Status: catalog.StatusActive}); err != nil {
		t.Fatal(err)
	}
	h.Eventually("B's delivery", func() bool { return rcv.count() == 1 })
	page, err := h.App.Webhooks.Deliveries(ctx, siteB.ID, sub.ID, 0, 0)
	if err != nil || len(page.Deliveries) != 1 {
		t.Fatal(page, err)
	}
	subPath := fmt.Sprintf("/admin/webhooks/%d", sub.ID)
	resend := fmt.Sprintf("%s/deliveries/%d/resend", subPath, page.Deliveries[0].ID)

	a := h.Login(hostA, ownerA.Email)
	a.ReplayCookies(hostA, hostB)
	const refused = "You are logged in as a@example.com, which is not on the staff of"
	var rows []apptest.Scenario
	for _, host := range []string{hostA, hostB} {
		status, contains := http.StatusNotFound, []string(nil)
		if host == hostB {
			status, contains = http.StatusForbidden, []string{refused}
		}
		for _, path := range []string{subPath, subPath + "/delete", subPath + "?before=" + fmt.Sprint(page.Deliveries[0].ID+1)} {
			rows = append(rows, apptest.Scenario{Name: "GET " + host + path, Host: host, Path: path, As: a,
				ExpectStatus: status, ExpectContains: contains, ExpectNotContains: []string{rcv.URL, "Rye loaf"}})
		}
		for _, post := range []struct {
			path string
			form url.Values
		}{
			{subPath, url.Values{"topic": {"products/create"}, "url": {"https://evil.example/"}}},
			{subPath + "/pause", nil},
			{subPath + "/resume", nil},
			{subPath + "/delete", url.Values{"confirmed": {"1"}}},
			{resend, nil},
		} {
			rows = append(rows, apptest.Scenario{Name: "POST " + host + post.path, Method: http.MethodPost, Host: host, Path: post.path,
				Form: post.form, As: a, ExpectStatus: status, ExpectContains: contains, ExpectNotContains: []string{rcv.URL}})
		}
	}
	rows = append(rows,
		apptest.Scenario{Name: "A's list shows nothing of B", Host: hostA, Path: "/admin/webhooks", As: a,
			ExpectStatus: http.StatusOK, ExpectContains: []string{"No webhooks yet"}, ExpectNotContains: []string{rcv.URL}},
		apptest.Scenario{Name: "B's list refuses A", Host: hostB, Path: "/admin/webhooks", As: a,
			ExpectStatus: http.StatusForbidden, ExpectNotContains: []string{rcv.URL}},
		apptest.Scenario{Name: "B's create refuses A", Method: http.MethodPost, Host: hostB, Path: "/admin/webhooks", As: a,
			Form: url.Values{"topic": {"orders/create"}, "url": {"https://evil.example/"}}, ExpectStatus: http.StatusForbidden},
	)
	apptest.Run(t, h, rows)

	got, err := h.App.Webhooks.Get(ctx, siteB.ID, sub.ID)
	if err != nil || got.URL != rcv.URL || !got.Active() || got.Topic != "products/create" {
		t.Fatalf("B's webhook changed: %+v, %v", got, err)
	}
	if list, _ := h.App.Webhooks.List(ctx, siteB.ID); len(list) != 1 {
		t.Fatalf("B has %d webhooks", len(list))
	}
	time.Sleep(100 * time.Millisecond)
	if n := rcv.count(); n != 1 {
		t.Fatalf("B's receiver got %d deliveries: a refused resend went out", n)
	}
}

// Through the whole platform: a webhook whose receiver keeps failing past
// the window is paused, its page says why, and the site's owner gets the
// e-mail with a link to the site's webhooks.
func TestFailingWebhookIsPausedAndTheOwnerEmailed(t *testing.T) {
	h := apptest.New(t, fastHooks, func(c *config.Config) { c.WebhookWindow = 500 * time.Millisecond })
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	rcv := newHookReceiver(t, http.StatusBadGateway)
	sub, err := h.App.Webhooks.Create(t.Context(), site.ID, webhooks.Input{Topic: "products/create", URL: rcv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Catalog.CreateProduct(t.Context(), site.ID, plans.MustGet(plans.Business), catalog.ProductInput{
		Title: "Rye loaf", Price: 450, Currency: "EUR", Status: catalog.StatusActive}); err != nil {
		t.Fatal(err)
	}
	h.Eventually("the webhook is paused", func() bool {
		got, err := h.App.Webhooks.Get(t.Context(), site.ID, sub.ID)
		return err == nil && got.Status == webhooks.StatusPaused
	})
	if n := h.Count(`SELECT COUNT(*) FROM mail_messages WHERE site_id = ? AND to_addr = ? AND subject LIKE '%webhook%paused%'
		AND body_text LIKE ?`, site.ID, owner.Email, "%"+h.Config().SiteURL(site.Name)+"/admin/webhooks%"); n != 1 {
		t.Fatalf("%d e-mails to the owner about the paused webhook", n)
	}
	b := h.Login(host, owner.Email)
	apptest.Expect(t, b.Get(host, fmt.Sprintf("/admin/webhooks/%d", sub.ID)), http.StatusOK,
		"paused because its deliveries failed for 48 hours", "Failed", `<span class="badge bad">502</span>`)
}
