package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/domains/dnstest"
)

// createRecords puts a domain's records in the test DNS server as an owner
// creates them at their DNS provider.
func createRecords(srv *dnstest.Server, d domains.Domain) {
	for _, r := range d.Records {
		switch r.Type {
		case "CNAME":
			srv.Set(r.Name, dns.TypeCNAME, r.Value)
		case "TXT":
			srv.Set(r.Name, dns.TypeTXT, r.Value)
		case "A":
			srv.Set(r.Name, dns.TypeA, strings.Split(r.Value, " and ")...)
		case "AAAA":
			srv.Set(r.Name, dns.TypeAAAA, strings.Split(r.Value, " and ")...)
		}
	}
}

// The whole own-domain story through the admin, against a DNS server on
// loopback: add → records missing → created → verified → the domain shows
// the site → primary → the site's own address redirects → another site
// cannot claim it → removal stops routing at once.
func TestOwnDomainFlow(t *testing.T) {
	dnsSrv := dnstest.Start(t)
	h := apptest.New(t, func(c *config.Config) { c.DNSResolver = dnsSrv.Addr })
	ctx := context.Background()
	owner := h.Browser()
	host := owner.SignUp("anna-shop", "anna@example.com")
	site, _ := h.App.Sites.ByName(ctx, "anna-shop")
	const apex, www = "anna-shop.example", "www.anna-shop.example"

	page := owner.Get(host, "/admin/domains")
	apptest.Expect(t, page, http.StatusOK, "Add a domain", "anna-shop.localhost", `href="/admin/domains" aria-current="page"`)
	res := owner.Post(host, "/admin/domains", url.Values{"domain": {"Anna-Shop.example"}, "www": {"1"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	page = owner.Follow(host, res)
	apptest.Expect(t, page, http.StatusOK, "Added anna-shop.example and www.anna-shop.example", "Waiting for DNS records",
		"_pagecart.www.anna-shop.example", "Missing")
	list, _ := h.App.Domains.List(ctx, site.ID)
	if len(list) != 2 {
		t.Fatalf("domains: %+v", list)
	}
	for _, d := range list {
		apptest.Expect(t, page, http.StatusOK, "pagecart-verify=", strconv.FormatInt(d.ID, 10))
		if r := d.Records[1]; !strings.Contains(page.Body, r.Value) {
			t.Fatalf("the page lacks the TXT value %q", r.Value)
		}
	}
	apex1, www1 := list[0], list[1]
	if apex1.Host != apex {
		apex1, www1 = www1, apex1
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "unverified domain", Host: apex + ":8080", Path: "/", ExpectStatus: http.StatusNotFound},
		{Name: "own address before", Host: host, Path: "/", ExpectStatus: http.StatusOK},
	})

	// A wrong CNAME is shown with what was found.
	dnsSrv.Set(www, dns.TypeCNAME, "parked.registrar.example")
	res = owner.Post(host, "/admin/domains/"+strconv.FormatInt(www1.ID, 10)+"/check", url.Values{})
	apptest.Expect(t, owner.Follow(host, res), http.StatusOK, "Wrong value", "parked.registrar.example", "not all records are in place")

	createRecords(dnsSrv, apex1)
	createRecords(dnsSrv, www1)
	for _, d := range []domains.Domain{apex1, www1} {
		res = owner.Post(host, "/admin/domains/"+strconv.FormatInt(d.ID, 10)+"/check", url.Values{})
		apptest.Expect(t, owner.Follow(host, res), http.StatusOK, "verified. It shows your site now", "Verified", "Correct")
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "verified domain, no primary", Host: apex + ":8080", Path: "/", ExpectStatus: http.StatusOK},
		{Name: "verified www, no primary", Host: www + ":8080", Path: "/", ExpectStatus: http.StatusOK},
		{Name: "own address, no primary", Host: host, Path: "/", ExpectStatus: http.StatusOK},
	})

	res = owner.Post(host, "/admin/domains/primary", url.Values{"domain": {strconv.FormatInt(apex1.ID, 10)}})
	apptest.Expect(t, owner.Follow(host, res), http.StatusOK, "anna-shop.example is your primary address now")
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "primary serves", Host: apex + ":8080", Path: "/", ExpectStatus: http.StatusOK},
		{Name: "own address GET", Host: host, Path: "/contact?ref=mail&x=1", ExpectStatus: http.StatusMovedPermanently,
			ExpectHeader: map[string]string{"Location": "http://anna-shop.example:8080/contact?ref=mail&x=1"}},
		{Name: "own address POST", Method: http.MethodPost, Host: host, Path: "/cart/add", Form: url.Values{},
			ExpectStatus: http.StatusPermanentRedirect, ExpectHeader: map[string]string{"Location": "http://anna-shop.example:8080/cart/add"}},
		{Name: "www GET", Host: www + ":8080", Path: "/a/b?c=d", ExpectStatus: http.StatusMovedPermanently,
			ExpectHeader: map[string]string{"Location": "http://anna-shop.example:8080/a/b?c=d"}},
		{Name: "admin stays on the own address", Host: host, Path: "/admin/domains", As: owner, ExpectStatus: http.StatusOK,
			ExpectContains: []string{`<span class="badge">Primary</span>`}},
		{Name: "admin on the primary goes to the own address", Host: apex + ":8080", Path: "/admin", ExpectStatus: http.StatusMovedPermanently,
			ExpectHeader: map[string]string{"Location": "http://anna-shop.localhost:8080/admin"}},
	})

	// A second site cannot claim either name; nothing is stored.
	other := h.Browser()
	otherHost := other.SignUp("bert-shop", "bert@example.com")
	for _, in := range []string{apex, "WWW.anna-shop.example."} {
		apptest.Expect(t, other.Post(otherHost, "/admin/domains", url.Values{"domain": {in}}),
			http.StatusUnprocessableEntity, "is connected to another Pagecart site")
	}
	if n := h.Count(`SELECT COUNT(*) FROM domains`); n != 2 {
		t.Fatalf("%d domains stored", n)
	}

	// Removing asks first, then stops routing at once.
	path := "/admin/domains/" + strconv.FormatInt(apex1.ID, 10) + "/remove"
	apptest.Expect(t, owner.Get(host, path), http.StatusOK, "Remove anna-shop.example?", "primary address becomes anna-shop.localhost")
	apptest.Expect(t, owner.Post(host, path, url.Values{}), http.StatusOK, "Remove anna-shop.example?")
	apptest.Expect(t, h.Browser().Get(apex+":8080", "/"), http.StatusOK) // still there until confirmed
	h.ResetAnnounced()
	res = owner.Post(host, path, url.Values{"confirmed": {"1"}})
	apptest.Expect(t, owner.Follow(host, res), http.StatusOK, "is no longer connected to your site")
	if !h.WasAnnounced(site.ID) {
		t.Fatal("the removal was not announced to the host caches")
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "removed domain", Host: apex + ":8080", Path: "/", ExpectStatus: http.StatusNotFound},
		{Name: "own address serves again", Host: host, Path: "/", ExpectStatus: http.StatusOK},
		{Name: "www serves", Host: www + ":8080", Path: "/", ExpectStatus: http.StatusOK},
	})
	// The freed name can go to the other site now.
	apptest.Expect(t, other.Post(otherHost, "/admin/domains", url.Values{"domain": {apex}}), http.StatusSeeOther)
}

