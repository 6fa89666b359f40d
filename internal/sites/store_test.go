package sites_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// newSite creates an account row and a site owned by it.
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
		site, err = st.CreateTx(ctx, tx, sites.NewSite{Name: name, Title: "T " + name, OwnerID: acct, Theme: "bakery"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

func TestCreateAndNames(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := sites.NewStore(db)
		site := newSite(t, db, st, "bakery-anna")
		if site.Plan != plans.Trial || site.TrialDaysLeft(time.Now()) != 15 {
			t.Fatalf("new site: plan %s, %d days left", site.Plan, site.TrialDaysLeft(time.Now()))
		}
		got, err := st.ByName(ctx, "Bakery-Anna")
		if err != nil || got.ID != site.ID {
			t.Fatalf("ByName = %+v, %v", got, err)
		}
		_, problem, err := st.NameProblem(ctx, "BAKERY-ANNA")
		if err != nil || problem != "This name is already taken. Try another." {
			t.Fatalf("taken name: %q %v", problem, err)
		}
		if _, problem, _ := st.NameProblem(ctx, "free-name"); problem != "" {
			t.Fatalf("free name: %q", problem)
		}
		// A race past the check still cannot create a second site of that name.
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := st.CreateTx(ctx, tx, sites.NewSite{Name: "bakery-anna", OwnerID: site.OwnerAccountID, Theme: "bakery"})
			return err
		})
		if f, ok := fault.AsInvalid(err); !ok || f["name"] == "" {
			t.Fatalf("duplicate create: %v", err)
		}
		if _, err := st.ByID(ctx, 42); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("missing site: %v", err)
		}
	})
}

func TestTrialExpiryKeepsData(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := sites.NewStore(db)
		site := newSite(t, db, st, "expiring")
		other := newSite(t, db, st, "fresh")
		later := st.WithClock(func() time.Time { return site.TrialEndsAt.Add(time.Minute) })
		// other was created a moment later, so its trial ends later too; move
		// it forward by a day to be clear of the boundary.
		if err := later.ExtendTrial(ctx, other.ID, 1); err != nil {
			t.Fatal(err)
		}
		n, err := later.ExpireTrials(ctx)
		if err != nil || n != 1 {
			t.Fatalf("ExpireTrials = %d, %v", n, err)
		}
		got, _ := st.ByID(ctx, site.ID)
		if got.Plan != plans.Free || got.Title != site.Title || got.Theme != site.Theme {
			t.Fatalf("after expiry: %+v", got)
		}
		if got, _ := st.ByID(ctx, other.ID); got.Plan != plans.Trial {
			t.Fatalf("other site expired too: %s", got.Plan)
		}
		// The operator can give the expired site more trial days.
		if err := later.ExtendTrial(ctx, site.ID, 7); err != nil {
			t.Fatal(err)
		}
		got, _ = later.ByID(ctx, site.ID)
		if got.Plan != plans.Trial || got.TrialDaysLeft(site.TrialEndsAt.Add(time.Minute)) != 7 {
			t.Fatalf("extended: %s %v", got.Plan, got.TrialEndsAt)
		}
	})
}

func TestSettingsValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := sites.NewStore(db)
		site := newSite(t, db, st, "settings")
		tests := []struct {
			name  string
			set   sites.Settings
			field string
		}{
			{"ok", sites.Settings{Title: "Anna", ContactEmail: "a@b.co", PublicEmail: "shop@anna.example", TimeZone: "Europe/Prague", Language: "cs", Currency: "CZK"}, ""},
			{"empty title", sites.Settings{Title: " ", TimeZone: "UTC", Language: "en", Currency: "EUR"}, "title"},
			{"bad email", sites.Settings{Title: "A", ContactEmail: "nope", TimeZone: "UTC", Language: "en", Currency: "EUR"}, "contact_email"},
			{"bad public email", sites.Settings{Title: "A", PublicEmail: "Anna <a@b.co>", TimeZone: "UTC", Language: "en", Currency: "EUR"}, "public_email"},
			{"bad zone", sites.Settings{Title: "A", TimeZone: "Mars/Base", Language: "en", Currency: "EUR"}, "time_zone"},
			{"bad language", sites.Settings{Title: "A", TimeZone: "UTC", Language: "xx", Currency: "EUR"}, "language"},
			{"bad currency", sites.Settings{Title: "A", TimeZone: "UTC", Language: "en", Currency: "BTC"}, "currency"},
			{"title not UTF-8", sites.Settings{Title: "Caf\xe9", TimeZone: "UTC", Language: "en", Currency: "EUR"}, "title"},
			{"e-mail not UTF-8", sites.Settings{Title: "A", ContactEmail: "a\xff@b.co", TimeZone: "UTC", Language: "en", Currency: "EUR"}, "contact_email"},
			{"NUL in the title", sites.Settings{Title: "A\x00B", TimeZone: "UTC", Language: "en", Currency: "EUR"}, "title"},
		}
		for _, tt := range tests {
			err := st.UpdateSettings(ctx, site.ID, tt.set)
			fields, _ := fault.AsInvalid(err)
			if tt.field == "" && err != nil || tt.field != "" && fields[tt.field] == "" {
				t.Errorf("%s: %v", tt.name, err)
			}
		}
		got, _ := st.ByID(ctx, site.ID)
		if got.Title != "Anna" || got.Currency != "CZK" || got.PublicEmail != "shop@anna.example" || got.ContentVersion < 2 {
			t.Fatalf("bad input changed stored settings: %+v", got)
		}
		err := st.UpdateSettings(ctx, site.ID, sites.Settings{Title: "Caf\xe9", TimeZone: "UTC", Language: "en", Currency: "EUR"})
		if fields, _ := fault.AsInvalid(err); fields["title"] != fault.MsgInvalidUTF8 {
			t.Errorf("title not UTF-8: %v, want %q", err, fault.MsgInvalidUTF8)
		}
		if err := st.Suspend(ctx, site.ID, "spam \xff"); !isField(err, "reason") {
			t.Errorf("suspension reason not UTF-8: %v", err)
		}
	})
}

