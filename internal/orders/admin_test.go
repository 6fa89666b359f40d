package orders_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// hooks records what the order operations asked to send.
type hooks struct {
	mu       sync.Mutex
	mails    []string
	webhooks []string
}

func (h *hooks) events() orders.Events {
	return orders.Events{
		Mail: func(_ context.Context, _ *sqldb.Tx, _, _ int64, event string) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.mails = append(h.mails, event)
			return nil
		},
		Webhook: func(_ context.Context, _ *sqldb.Tx, _ int64, topic string, _ any) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.webhooks = append(h.webhooks, topic)
			return nil
		},
	}
}

// shop is a site with one tracked product variant (10 in stock) and the
// order operations on it.
type shop struct {
	db      *sqldb.DB
	site    int64
	variant int64
	cat     *catalog.Store
	admin   *orders.Admin
	hooks   *hooks
}

func newShop(t *testing.T, db *sqldb.DB, name string) *shop {
	t.Helper()
	ctx := context.Background()
	s := &shop{db: db, site: site(t, db, name), cat: catalog.NewStore(db), hooks: &hooks{}}
	p, err := s.cat.CreateProduct(ctx, s.site, plans.MustGet(plans.Business), catalog.ProductInput{Title: "Apron", Currency: "EUR",
		Status: catalog.StatusActive, Variants: []catalog.VariantInput{{Price: 1210, Stock: 10, TrackStock: true}}})
	if err != nil {
		t.Fatal(err)
	}
	s.variant = p.Variants[0].ID
	s.admin = orders.NewAdmin(orders.NewStore(db), s.cat, invoices.NewStore(db), s.hooks.events())
	return s
}

// order places an order of qty units as checkout would: stock taken and
// the order written in one transaction.
func (s *shop) order(t *testing.T, qty int, email, name string) orders.Order {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	o := orders.Order{ID: sqldb.NewID(), SiteID: s.site, Token: sqldb.NewToken(), SubmissionKey: sqldb.NewToken(), Email: email,
		CustomerName: name, Billing: orders.Address{Name: name, Line1: "Main 1", City: "Brno", Postcode: "60200", Country: "CZ"},
		Status: orders.StatusNew, PaymentStatus: orders.PaymentUnpaid, Currency: "EUR", PricesIncludeTax: true,
		Subtotal: 1210 * int64(qty), ShippingTotal: 605, ShippingTax: 105, TaxTotal: 210*int64(qty) + 105,
		Total: 1210*int64(qty) + 605, ShippingName: "Parcel", PaymentMethod: "bank_transfer", PaymentName: "Bank transfer",
		CreatedAt: now, UpdatedAt: now,
		Lines: []orders.Line{{VariantID: s.variant, Title: "Apron", Qty: qty, UnitPrice: 1210, RateBP: 2100,
			Subtotal: 1210 * int64(qty), Tax: 210 * int64(qty), Total: 1210 * int64(qty)}}}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.cat.DecrementTx(ctx, tx, s.site, []catalog.Line{{VariantID: s.variant, Qty: qty}}); err != nil {
			return err
		}
		n, err := orders.NextNumberTx(ctx, tx, s.site, now)
		if err != nil {
			return err
		}
		o.Number = n
		if err := orders.EnsureStatusesTx(ctx, tx, s.site, now); err != nil {
			return err
		}
		return orders.InsertTx(ctx, tx, o)
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (s *shop) stock(t *testing.T) int {
	t.Helper()
	v, err := s.cat.Variant(context.Background(), s.site, s.variant)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

// TestCancelReturnsStockOnce cancels the same order twice in a row and
// another from ten goroutines at once: each returns its units exactly once.
func TestCancelReturnsStockOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		o := s.order(t, 3, "x@example.com", "Xena")
		if got := s.stock(t); got != 7 {
			t.Fatalf("stock after order = %d", got)
		}
		for i, want := range []bool{true, false} {
			got, did, err := s.admin.Cancel(ctx, s.site, o.ID, 0)
			if err != nil || did != want || got.Status != orders.StatusCancelled || got.CancelledAt.IsZero() {
				t.Fatalf("cancel %d: did=%v status=%s err=%v", i, did, got.Status, err)
			}
		}
		if got := s.stock(t); got != 10 {
			t.Fatalf("stock after two cancels = %d, want 10", got)
		}
		// The stock that comes back is announced by the catalog
		// (inventory/change), not by the order.
		if fmt.Sprint(s.hooks.mails) != "[cancelled]" || fmt.Sprint(s.hooks.webhooks) != "[orders/cancelled]" {
			t.Fatalf("mails %v webhooks %v", s.hooks.mails, s.hooks.webhooks)
		}

		o2 := s.order(t, 4, "y@example.com", "Yann")
		var wg sync.WaitGroup
		var mu sync.Mutex
		cancelled := 0
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, did, err := s.admin.Cancel(ctx, s.site, o2.ID, 0)
				if err != nil {
					t.Error(err)
				}
				if did {
					mu.Lock()
					cancelled++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if cancelled != 1 {
			t.Fatalf("%d cancels took effect, want 1", cancelled)
		}
		if got := s.stock(t); got != 10 {
			t.Fatalf("stock after concurrent cancels = %d, want 10", got)
		}
		// A cancelled order's status stays.
		if _, err := s.admin.SetStatus(ctx, s.site, o.ID, orders.StatusShipped, 0); !errors.Is(err, orders.ErrCancelled) {
			t.Fatalf("status of a cancelled order: %v", err)
		}
	})
}

