package webhooks_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/internal/webhooks"
)

func TestCreateRefusesBadInput(t *testing.T) {
	tests := []struct {
		name         string
		in           webhooks.Input
		field, words string
	}{
		{"no topic", webhooks.Input{URL: "https://example.com/h"}, "topic", "Choose a topic"},
		{"unknown topic", webhooks.Input{Topic: "orders/exploded", URL: "https://example.com/h"}, "topic", "Choose a topic"},
		{"no address", webhooks.Input{Topic: "orders/create"}, "url", "Enter the address"},
		{"not a URL", webhooks.Input{Topic: "orders/create", URL: "example.com/h"}, "url", "starting with https://"},
		{"ftp", webhooks.Input{Topic: "orders/create", URL: "ftp://example.com/h"}, "url", "starting with https://"},
		{"javascript", webhooks.Input{Topic: "orders/create", URL: "javascript:alert(1)"}, "url", "starting with https://"},
		{"spaces", webhooks.Input{Topic: "orders/create", URL: "https://exa mple.com/"}, "url", "without spaces"},
		{"password", webhooks.Input{Topic: "orders/create", URL: "https://u:p@example.com/"}, "url", "user name and password"},
		{"fragment", webhooks.Input{Topic: "orders/create", URL: "https://example.com/#x"}, "url", "after #"},
		{"too long", webhooks.Input{Topic: "orders/create", URL: "https://example.com/" + strings.Repeat("a", 2000)}, "url", "2,000"},
		{"loopback", webhooks.Input{Topic: "orders/create", URL: "http://127.0.0.1:8080/h"}, "url", "private network"},
		{"localhost", webhooks.Input{Topic: "orders/create", URL: "http://localhost/h"}, "url", "private network"},
		{"private", webhooks.Input{Topic: "orders/create", URL: "https://10.1.2.3/h"}, "url", "private network"},
		{"metadata", webhooks.Input{Topic: "orders/create", URL: "http://169.254.169.254/latest"}, "url", "private network"},
		{"ipv6 loopback", webhooks.Input{Topic: "orders/create", URL: "http://[::1]/h"}, "url", "private network"},
		{"mapped loopback", webhooks.Input{Topic: "orders/create", URL: "http://[::ffff:127.0.0.1]/h"}, "url", "private network"},
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := webhooks.NewStore(db, webhooks.Config{})
		siteID := site(t, db, "bakery")
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Create(context.Background(), siteID, tt.in)
				fields, ok := fault.AsInvalid(err)
				if !ok || !strings.Contains(fields[tt.field], tt.words) {
					t.Fatalf("Create = %v, want %s: %q", err, tt.field, tt.words)
				}
			})
		}
		if n := count(t, db, `SELECT COUNT(*) FROM webhook_subscriptions`); n != 0 {
			t.Errorf("%d subscriptions stored", n)
		}
	})
}

func TestSubscriptionLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := webhooks.NewStore(db, webhooks.Config{})
		siteID := site(t, db, "bakery")
		sub, err := s.Create(ctx, siteID, webhooks.Input{Topic: " products/update ", URL: " https://example.com/hooks "})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sub.Secret, "whsec_") || len(sub.Secret) < 40 || !sub.Active() ||
			sub.Topic != "products/update" || sub.URL != "https://example.com/hooks" {
			t.Fatalf("created %+v", sub)
		}
		if !strings.HasPrefix(sub.Secret, strings.TrimSuffix(sub.SecretHint, "…")) {
			t.Errorf("hint %q is not the secret's start", sub.SecretHint)
		}
		// The secret is given out once.
		got, err := s.Get(ctx, siteID, sub.ID)
		if err != nil || got.Secret != "" || got.SecretHint != sub.SecretHint {
			t.Fatalf("Get = %+v, %v", got, err)
		}
		list, err := s.List(ctx, siteID)
		if err != nil || len(list) != 1 || list[0].Secret != "" {
			t.Fatalf("List = %+v, %v", list, err)
		}
		if _, err := s.Create(ctx, siteID, webhooks.Input{Topic: "products/update", URL: "https://example.com/hooks"}); !isInvalid(err, "already a webhook") {
			t.Errorf("duplicate: %v", err)
		}
		upd, err := s.Update(ctx, siteID, sub.ID, webhooks.Input{Topic: "products/delete", URL: "https://example.com/gone"})
		if err != nil || upd.Topic != "products/delete" || upd.URL != "https://example.com/gone" || upd.SecretHint != sub.SecretHint {
			t.Fatalf("Update = %+v, %v", upd, err)
		}
		if err := s.Pause(ctx, siteID, sub.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, siteID, sub.ID); got.Status != webhooks.StatusPaused || got.PausedReason != webhooks.PausedByOwner {
			t.Errorf("after Pause: %+v", got)
		}
		if err := s.Resume(ctx, siteID, sub.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, siteID, sub.ID); !got.Active() || got.PausedReason != "" {
			t.Errorf("after Resume: %+v", got)
		}
		if err := s.Delete(ctx, siteID, sub.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, siteID, sub.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("Get after Delete = %v", err)
		}
		if err := s.Delete(ctx, siteID, sub.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("second Delete = %v", err)
		}
	})
}