func isField(err error, field string) bool {
	fields, _ := fault.AsInvalid(err)
	return fields[field] != ""
}

// A new site publishes no e-mail: the address it was created with is the
// private contact for notifications, and the public one is the owner's to
// set and to clear again.
func TestPublicEmailIsSetByTheOwnerOnly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := sites.NewStore(db)
		site := newSite(t, db, st, "private")
		if got, err := st.ByID(ctx, site.ID); err != nil || got.PublicEmail != "" {
			t.Fatalf("new site: public %q, %v", got.PublicEmail, err)
		}
		for _, public := range []string{"shop@private.example", ""} {
			set := site.Settings()
			set.PublicEmail = public
			if err := st.UpdateSettings(ctx, site.ID, set); err != nil {
				t.Fatal(err)
			}
			got, err := st.ByID(ctx, site.ID)
			if err != nil || got.PublicEmail != public || got.ContactEmail != site.ContactEmail {
				t.Fatalf("after setting %q: public %q, contact %q, %v", public, got.PublicEmail, got.ContactEmail, err)
			}
		}
	})
}

func TestOperatorActions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := sites.NewStore(db)
		a := newSite(t, db, st, "alpha")
		newSite(t, db, st, "beta")
		list, total, err := st.List(ctx, sites.ListQuery{Search: "ALP"})
		if err != nil || total != 1 || list[0].ID != a.ID || list[0].OwnerEmail != "alpha@example.com" {
			t.Fatalf("List = %+v %d %v", list, total, err)
		}
		if err := st.Suspend(ctx, a.ID, ""); err == nil {
			t.Fatal("suspend without a reason")
		}
		if err := st.Suspend(ctx, a.ID, "spam"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetMaintenance(ctx, a.ID, 120); err != nil {
			t.Fatal(err)
		}
		if err := st.RequestPlan(ctx, a.ID, plans.Premium); err != nil {
			t.Fatal(err)
		}
		got, _ := st.ByID(ctx, a.ID)
		if !got.Suspended() || got.MaintenanceRetry != 120 || got.RequestedPlan != plans.Premium {
			t.Fatalf("%+v", got)
		}
		if err := st.SetPlan(ctx, a.ID, plans.Premium); err != nil {
			t.Fatal(err)
		}
		_ = st.Restore(ctx, a.ID)
		_ = st.SetMaintenance(ctx, a.ID, 0)
		got, _ = st.ByID(ctx, a.ID)
		if got.Suspended() || got.MaintenanceRetry != 0 || got.Plan != plans.Premium || got.RequestedPlan != "" || !got.TrialEndsAt.IsZero() {
			t.Fatalf("%+v", got)
		}
	})
}

func TestByIDs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		st := sites.NewStore(db)
		b, a := newSite(t, db, st, "bbb"), newSite(t, db, st, "aaa")
		got, err := st.ByIDs(context.Background(), []int64{b.ID, a.ID, 42})
		if err != nil || len(got) != 2 || got[0].Name != "aaa" || got[1].Name != "bbb" {
			t.Fatalf("ByIDs = %+v, %v", got, err)
		}
		if got, err := st.ByIDs(context.Background(), nil); err != nil || got != nil {
			t.Fatalf("ByIDs(nil) = %v, %v", got, err)
		}
	})
}