func TestCancelAfterInvoiceIssuesCreditNote(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		o := s.order(t, 2, "x@example.com", "Xena Dvořák")
		seller := orders.Seller{Title: "Anna's", Language: "en", TimeZone: "Europe/Prague"}
		inv, err := s.admin.IssueInvoice(ctx, s.site, o.ID, invoices.Final, seller, 0)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Total != o.Total || inv.Tax != o.TaxTotal || len(inv.Lines) != 2 || inv.Buyer.Name != "Xena Dvořák" {
			t.Fatalf("invoice %d/%d tax %d/%d lines %+v buyer %+v", inv.Total, o.Total, inv.Tax, o.TaxTotal, inv.Lines, inv.Buyer)
		}
		if inv.Lines[1].TaxRate != 2100 || inv.Lines[1].Net != 500 {
			t.Fatalf("shipping line %+v", inv.Lines[1])
		}
		if _, _, err := s.admin.Cancel(ctx, s.site, o.ID, 0); err != nil {
			t.Fatal(err)
		}
		docs, err := s.admin.Invoices.ForOrder(ctx, s.site, o.ID)
		if err != nil || len(docs) != 2 || docs[1].Kind != invoices.CreditNote || docs[1].Total != -inv.Total {
			t.Fatalf("documents %+v %v", docs, err)
		}
		if _, err := s.admin.IssueInvoice(ctx, s.site, o.ID, invoices.ProForma, seller, 0); !errors.Is(err, orders.ErrCancelled) {
			t.Fatalf("invoice for a cancelled order: %v", err)
		}
		tl, _ := s.admin.Store.Timeline(ctx, s.site, o.ID, false)
		var kinds []string
		for _, e := range tl {
			kinds = append(kinds, e.Kind)
		}
		if fmt.Sprint(kinds) != "[invoice cancelled stock invoice]" {
			t.Fatalf("timeline %v", kinds)
		}
	})
}

func TestSetStatusNotifies(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		o := s.order(t, 1, "x@example.com", "Xena")
		quiet, err := s.admin.Store.CreateStatus(ctx, s.site, orders.StatusInput{Name: "Packing", Colour: "#123456"})
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{quiet, orders.StatusShipped, orders.StatusShipped, orders.StatusCompleted} {
			if _, err := s.admin.SetStatus(ctx, s.site, o.ID, code, 7); err != nil {
				t.Fatal(code, err)
			}
		}
		// Only Shipped notifies; setting it twice changes nothing the second time.
		if fmt.Sprint(s.hooks.mails) != "[status_changed]" || len(s.hooks.webhooks) != 3 {
			t.Fatalf("mails %v webhooks %v", s.hooks.mails, s.hooks.webhooks)
		}
		got, _ := s.admin.Store.Get(ctx, s.site, o.ID)
		if got.Status != orders.StatusCompleted {
			t.Fatalf("status %s", got.Status)
		}
		if _, err := s.admin.SetStatus(ctx, s.site, o.ID, "nope", 0); err == nil {
			t.Fatal("unknown status accepted")
		}
		// A status of the owner's that means cancelled cancels the order.
		lost, err := s.admin.Store.CreateStatus(ctx, s.site, orders.StatusInput{Name: "Lost in post", IsCancelled: true, Notify: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.admin.SetStatus(ctx, s.site, o.ID, lost, 0); err != nil {
			t.Fatal(err)
		}
		if got := s.stock(t); got != 10 {
			t.Fatalf("stock %d after a cancelling status", got)
		}
		if err := s.admin.SetStaffNote(ctx, s.site, o.ID, "  Call before delivery \r\n", 7); err != nil {
			t.Fatal(err)
		}
		got, _ = s.admin.Store.Get(ctx, s.site, o.ID)
		if got.StaffNote != "Call before delivery" || got.Status != lost || got.CancelledAt.IsZero() {
			t.Fatalf("order %q %s", got.StaffNote, got.Status)
		}
	})
}