// Bad input is refused with a message on the form and nothing stored.
func TestOwnDomainBadInput(t *testing.T) {
	dnsSrv := dnstest.Start(t)
	h := apptest.New(t, func(c *config.Config) { c.DNSResolver = dnsSrv.Addr })
	owner := h.Browser()
	host := owner.SignUp("careful", "c@example.com")
	rows := []struct{ name, in, want string }{
		{"empty", "", "Type the domain"},
		{"malformed", "exa mple..com", "without a path, port or spaces"},
		{"bad label", "-shop.example.com", "not a valid domain name"},
		{"IP address", "192.0.2.7", "not an IP address"},
		{"platform itself", "localhost", "belongs to Pagecart itself"},
		{"another platform site", "careful.localhost", "belongs to Pagecart itself"},
		{"public suffix", "co.uk", "not a domain someone can own"},
		{"path", "example.com/shop", "without a path"},
		{"10,000 characters", strings.Repeat("a", 10000) + ".com", "far too long"},
		{"long label", strings.Repeat("b", 64) + ".com", "not a valid domain name"},
		{"invalid UTF-8", "\xff.example.com", "not valid UTF-8"},
		{"bad IDN", "xn--zz.example.com", "not a valid domain name"},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			res := owner.Post(host, "/admin/domains", url.Values{"domain": {row.in}, "www": {"1"}})
			apptest.Expect(t, res, http.StatusUnprocessableEntity, row.want)
		})
	}
	apptest.Run(t, h, []apptest.Scenario{{
		Name: "cross-origin add", Method: http.MethodPost, Host: host, Path: "/admin/domains", As: owner,
		Form:         url.Values{"domain": {"evil.example.com"}},
		Header:       http.Header{"Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}},
		ExpectStatus: http.StatusForbidden, ExpectContains: []string{"another website"},
	}})
	if n := h.Count(`SELECT COUNT(*) FROM domains`); n != 0 {
		t.Fatalf("%d domains stored from bad input", n)
	}
}

