package domains_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/domains/dnstest"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// A verified domain is looked at again every day. Removing the TXT record
// changes nothing; routing records that point elsewhere warn the owner at
// once, keep the domain for LostAfter, then disconnect it (no longer
// primary, no longer routing) and tell the owner; records put back in time
// clear the warning.
func TestVerifiedDomainsAreRechecked(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		srv := dnstest.Start(t)
		st := sites.NewStore(db)
		store := mail.NewStore(db)
		workers := river.NewWorkers()
		mail.Register(workers, mail.NewWorker(store, nil))
		q, err := jobs.New(db, jobs.Config{Workers: workers, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
		ds := domains.NewStore(db, st, domains.Options{BaseDomain: "localhost", Resolver: domains.NewResolver(srv.Addr)}).
			WithClock(func() time.Time { return now })
		ds.UseOutbox(mail.NewOutbox(store, q), func(name string) string { return "http://" + name + ".localhost" })
		site := newSite(t, db, st, "rechk")
		mails := func(subject string) int {
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_messages WHERE site_id = ? AND subject LIKE ?`,
				site.ID, "%"+subject+"%").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		added, err := ds.Add(ctx, site.ID, "shop.example.net", false)
		if err != nil {
			t.Fatal(err)
		}
		srv.Set("shop.example.net", dns.TypeCNAME, "rechk.localhost")
		srv.Set("_pagecart.shop.example.net", dns.TypeTXT, record(t, added[0], "TXT").Value)
		d, err := ds.Check(ctx, site.ID, added[0].ID)
		if err != nil || !d.Verified() || !d.NextCheckAt.Equal(now.Add(domains.RecheckEvery)) {
			t.Fatalf("verify: %+v %v", d, err)
		}
		if err := ds.SetPrimary(ctx, site.ID, d.ID); err != nil {
			t.Fatal(err)
		}

		day := func() domains.Domain {
			t.Helper()
			now = now.Add(domains.RecheckEvery)
			if _, err := ds.CheckDue(ctx, 10); err != nil {
				t.Fatal(err)
			}
			got, err := ds.Get(ctx, site.ID, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		srv.Set("_pagecart.shop.example.net", dns.TypeTXT)
		if got := day(); !got.Verified() || !got.FailingSince.IsZero() || mails("no longer") != 0 {
			t.Fatalf("TXT removed: %+v", got)
		}

		srv.Set("shop.example.net", dns.TypeCNAME, "elsewhere.example.org")
		first := now.Add(domains.RecheckEvery)
		if got := day(); !got.Verified() || !got.FailingSince.Equal(first) || mails("no longer points") != 1 {
			t.Fatalf("first miss: %+v, %d warnings", got, mails("no longer points"))
		}
		if got := day(); !got.Verified() || mails("no longer points") != 1 {
			t.Fatalf("second miss warned again or disconnected: %+v", got)
		}
		// Put back in time: the warning is over.
		srv.Set("shop.example.net", dns.TypeCNAME, "rechk.localhost")
		if got := day(); !got.Verified() || !got.FailingSince.IsZero() {
			t.Fatalf("records back: %+v", got)
		}
		// Gone for good: a week after the first miss it is disconnected.
		srv.Set("shop.example.net", dns.TypeCNAME, "elsewhere.example.org")
		first = now.Add(domains.RecheckEvery)
		var got domains.Domain
		for now.Add(domains.RecheckEvery).Sub(first) < domains.LostAfter {
			if got = day(); !got.Verified() {
				t.Fatalf("disconnected after %s of misses", now.Sub(first))
			}
		}
		if got = day(); got.Verified() || got.IsPrimary || mails("no longer connected") != 1 {
			t.Fatalf("after a week of misses: %+v, %d e-mails", got, mails("no longer connected"))
		}
		if err := ds.AllowCertificate(ctx, "shop.example.net"); err == nil {
			t.Fatal("the lost domain may still have a certificate")
		}
	})
}