func TestStatusesAdmin(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		other := newShop(t, db, "ben")
		st := s.admin.Store
		code, err := st.CreateStatus(ctx, s.site, orders.StatusInput{Name: "Ready for pickup", Colour: "#00aa00", Notify: true})
		if err != nil || code != "ready_for_pickup" {
			t.Fatalf("create = %q %v", code, err)
		}
		for _, tc := range []struct {
			in    orders.StatusInput
			field string
		}{
			{orders.StatusInput{Name: ""}, "name"},
			{orders.StatusInput{Name: "ready for PICKUP"}, "name"},
			{orders.StatusInput{Name: "X", Colour: "red"}, "colour"},
			{orders.StatusInput{Name: "Y", IsCompleted: true, IsCancelled: true}, "is_cancelled"},
		} {
			_, err := st.CreateStatus(ctx, s.site, tc.in)
			if fields, _ := fault.AsInvalid(err); fields[tc.field] == "" {
				t.Errorf("%+v: %v", tc.in, err)
			}
		}
		// Built-in: renamed, but what it means stays.
		if err := st.UpdateStatus(ctx, s.site, orders.StatusShipped, orders.StatusInput{Name: "Sent", Colour: "#000000", IsCancelled: true}); err != nil {
			t.Fatal(err)
		}
		shipped, _ := st.Status(ctx, s.site, orders.StatusShipped)
		if shipped.Name != "Sent" || shipped.IsCancelled || shipped.Notify {
			t.Fatalf("shipped = %+v", shipped)
		}
		if err := st.DeleteStatus(ctx, s.site, orders.StatusShipped); !errors.Is(err, orders.ErrStatusBuiltIn) {
			t.Fatalf("delete built-in: %v", err)
		}
		o := s.order(t, 1, "x@example.com", "X")
		if _, err := s.admin.SetStatus(ctx, s.site, o.ID, code, 0); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteStatus(ctx, s.site, code); !errors.Is(err, orders.ErrStatusInUse) {
			t.Fatalf("delete used: %v", err)
		}
		// Another site cannot see, change or delete it.
		if _, err := st.Status(ctx, other.site, code); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("other site sees it: %v", err)
		}
		if err := st.UpdateStatus(ctx, other.site, code, orders.StatusInput{Name: "Hijack"}); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("other site updates: %v", err)
		}
		if err := st.DeleteStatus(ctx, other.site, code); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("other site deletes: %v", err)
		}
		if _, err := other.admin.SetStatus(ctx, other.site, o.ID, orders.StatusShipped, 0); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("other site changes the order: %v", err)
		}
		if _, _, err := other.admin.Cancel(ctx, other.site, o.ID, 0); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("other site cancels the order: %v", err)
		}
		if _, err := s.admin.SetStatus(ctx, s.site, o.ID, orders.StatusNew, 0); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteStatus(ctx, s.site, code); err != nil {
			t.Fatalf("delete unused: %v", err)
		}
	})
}

func TestListOrders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newShop(t, db, "anna")
		other := newShop(t, db, "ben")
		var placed []orders.Order
		for i := range 5 {
			placed = append(placed, s.order(t, 1, fmt.Sprintf("buyer%d@example.com", i), fmt.Sprintf("Buyer %d", i)))
		}
		other.order(t, 1, "buyer0@example.com", "Buyer 0")
		if _, err := s.admin.SetStatus(ctx, s.site, placed[1].ID, orders.StatusShipped, 0); err != nil {
			t.Fatal(err)
		}
		count := func(f orders.Filter) int {
			t.Helper()
			list, _, err := s.admin.Store.ListOrders(ctx, s.site, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		for _, tc := range []struct {
			name string
			f    orders.Filter
			want int
		}{
			{"all", orders.Filter{}, 5},
			{"status", orders.Filter{Status: orders.StatusShipped}, 1},
			{"payment", orders.Filter{Payment: orders.PaymentUnpaid}, 5},
			{"paid", orders.Filter{Payment: orders.PaymentPaid}, 0},
			{"e-mail", orders.Filter{Query: "BUYER3@"}, 1},
			{"name", orders.Filter{Query: "buyer 4"}, 1},
			{"number", orders.Filter{Query: placed[2].Number}, 1},
			{"wildcard is literal", orders.Filter{Query: "%"}, 0},
			{"from tomorrow", orders.Filter{From: time.Now().Add(24 * time.Hour)}, 0},
			{"until yesterday", orders.Filter{To: time.Now().Add(-24 * time.Hour)}, 0},
			{"today", orders.Filter{From: time.Now().Add(-time.Hour), To: time.Now().Add(time.Hour)}, 5},
		} {
			if got := count(tc.f); got != tc.want {
				t.Errorf("%s: %d orders, want %d", tc.name, got, tc.want)
			}
		}
		// Pages of two, newest first, with no order twice.
		seen := map[int64]bool{}
		var before int64
		for page := 0; ; page++ {
			list, next, err := s.admin.Store.ListOrders(ctx, s.site, orders.Filter{Limit: 2, Before: before})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range list {
				if seen[o.ID] || o.SiteID != s.site {
					t.Fatalf("order %d twice or of another site", o.ID)
				}
				seen[o.ID] = true
			}
			if next == 0 {
				break
			}
			before = next
		}
		if len(seen) != 5 {
			t.Fatalf("%d orders over the pages", len(seen))
		}
	})
}
