package domains_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/domains/dnstest"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func newSite(t *testing.T, db *sqldb.DB, st *sites.Store, name string) sites.Site {
	t.Helper()
	ctx := context.Background()
	var site sites.Site
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		acct := sqldb.NewID()
		if _, err := tx.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`,
			acct, name+"@example.com"); err != nil {
			return err
		}
		var err error
		site, err = st.CreateTx(ctx, tx, sites.NewSite{Name: name, Title: "T " + name, OwnerID: acct, Theme: "bakery", Plan: plans.Trial})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// statuses lists "TYPE name status" of each record, for comparing.
func statuses(d domains.Domain) string {
	var parts []string
	for _, r := range d.Records {
		parts = append(parts, r.Type+" "+r.Name+" "+string(r.Status))
	}
	return strings.Join(parts, "; ")
}

func record(t *testing.T, d domains.Domain, typ string) domains.Record {
	t.Helper()
	for _, r := range d.Records {
		if r.Type == typ {
			return r
		}
	}
	t.Fatalf("%s has no %s record: %s", d.Host, typ, statuses(d))
	return domains.Record{}
}

func TestAddCheckVerifyRemove(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		srv := dnstest.Start(t)
		st := sites.NewStore(db)
		var changed []int64
		db.SetAnnouncer(func(_ context.Context, id int64) { changed = append(changed, id) })
		ds := domains.NewStore(db, st, domains.Options{BaseDomain: "localhost", Resolver: domains.NewResolver(srv.Addr),
			PublicIPs: []netip.Addr{netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("2001:db8::10")}})
		a := newSite(t, db, st, "anna")
		b := newSite(t, db, st, "bert")

		added, err := ds.Add(ctx, a.ID, "Bäckerei-Anna.de", true)
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != 2 || added[0].Host != "xn--bckerei-anna-gcb.de" || added[1].Host != "www.xn--bckerei-anna-gcb.de" {
			t.Fatalf("added %+v", added)
		}
		apex, www := added[0], added[1]
		want := "A xn--bckerei-anna-gcb.de missing; AAAA xn--bckerei-anna-gcb.de missing; TXT _pagecart.xn--bckerei-anna-gcb.de missing"
		if got := statuses(apex); got != want {
			t.Fatalf("apex records: %s\nwant %s", got, want)
		}
		if got := statuses(www); got != "CNAME www.xn--bckerei-anna-gcb.de missing; TXT _pagecart.www.xn--bckerei-anna-gcb.de missing" {
			t.Fatalf("www records: %s", got)
		}
		if apex.Verified() || www.Verified() {
			t.Fatal("verified without records")
		}
		if len(changed) == 0 || changed[len(changed)-1] != a.ID {
			t.Fatalf("adding announced %v", changed)
		}
		if cname := record(t, www, "CNAME"); cname.Value != "anna.localhost" {
			t.Fatalf("CNAME value %q", cname.Value)
		}

		// Wrong values are shown with what was found.
		srv.Set(www.Host, dns.TypeCNAME, "old-host.example.net")
		srv.Set("_pagecart."+www.Host, dns.TypeTXT, "v=spf1 -all")
		got, err := ds.Check(ctx, a.ID, www.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := record(t, got, "CNAME"); r.Status != domains.Wrong || len(r.Found) != 1 || r.Found[0] != "old-host.example.net" {
			t.Fatalf("wrong CNAME: %+v", r)
		}
		if r := record(t, got, "TXT"); r.Status != domains.Wrong || r.Found[0] != "v=spf1 -all" {
			t.Fatalf("wrong TXT: %+v", r)
		}

		// The right records verify; the apex is partly right, so not yet.
		srv.Set(www.Host, dns.TypeCNAME, "anna.localhost")
		srv.Set("_pagecart."+www.Host, dns.TypeTXT, "v=spf1 -all", record(t, www, "TXT").Value)
		srv.Set(apex.Host, dns.TypeA, "192.0.2.10", "203.0.113.5")
		srv.Set(apex.Host, dns.TypeAAAA, "2001:db8::10")
		srv.Set("_pagecart."+apex.Host, dns.TypeTXT, record(t, apex, "TXT").Value)
		changed = nil
		if got, err = ds.Check(ctx, a.ID, www.ID); err != nil || !got.Verified() {
			t.Fatalf("www after records: %s %v", statuses(got), err)
		}
		if len(changed) != 1 || changed[0] != a.ID {
			t.Fatalf("verification announced %v", changed)
		}
		got, _ = ds.Check(ctx, a.ID, apex.ID)
		if r := record(t, got, "A"); got.Verified() || r.Status != domains.Wrong || strings.Join(r.Found, ",") != "192.0.2.10,203.0.113.5" {
			t.Fatalf("apex with a foreign address: %s %+v", statuses(got), r)
		}
		site, d, err := st.ByDomain(ctx, www.Host)
		if err != nil || site.ID != a.ID || !d.Verified {
			t.Fatalf("routing of the verified domain: %v %+v %v", site.ID, d, err)
		}
		if _, _, err := st.ByDomain(ctx, apex.Host); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("unverified apex routes: %v", err)
		}

		// Another site cannot claim either, verified or pending; nothing stored.
		for _, in := range []string{"www.bäckerei-anna.de", "xn--bckerei-anna-gcb.de"} {
			_, err := ds.Add(ctx, b.ID, in, false)
			if fields, ok := fault.AsInvalid(err); !ok || !strings.Contains(fields["domain"], "another Pagecart site") {
				t.Fatalf("second site claiming %s: %v", in, err)
			}
		}
		if list, _ := ds.List(ctx, b.ID); len(list) != 0 {
			t.Fatalf("second site has %v", list)
		}
		// Nor can the same site add it twice.
		if _, err := ds.Add(ctx, a.ID, "www.xn--bckerei-anna-gcb.de", false); err == nil {
			t.Fatal("added twice")
		}

		// Primary: only verified, and one per site.
		if err := ds.SetPrimary(ctx, a.ID, apex.ID); err == nil {
			t.Fatal("unverified domain made primary")
		}
		if err := ds.SetPrimary(ctx, a.ID, www.ID); err != nil {
			t.Fatal(err)
		}
		if p, _ := st.PrimaryDomain(ctx, a.ID); p != www.Host {
			t.Fatalf("primary %q", p)
		}
		// Site B cannot touch A's domains.
		if err := ds.SetPrimary(ctx, b.ID, www.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("B made A's domain primary: %v", err)
		}
		if err := ds.Remove(ctx, b.ID, www.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("B removed A's domain: %v", err)
		}
		if _, err := ds.Check(ctx, b.ID, www.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("B checked A's domain: %v", err)
		}
		if _, err := ds.Get(ctx, b.ID, www.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("B read A's domain: %v", err)
		}

		// Removing stops routing and frees the name for another site.
		changed = nil
		if err := ds.Remove(ctx, a.ID, www.ID); err != nil {
			t.Fatal(err)
		}
		if len(changed) != 1 || changed[0] != a.ID {
			t.Fatalf("removal announced %v", changed)
		}
		if _, _, err := st.ByDomain(ctx, www.Host); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("removed domain routes: %v", err)
		}
		if p, _ := st.PrimaryDomain(ctx, a.ID); p != "" {
			t.Fatalf("primary after removal %q", p)
		}
		if _, err := ds.Add(ctx, b.ID, www.Host, false); err != nil {
			t.Fatalf("the freed domain: %v", err)
		}
	})
}

// The job re-checks pending domains when due, backing off after misses,
// and an unverified claim blocks other sites only for a while.
func TestCheckDueAndClaimHold(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		srv := dnstest.Start(t)
		st := sites.NewStore(db)
		now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
		ds := domains.NewStore(db, st, domains.Options{BaseDomain: "localhost", Resolver: domains.NewResolver(srv.Addr)}).
			WithClock(func() time.Time { return now })
		a := newSite(t, db, st, "anna")
		b := newSite(t, db, st, "bert")
		added, err := ds.Add(ctx, a.ID, "shop.example.com", false)
		if err != nil {
			t.Fatal(err)
		}
		d := added[0]
		if !d.NextCheckAt.After(now) {
			t.Fatalf("next check %v", d.NextCheckAt)
		}
		if n, err := ds.CheckDue(ctx, 10); err != nil || n != 0 {
			t.Fatalf("nothing due yet: %d %v", n, err)
		}
		// Misses double the wait.
		var waits []time.Duration
		for range 3 {
			now = d.NextCheckAt
			if _, err := ds.CheckDue(ctx, 10); err != nil {
				t.Fatal(err)
			}
			d, _ = ds.Get(ctx, a.ID, d.ID)
			waits = append(waits, d.NextCheckAt.Sub(now))
		}
		if waits[0] >= waits[1] || waits[1] >= waits[2] {
			t.Fatalf("waits do not grow: %v", waits)
		}
		srv.Set("shop.example.com", dns.TypeCNAME, "anna.localhost")
		srv.Set("_pagecart.shop.example.com", dns.TypeTXT, record(t, d, "TXT").Value)
		now = d.NextCheckAt
		if n, err := ds.CheckDue(ctx, 10); err != nil || n != 1 {
			t.Fatalf("due check verified %d, %v", n, err)
		}

		// A pending claim blocks B for 72 hours, then B can take it over.
		pend, err := ds.Add(ctx, a.ID, "pending.example.org", false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ds.Add(ctx, b.ID, "pending.example.org", false); err == nil {
			t.Fatal("B took a fresh claim")
		}
		now = now.Add(73 * time.Hour)
		if _, err := ds.Add(ctx, b.ID, "pending.example.org", false); err != nil {
			t.Fatalf("B after the hold: %v", err)
		}
		if _, err := ds.Get(ctx, a.ID, pend[0].ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("A still has the released claim: %v", err)
		}
	})
}

func TestAddRefusesBadInputAndPlans(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := sites.NewStore(db)
		ds := domains.NewStore(db, st, domains.Options{BaseDomain: "localhost", Resolver: domains.NewResolver(dnstest.Start(t).Addr)})
		a := newSite(t, db, st, "anna")
		for _, in := range []string{"", "not a domain", "anna.localhost", "localhost", "http://x.localhost/",
			strings.Repeat("a", 10000), "co.uk", "10.0.0.1", "ex\x00ample.com", "\xff\xfe.com"} {
			if _, err := ds.Add(ctx, a.ID, in, true); err == nil {
				t.Errorf("accepted %.30q", in)
			} else if _, ok := fault.AsInvalid(err); !ok {
				t.Errorf("%.30q: %v is not a field error", in, err)
			}
		}
		if err := st.SetPlan(ctx, a.ID, plans.Free); err != nil {
			t.Fatal(err)
		}
		if _, err := ds.Add(ctx, a.ID, "free.example.com", false); err == nil {
			t.Error("the Free plan added a domain")
		}
		if list, _ := ds.List(ctx, a.ID); len(list) != 0 {
			t.Fatalf("stored %v", list)
		}
	})
}

func TestAllowCertificate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		srv := dnstest.Start(t)
		st := sites.NewStore(db)
		ds := domains.NewStore(db, st, domains.Options{BaseDomain: "pagecart.example", Resolver: domains.NewResolver(srv.Addr)})
		a := newSite(t, db, st, "anna")
		added, err := ds.Add(ctx, a.ID, "example.org", true)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range added[1].Records {
			srv.Set(r.Name, map[string]uint16{"CNAME": dns.TypeCNAME, "TXT": dns.TypeTXT}[r.Type], r.Value)
		}
		if d, _ := ds.Check(ctx, a.ID, added[1].ID); !d.Verified() {
			t.Fatal("not verified")
		}
		for host, want := range map[string]bool{"pagecart.example": true, "anna.pagecart.example": true, "ANNA.pagecart.example.": true,
			"nobody.pagecart.example": false, "x.anna.pagecart.example": false, "www.example.org": true,
			"example.org": false /* pending */, "elsewhere.example": false} {
			err := ds.AllowCertificate(ctx, host)
			if (err == nil) != want {
				t.Errorf("AllowCertificate(%q) = %v, want allowed %v", host, err, want)
			}
		}
		if err := st.SetPlan(ctx, a.ID, plans.Free); err != nil {
			t.Fatal(err)
		}
		if err := ds.AllowCertificate(ctx, "www.example.org"); err == nil {
			t.Error("a Free site's domain gets a certificate")
		}
	})
}

// Buying a domain: the search asks the DNS whether the name exists, an
// order waits for the operator, and marking it registered connects the
// domain and its www twin, verified.
func TestOrders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		srv := dnstest.Start(t)
		st := sites.NewStore(db)
		ds := domains.NewStore(db, st, domains.Options{BaseDomain: "localhost", Resolver: domains.NewResolver(srv.Addr)})
		a := newSite(t, db, st, "anna")
		b := newSite(t, db, st, "bert")
		srv.Set("taken.example", dns.TypeA, "192.0.2.1")

		if _, free, err := ds.Search(ctx, "taken.example"); err != nil || free {
			t.Fatalf("taken: %v %v", free, err)
		}
		host, free, err := ds.Search(ctx, "Anna-Bakes.example")
		if err != nil || !free || host != "anna-bakes.example" {
			t.Fatalf("free: %q %v %v", host, free, err)
		}
		for _, in := range []string{"www.anna-bakes.example", "taken.example", "anna.localhost", ""} {
			if _, err := ds.PlaceOrder(ctx, a.ID, a.OwnerAccountID, in); err == nil {
				t.Errorf("ordered %q", in)
			}
		}
		o, err := ds.PlaceOrder(ctx, a.ID, a.OwnerAccountID, "anna-bakes.example")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ds.PlaceOrder(ctx, b.ID, b.OwnerAccountID, "anna-bakes.example"); err == nil {
			t.Fatal("ordered twice")
		}
		if list, _ := ds.Orders(ctx, b.ID); len(list) != 0 {
			t.Fatalf("B sees orders %v", list)
		}
		if open, _ := ds.OpenOrders(ctx); len(open) != 1 || open[0].ID != o.ID {
			t.Fatalf("open orders %v", open)
		}
		if err := ds.MarkRegistered(ctx, b.ID, o.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("registered under the wrong site: %v", err)
		}
		if err := ds.MarkRegistered(ctx, a.ID, o.ID); err != nil {
			t.Fatal(err)
		}
		if err := ds.MarkRegistered(ctx, a.ID, o.ID); !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("registered twice: %v", err)
		}
		list, _ := ds.List(ctx, a.ID)
		if len(list) != 2 || !list[0].Verified() || !list[1].Verified() {
			t.Fatalf("connected: %+v", list)
		}
		if site, _, err := st.ByDomain(ctx, "www.anna-bakes.example"); err != nil || site.ID != a.ID {
			t.Fatalf("routing: %v", err)
		}
		if open, _ := ds.OpenOrders(ctx); len(open) != 0 {
			t.Fatalf("still open: %v", open)
		}
	})
}

// A DNS server that does not answer leaves the records "unknown" (not
// missing) and adding stays within the request's deadline.
func TestDeadResolver(t *testing.T) {
	db := sqldbtest.SQLite(t)
	ctx := context.Background()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0") // receives, never answers
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	st := sites.NewStore(db)
	ds := domains.NewStore(db, st, domains.Options{BaseDomain: "localhost", Resolver: domains.NewResolver(pc.LocalAddr().String())})
	a := newSite(t, db, st, "anna")
	start := time.Now()
	added, err := ds.Add(ctx, a.ID, "example.com", true)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 7*time.Second {
		t.Fatalf("adding took %v", took)
	}
	for _, d := range added {
		if d.Verified() || d.Records[0].Status != domains.Unknown {
			t.Fatalf("%s: %s", d.Host, statuses(d))
		}
	}
}
