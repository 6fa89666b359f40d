package bench

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// BenchmarkWebhookEnqueue measures what webhooks add to every catalog (and,
// once wired, order) change: one EnqueueTx inside an open transaction on
// SQLite, as the platform builds it, for a site with no subscription
// ("none": the one indexed lookup every change pays), a subscription to
// another topic ("other-topic"), and one subscription to the topic
// ("subscribed": that lookup plus the event row, the delivery row and its
// River job). The calls share one transaction, rolled back at the end, so
// the figure is the statements' cost without the commit's fsync.
func BenchmarkWebhookEnqueue(b *testing.B) {
	for _, c := range []struct {
		name  string
		topic string
	}{{"none", ""}, {"other-topic", "orders/create"}, {"subscribed", "inventory/change"}} {
		b.Run(c.name, func(b *testing.B) {
			h := apptest.New(b)
			ctx := context.Background()
			site, _ := h.NewSite("bench", "bench@example.com")
			if c.topic != "" {
				if _, err := h.App.Webhooks.Create(ctx, site.ID, webhooks.Input{Topic: c.topic, URL: "https://hooks.example.com/stock"}); err != nil {
					b.Fatal(err)
				}
			}
			payload := map[string]any{"variantId": "1", "productId": "2", "delta": -1, "stock": 7, "reason": "Order"}
			done := errors.New("roll back")
			err := h.App.DB.InTx(ctx, func(tx *sqldb.Tx) error {
				b.ResetTimer()
				for b.Loop() {
					if err := h.App.Webhooks.EnqueueTx(ctx, tx, site.ID, "inventory/change", payload); err != nil {
						return err
					}
				}
				b.StopTimer()
				return done
			})
			if !errors.Is(err, done) {
				b.Fatal(err)
			}
		})
	}
}
