package consent_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func newSite(t *testing.T, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, site := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 1, 1)`,
		acct, name+"@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'studio', 'trial', 1, 1)`, site, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return site
}

func TestCookieRoundTrip(t *testing.T) {
	id := consent.NewConsentID()
	for _, c := range []consent.Cookie{
		{Version: 1, ConsentID: id},
		{Version: 7, Choice: consent.Choice{Statistics: true}, ConsentID: id},
		{Version: 12, Choice: consent.All(), ConsentID: id},
	} {
		got, err := consent.ParseCookie(c.String())
		if err != nil || got != c {
			t.Errorf("%q: %+v, %v", c.String(), got, err)
		}
	}
	for _, bad := range []string{"", "1", "1.010", "0.010." + id, "x.010." + id, "1.012." + id, "1.0101." + id, "1.010.short",
		"1.010." + id + ".x", "1.010." + strings.Repeat("a", 65), "1.010.<script>aaaaaaaaaaaaaaaaaaaa"} {
		if _, err := consent.ParseCookie(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// Saving settings changes the content version always and the policy
// version only when visitors must be asked again; the log is per site.
func TestStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := consent.NewStore(db)
		a, b := newSite(t, db, "cons-a"), newSite(t, db, "cons-b")
		set, err := st.Settings(ctx, a)
		if err != nil || set.Heading != consent.Defaults().Heading || set.Version != 1 || len(set.Scripts) != 0 {
			t.Fatalf("defaults: %+v, %v", set, err)
		}
		set.Heading = "Cookies"
		if err := st.Save(ctx, a, set, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Settings(ctx, a); got.Heading != "Cookies" || got.Version != 1 {
			t.Fatalf("after save: %+v", got)
		}
		set.Declaration = "Our own words."
		if err := st.Save(ctx, a, set, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Settings(ctx, a); got.Version != 2 {
			t.Fatalf("a new declaration kept version %d", got.Version)
		}
		sc, err := st.AddScript(ctx, a, consent.Script{Name: "Stats", Category: consent.Statistics, Code: "count()"})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Settings(ctx, a); got.Version != 3 || len(got.Scripts) != 1 || got.Scripts[0] != sc {
			t.Fatalf("after a script: %+v", got)
		}
		if _, err := st.Script(ctx, b, sc.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("a's script from b: %v", err)
		}
		if err := st.DeleteScript(ctx, b, sc.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("delete a's script from b: %v", err)
		}
		bad := set
		bad.Accent = "blue"
		if err := st.Save(ctx, a, bad, false); err == nil {
			t.Fatal("a bad colour was saved")
		}

		for i, ch := range []consent.Choice{{}, {Statistics: true}, consent.All()} {
			if _, err := st.Record(ctx, a, consent.Entry{ConsentID: "id" + string(rune('a'+i)), PolicyVersion: 3, Choice: ch,
				IP: "192.0.2.1"}); err != nil {
				t.Fatal(err)
			}
		}
		log, total, err := st.Log(ctx, a, 2, 0)
		if err != nil || total != 3 || len(log) != 2 || log[0].Choice != consent.All() {
			t.Fatalf("log: %+v %d %v", log, total, err)
		}
		if _, total, _ := st.Log(ctx, b, 10, 0); total != 0 {
			t.Fatalf("b's log has %d", total)
		}
		var buf bytes.Buffer
		if err := st.ExportCSV(ctx, a, &buf); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[1], "ida,") || !strings.Contains(lines[3], ",3,yes,yes,yes,yes,no,") {
			t.Fatalf("csv:\n%s", buf.String())
		}
		onB, err := st.Record(ctx, b, consent.Entry{ConsentID: "idb", PolicyVersion: 1, IP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		if log[0].IPHash == "" || log[0].IPHash != log[1].IPHash || onB.IPHash == log[0].IPHash || strings.Contains(buf.String(), "192.0.2.1") {
			t.Fatalf("IP hashes: a %q %q, b %q; or the address is in the log", log[0].IPHash, log[1].IPHash, onB.IPHash)
		}
		// The key is random and kept apart from the log: the same address
		// hashed with the site's ID alone (the old scheme) is not in it.
		var key string
		if err := db.QueryRow(ctx, `SELECT ip_key FROM consent_keys WHERE site_id = ?`, a).Scan(&key); err != nil || len(key) < 32 {
			t.Fatalf("site a's key: %q %v", key, err)
		}
		plat, err := st.RecordPlatform(ctx, consent.Entry{ConsentID: "p1", PolicyVersion: 1, Choice: consent.All(), IP: "192.0.2.1"})
		if err != nil || plat.IPHash == "" || plat.IPHash == onB.IPHash || plat.IP != "" {
			t.Fatalf("platform log: %+v %v", plat, err)
		}
		if entries, total, err := st.PlatformLog(ctx, 10, 0); err != nil || total != 1 || entries[0].ConsentID != "p1" {
			t.Fatalf("platform log: %+v %d %v", entries, total, err)
		}
		buf.Reset()
		if err := st.ExportPlatformCSV(ctx, &buf); err != nil || !strings.Contains(buf.String(), "p1,") || strings.Contains(buf.String(), "ida") {
			t.Fatalf("platform csv %v:\n%s", err, buf.String())
		}
	})
}

// One address sending choice after choice is refused once over the limit,
// with a wait, and nothing more is logged; another address still gets in.
func TestRecordLimits(t *testing.T) {
	db := sqldbtest.SQLite(t)
	ctx := context.Background()
	st := consent.NewStore(db)
	st.UseLimiter(ratelimit.NewMemory())
	site := newSite(t, db, "cons-limit")
	for i := range consent.PerAddress {
		if _, err := st.Record(ctx, site, consent.Entry{ConsentID: fmt.Sprint("c", i), PolicyVersion: 1, IP: "192.0.2.9"}); err != nil {
			t.Fatalf("choice %d: %v", i, err)
		}
	}
	_, err := st.Record(ctx, site, consent.Entry{ConsentID: "over", PolicyVersion: 1, IP: "192.0.2.9"})
	if th, ok := fault.AsThrottled(err); !ok || th.RetryAfter() < 1 {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := st.Record(ctx, site, consent.Entry{ConsentID: "other", PolicyVersion: 1, IP: "198.51.100.1"}); err != nil {
		t.Fatalf("another address: %v", err)
	}
	if _, total, _ := st.Log(ctx, site, 1, 0); total != consent.PerAddress+1 {
		t.Fatalf("logged %d", total)
	}
}