// Site A's owner can neither see nor change site B's domains, by ID on
// their own admin or with their cookie replayed on B's host; an editor of
// B cannot open B's domains either.
func TestOwnDomainsAcrossSites(t *testing.T) {
	dnsSrv := dnstest.Start(t)
	h := apptest.New(t, func(c *config.Config) { c.DNSResolver = dnsSrv.Addr })
	ctx := context.Background()
	a := h.Browser()
	hostA := a.SignUp("site-a", "a@example.com")
	b := h.Browser()
	hostB := b.SignUp("site-b", "b@example.com")
	siteB, _ := h.App.Sites.ByName(ctx, "site-b")
	added, err := h.App.Domains.Add(ctx, siteB.ID, "www.b-shop.example", false)
	if err != nil {
		t.Fatal(err)
	}
	createRecords(dnsSrv, added[0])
	if _, err := h.App.Domains.Check(ctx, siteB.ID, added[0].ID); err != nil {
		t.Fatal(err)
	}
	idB := strconv.FormatInt(added[0].ID, 10)
	unchanged := func(t *testing.T, h *apptest.Harness) {
		d, err := h.App.Domains.Get(context.Background(), siteB.ID, added[0].ID)
		if err != nil || d.IsPrimary {
			t.Fatalf("B's domain changed: %+v %v", d, err)
		}
	}
	rows := []apptest.Scenario{
		{Name: "A's page does not list B's domain", Host: hostA, Path: "/admin/domains", As: a, ExpectStatus: http.StatusOK,
			ExpectNotContains: []string{"b-shop.example"}},
		{Name: "A checks B's domain", Method: http.MethodPost, Host: hostA, Path: "/admin/domains/" + idB + "/check", As: a,
			Form: url.Values{}, ExpectStatus: http.StatusNotFound},
		{Name: "A opens B's removal", Host: hostA, Path: "/admin/domains/" + idB + "/remove", As: a, ExpectStatus: http.StatusNotFound},
		{Name: "A removes B's domain", Method: http.MethodPost, Host: hostA, Path: "/admin/domains/" + idB + "/remove", As: a,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusNotFound, After: unchanged},
		{Name: "A makes B's domain primary", Method: http.MethodPost, Host: hostA, Path: "/admin/domains/primary", As: a,
			Form: url.Values{"domain": {idB}}, ExpectStatus: http.StatusNotFound, After: unchanged},
	}
	a.ReplayCookies(hostA, hostB)
	for _, path := range []string{"/admin/domains", "/admin/domains/" + idB + "/remove"} {
		rows = append(rows, apptest.Scenario{Name: "A's cookie on B: GET " + path, Host: hostB, Path: path, As: a,
			ExpectStatus: http.StatusForbidden, ExpectNotContains: []string{"b-shop.example"}})
	}
	for _, path := range []string{"/admin/domains", "/admin/domains/primary", "/admin/domains/" + idB + "/check", "/admin/domains/" + idB + "/remove"} {
		rows = append(rows, apptest.Scenario{Name: "A's cookie on B: POST " + path, Method: http.MethodPost, Host: hostB, Path: path, As: a,
			Form: url.Values{"domain": {idB}, "confirmed": {"1"}}, ExpectStatus: http.StatusForbidden, After: unchanged})
	}
	apptest.Run(t, h, rows)
	if n := h.Count(`SELECT COUNT(*) FROM domains`); n != 1 {
		t.Fatalf("%d domains", n)
	}
	_ = b
}