func isInvalid(err error, words string) bool {
	fields, ok := fault.AsInvalid(err)
	if !ok {
		return false
	}
	for _, m := range fields {
		if strings.Contains(m, words) {
			return true
		}
	}
	return false
}

// Site B's owner, through every store function, can neither see nor
// change nor resend site A's subscriptions and deliveries.
func TestAnotherSitesWebhooksAreOutOfReach(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		p := newPlatform(t, db, fast, false)
		s := p.store
		a, b := site(t, db, "shop-a"), site(t, db, "shop-b")
		sub, err := s.Create(ctx, a, webhooks.Input{Topic: "products/create", URL: "https://example.com/a"})
		if err != nil {
			t.Fatal(err)
		}
		p.enqueue(t, a, "products/create", map[string]string{"title": "Rye"})
		page, err := s.Deliveries(ctx, a, sub.ID, 0, 0)
		if err != nil || len(page.Deliveries) != 1 {
			t.Fatalf("A's deliveries = %+v, %v", page, err)
		}
		delivery := page.Deliveries[0].ID

		checks := []struct {
			name string
			do   func() error
		}{
			{"Get", func() error { _, err := s.Get(ctx, b, sub.ID); return err }},
			{"Update", func() error {
				_, err := s.Update(ctx, b, sub.ID, webhooks.Input{Topic: "products/create", URL: "https://evil.example/"})
				return err
			}},
			{"Pause", func() error { return s.Pause(ctx, b, sub.ID) }},
			{"Resume", func() error { return s.Resume(ctx, b, sub.ID) }},
			{"Delete", func() error { return s.Delete(ctx, b, sub.ID) }},
			{"Deliveries", func() error { _, err := s.Deliveries(ctx, b, sub.ID, 0, 0); return err }},
			{"Delivery", func() error { _, err := s.Delivery(ctx, b, delivery); return err }},
			{"Resend", func() error { _, err := s.Resend(ctx, b, delivery); return err }},
		}
		for _, c := range checks {
			if err := c.do(); !errors.Is(err, fault.ErrNotFound) {
				t.Errorf("%s with site B = %v, want not found", c.name, err)
			}
		}
		if list, err := s.List(ctx, b); err != nil || len(list) != 0 {
			t.Errorf("B's list = %+v, %v", list, err)
		}
		got, err := s.Get(ctx, a, sub.ID)
		if err != nil || got.URL != "https://example.com/a" || !got.Active() {
			t.Errorf("A's subscription changed: %+v, %v", got, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM webhook_deliveries`); n != 1 {
			t.Errorf("%d deliveries, want A's one", n)
		}
		// Site B's change never reaches A's subscription.
		p.enqueue(t, b, "products/create", map[string]string{"title": "Planted"})
		if n := count(t, db, `SELECT COUNT(*) FROM webhook_deliveries`); n != 1 {
			t.Errorf("B's change made a delivery to A: %d deliveries", n)
		}
	})
}
