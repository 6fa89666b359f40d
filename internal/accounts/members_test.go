package accounts

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestMembers(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		anna := mustAccount(t, s, "anna@example.com")
		bob := mustAccount(t, s, "bob@example.com")
		cleo := mustAccount(t, s, "cleo@example.com")
		shop := mustSite(t, s, anna.ID)
		blog := mustSite(t, s, bob.ID)

		add := func(site, account int64, role Role) error {
			return db.InTx(ctx, func(tx *sqldb.Tx) error {
				return s.AddMemberTx(ctx, tx, site, account, role)
			})
		}
		if err := add(shop, cleo.ID, RoleEditor); err != nil {
			t.Fatal(err)
		}
		if err := add(shop, bob.ID, RoleManager); err != nil {
			t.Fatal(err)
		}
		if msg := validationField(t, add(shop, bob.ID, RoleOwner), "email"); msg != "This person is already on your staff." {
			t.Errorf("added twice: %q", msg)
		}
		if msg := validationField(t, add(shop, cleo.ID, "boss"), "role"); msg != "Choose a role." {
			t.Errorf("unknown role: %q", msg)
		}

		list, err := s.Members(ctx, shop)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range list {
			got = append(got, m.Email+":"+string(m.Role))
		}
		want := []string{"anna@example.com:owner", "bob@example.com:manager", "cleo@example.com:editor"}
		if !slices.Equal(got, want) {
			t.Errorf("members %v, want %v", got, want)
		}

		m, err := s.Membership(ctx, shop, cleo.ID)
		if err != nil || m.Role != RoleEditor || m.SiteID != shop || m.Email != "cleo@example.com" {
			t.Errorf("Membership = %+v, %v", m, err)
		}
		if _, err := s.Membership(ctx, blog, cleo.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("membership of another site: %v, want ErrNotFound", err)
		}
		ms, err := s.Memberships(ctx, bob.ID)
		var sites []int64
		for _, m := range ms {
			sites = append(sites, m.SiteID)
			if m.Role != RoleManager && m.Role != RoleOwner {
				t.Errorf("Memberships(bob) role %q", m.Role)
			}
		}
		slices.Sort(sites)
		if want := []int64{min(blog, shop), max(blog, shop)}; err != nil || !slices.Equal(sites, want) {
			t.Errorf("Memberships(bob) = %v, %v; want sites %v", ms, err, want)
		}

		// A member ID of one site means nothing on another.
		if err := s.RemoveMember(ctx, blog, m.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("removing another site's member: %v, want ErrNotFound", err)
		}
		if err := s.SetRole(ctx, blog, m.ID, RoleOwner); !errors.Is(err, ErrNotFound) {
			t.Errorf("promoting another site's member: %v, want ErrNotFound", err)
		}
		if err := s.RemoveMember(ctx, shop, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Membership(ctx, shop, cleo.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("after removal: %v", err)
		}
	})
}

func TestLastOwner(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		anna := mustAccount(t, s, "anna@example.com")
		bob := mustAccount(t, s, "bob@example.com")
		shop := mustSite(t, s, anna.ID)
		owner, err := s.Membership(ctx, shop, anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		const last = "A site needs at least one owner. Make someone else an owner first."
		if msg := validationField(t, s.RemoveMember(ctx, shop, owner.ID), "member"); msg != last {
			t.Errorf("removing the only owner: %q", msg)
		}
		if msg := validationField(t, s.SetRole(ctx, shop, owner.ID, RoleEditor), "role"); msg != last {
			t.Errorf("demoting the only owner: %q", msg)
		}

		err = db.InTx(ctx, func(tx *sqldb.Tx) error { return s.AddMemberTx(ctx, tx, shop, bob.ID, RoleEditor) })
		if err != nil {
			t.Fatal(err)
		}
		second, _ := s.Membership(ctx, shop, bob.ID)
		if err := s.SetRole(ctx, shop, second.ID, RoleOwner); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveMember(ctx, shop, owner.ID); err != nil {
			t.Fatalf("removing one of two owners: %v", err)
		}
		if msg := validationField(t, s.RemoveMember(ctx, shop, second.ID), "member"); msg != last {
			t.Errorf("removing the remaining owner: %q", msg)
		}
	})
}