// Buying a domain: the owner finds a free name and orders it, the order
// waits in the operator console, and once the operator marks it
// registered the domain shows the site, verified, without any DNS check.
func TestBuyDomain(t *testing.T) {
	dnsSrv := dnstest.Start(t)
	h := apptest.New(t, func(c *config.Config) { c.DNSResolver = dnsSrv.Addr })
	ctx := context.Background()
	owner := h.Browser()
	host := owner.SignUp("fresh", "f@example.com")
	site, _ := h.App.Sites.ByName(ctx, "fresh")
	dnsSrv.Set("taken.example", dns.TypeA, "192.0.2.1")

	apptest.Expect(t, owner.Get(host, "/admin/domains?buy=taken.example"), http.StatusOK, "Taken", "is already registered")
	apptest.Expect(t, owner.Get(host, "/admin/domains?buy=www.fresh-bakery.example"), http.StatusOK, "Search for the domain itself")
	apptest.Expect(t, owner.Get(host, "/admin/domains?buy="+url.QueryEscape(strings.Repeat("x", 10000))), http.StatusOK, "far too long")
	apptest.Expect(t, owner.Get(host, "/admin/domains?buy=Fresh-Bakery.example"), http.StatusOK, "Free", "looks free to register",
		`name="domain" value="fresh-bakery.example"`, "Order fresh-bakery.example")
	res := owner.Post(host, "/admin/domains/orders", url.Values{"domain": {"fresh-bakery.example"}})
	apptest.Expect(t, owner.Follow(host, res), http.StatusOK, "Ordered fresh-bakery.example", "Waiting to be registered")
	// A name that is taken cannot be ordered by posting it directly.
	res = owner.Post(host, "/admin/domains/orders", url.Values{"domain": {"taken.example"}})
	apptest.Expect(t, owner.Follow(host, res), http.StatusOK, "taken.example is already registered")

	// Another site sees nothing of it; an editor cannot order.
	other := h.Browser()
	otherHost := other.SignUp("other", "o@example.com")
	apptest.Expect(t, other.Get(otherHost, "/admin/domains"), http.StatusOK)
	if strings.Contains(other.Get(otherHost, "/admin/domains").Body, "fresh-bakery") {
		t.Fatal("another site sees the order")
	}
	editor := h.StaffMember(site, "ed@example.com", "editor")
	eb := h.Login(host, editor.Email)
	apptest.Expect(t, eb.Post(host, "/admin/domains/orders", url.Values{"domain": {"free-too.example"}}), http.StatusForbidden)

	h.NewOperator("ops@example.com")
	op := h.LoginOperator("ops@example.com")
	apptest.Expect(t, op.Get(h.PlatformHost(), "/operator/domains"), http.StatusOK, "fresh-bakery.example", "Mark registered")
	orders, _ := h.App.Domains.Orders(ctx, site.ID)
	if len(orders) != 1 {
		t.Fatalf("orders %v", orders)
	}
	otherSite, _ := h.App.Sites.ByName(ctx, "other")
	wrong := "/operator/domains/" + strconv.FormatInt(otherSite.ID, 10) + "/" + strconv.FormatInt(orders[0].ID, 10) + "/registered"
	apptest.Expect(t, op.Post(h.PlatformHost(), wrong, url.Values{}), http.StatusNotFound)
	// A site owner cannot mark their own order registered.
	right := "/operator/domains/" + strconv.FormatInt(site.ID, 10) + "/" + strconv.FormatInt(orders[0].ID, 10) + "/registered"
	if res := owner.Post(h.PlatformHost(), right, url.Values{}); res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "/operator/login") {
		t.Fatalf("owner on the console: %d %s", res.Status, res.Location)
	}
	apptest.Expect(t, h.Browser().Get("fresh-bakery.example:8080", "/"), http.StatusNotFound)
	res = op.Post(h.PlatformHost(), right, url.Values{})
	apptest.Expect(t, op.Follow(h.PlatformHost(), res), http.StatusOK, "Marked as registered", "No domain orders waiting")
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "bought domain", Host: "fresh-bakery.example:8080", Path: "/", ExpectStatus: http.StatusOK},
		{Name: "bought www", Host: "www.fresh-bakery.example:8080", Path: "/", ExpectStatus: http.StatusOK},
		{Name: "owner's page", Host: host, Path: "/admin/domains", As: owner, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"www.fresh-bakery.example", "Verified"}, ExpectNotContains: []string{"Waiting to be registered"}},
	})
}
