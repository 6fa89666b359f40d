package invoices_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// site adds a site (and its owner) and returns its ID.
func site(t testing.TB, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'business', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return id
}

// draft is an order of two lines at two tax rates plus shipping.
func draft(orderID int64) invoices.Draft {
	return invoices.Draft{OrderID: orderID, OrderNumber: fmt.Sprintf("#%d", orderID%10000), Currency: "EUR", Language: "en",
		TimeZone: "Europe/Prague", SiteTitle: "Dvořák & Syn",
		Buyer: invoices.Party{Name: "Antonín Dvořák", Address: "Žižkova 12\n110 00 Praha\nCzechia", Email: "ad@example.com"},
		Lines: []invoices.Line{
			{Name: "Příliš žluťoučký kůň (úpěl ďábelské ódy)", SKU: "K-1", Quantity: 2, UnitPrice: 1210, TaxRate: 2100, Net: 2000, Tax: 420, Total: 2420},
			{Name: "Book", Quantity: 1, UnitPrice: 1100, TaxRate: 1000, Net: 1000, Tax: 100, Total: 1100},
			{Name: "Shipping", Quantity: 1, UnitPrice: 605, TaxRate: 2100, Net: 500, Tax: 105, Total: 605},
		},
		PaymentMethod: "Bank transfer", PaymentReference: "20260001"}
}

func TestIssueNumbersAndTotals(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := invoices.NewStore(db)
		a, b := site(t, db, "a"), site(t, db, "b")
		if err := s.SaveSettings(ctx, a, invoices.Settings{SellerName: "Dvořák s.r.o.", SellerAddress: "Main 1\nBrno", TaxID: "CZ123", BankAccount: "CZ65 0800", DueDays: 7}); err != nil {
			t.Fatal(err)
		}
		pf, err := s.Issue(ctx, a, invoices.ProForma, draft(1), 0)
		if err != nil {
			t.Fatal(err)
		}
		inv1, err := s.Issue(ctx, a, invoices.Final, draft(1), 0)
		if err != nil {
			t.Fatal(err)
		}
		inv2, err := s.Issue(ctx, a, invoices.Final, draft(2), 0)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.Issue(ctx, b, invoices.Final, draft(1), 0)
		if err != nil {
			t.Fatal(err)
		}
		year := pf.IssuedAt.Year()
		for _, tc := range []struct {
			inv  invoices.Invoice
			want string
		}{
			{pf, fmt.Sprintf("PF-%d-00001", year)},
			{inv1, fmt.Sprintf("%d-00001", year)},
			{inv2, fmt.Sprintf("%d-00002", year)},
			{other, fmt.Sprintf("%d-00001", year)}, // each site counts on its own
		} {
			if tc.inv.Number != tc.want {
				t.Errorf("number = %q, want %q", tc.inv.Number, tc.want)
			}
		}
		if inv1.Subtotal != 3500 || inv1.Tax != 625 || inv1.Total != 4125 {
			t.Errorf("totals = %d + %d = %d", inv1.Subtotal, inv1.Tax, inv1.Total)
		}
		if inv1.Seller.Name != "Dvořák s.r.o." || inv1.Seller.TaxID != "CZ123" || other.Seller.Name != "Dvořák & Syn" {
			t.Errorf("sellers = %+v / %+v", inv1.Seller, other.Seller)
		}
		if got := inv1.DueAt.Sub(inv1.IssuedAt).Hours(); got != 7*24 {
			t.Errorf("due after %v hours", got)
		}
		recap := inv1.TaxRecap()
		if len(recap) != 2 || recap[0].Rate != 2100 || recap[0].Net != 2500 || recap[0].Tax != 525 || recap[1].Total != 1100 {
			t.Errorf("recap = %+v", recap)
		}

		// A second final invoice of the same order is refused.
		if _, err := s.Issue(ctx, a, invoices.Final, draft(1), 0); !errors.Is(err, fault.ErrConflict) {
			t.Errorf("second invoice: %v", err)
		}
		// The refused one used no number.
		inv3, err := s.Issue(ctx, a, invoices.Final, draft(3), 0)
		if err != nil || inv3.Number != fmt.Sprintf("%d-00003", year) {
			t.Errorf("after a refusal: %q %v", inv3.Number, err)
		}

		// Reading back gives the same document; another site's ID is not found.
		got, err := s.Get(ctx, a, inv1.ID)
		if err != nil || got.Number != inv1.Number || len(got.Lines) != 3 || got.Buyer.Name != "Antonín Dvořák" {
			t.Errorf("get = %+v %v", got, err)
		}
		if _, err := s.Get(ctx, b, inv1.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("other site's invoice: %v", err)
		}
		list, err := s.ForOrder(ctx, a, 1)
		if err != nil || len(list) != 2 || list[0].Kind != invoices.ProForma {
			t.Errorf("for order = %d %v", len(list), err)
		}
	})
}

func TestCreditNoteOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := invoices.NewStore(db)
		a := site(t, db, "a")
		credit := func(orderID int64) (invoices.Invoice, bool) {
			var cn invoices.Invoice
			var ok bool
			err := db.InTx(ctx, func(tx *sqldb.Tx) error {
				var err error
				cn, ok, err = s.CreditTx(ctx, tx, a, orderID, 0)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return cn, ok
		}
		// No final invoice: nothing to credit.
		if _, err := s.Issue(ctx, a, invoices.ProForma, draft(7), 0); err != nil {
			t.Fatal(err)
		}
		if _, ok := credit(7); ok {
			t.Fatal("credited a pro-forma")
		}
		inv, err := s.Issue(ctx, a, invoices.Final, draft(8), 0)
		if err != nil {
			t.Fatal(err)
		}
		cn, ok := credit(8)
		if !ok || cn.CreditsID != inv.ID || cn.Total != -inv.Total || cn.Lines[0].Quantity != -2 || !strings.HasPrefix(cn.Number, "CN-") {
			t.Fatalf("credit note = %+v %v", cn, ok)
		}
		if _, ok := credit(8); ok {
			t.Fatal("a second credit note")
		}
		// The invoice is still there, with its number and amounts.
		again, err := s.Get(ctx, a, inv.ID)
		if err != nil || again.Number != inv.Number || again.Total != inv.Total {
			t.Fatalf("invoice after credit = %+v %v", again, err)
		}
	})
}

// TestNumbersUnderConcurrency issues invoices for 40 orders from 8
// goroutines at once: every number from 1 to 40 is given exactly once.
func TestNumbersUnderConcurrency(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := invoices.NewStore(db)
		a := site(t, db, "a")
		const n = 40
		numbers := make(chan string, n)
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < n; i += 8 {
					for {
						inv, err := s.Issue(ctx, a, invoices.Final, draft(int64(100+i)), 0)
						if err != nil && strings.Contains(err.Error(), "could not serialize") {
							continue
						}
						if err != nil {
							t.Error(err)
							return
						}
						numbers <- inv.Number
						break
					}
				}
			}()
		}
		wg.Wait()
		close(numbers)
		seen := map[string]bool{}
		for num := range numbers {
			if seen[num] {
				t.Errorf("number %s given twice", num)
			}
			seen[num] = true
		}
		if len(seen) != n {
			t.Fatalf("%d numbers, want %d", len(seen), n)
		}
		for i := 1; i <= n; i++ {
			var found bool
			for num := range seen {
				if strings.HasSuffix(num, fmt.Sprintf("-%05d", i)) {
					found = true
				}
			}
			if !found {
				t.Errorf("number %d missing", i)
			}
		}
	})
}

func TestPDF(t *testing.T) {
	inv := invoices.Invoice{Kind: invoices.Final, Number: "2026-00042", OrderNumber: "#1001", Currency: "CZK", Language: "cs",
		Seller: invoices.Seller{Party: invoices.Party{Name: "Dvořák s.r.o.", Address: "Main 1\nBrno", TaxID: "CZ123"}, BankAccount: "CZ65 0800", Footer: "Zapsáno v OR"},
		Buyer:  invoices.Party{Name: "Jiří Šťastný", Address: "Žižkova 12\nPraha"},
		Lines:  draft(1).Lines, Subtotal: 3500, Tax: 625, Total: 4125, PaymentMethod: "Bank transfer"}
	var buf bytes.Buffer
	if err := inv.WritePDF(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("starts with %q", b[:min(len(b), 10)])
	}
	if !bytes.Contains(b, []byte("2026-00042")) {
		t.Error("the invoice number is not in the PDF's title")
	}
	// The pages' text is written as UTF-16 code units of the embedded
	// Unicode font: the number and the names are there as written, ř and Š
	// included, not replaced by Latin-1 stand-ins.
	streams := unescape(inflate(t, b))
	for _, want := range []string{"2026-00042", "Jiří Šťastný", "Dvořák s.r.o.", "Příliš žluťoučký"} {
		if !bytes.Contains(streams, utf16be(want)) {
			t.Errorf("%q is not on the page", want)
		}
	}
	if len(b) < 10_000 {
		t.Errorf("only %d bytes", len(b))
	}
	// Many lines flow onto a second page.
	for range 60 {
		inv.Lines = append(inv.Lines, inv.Lines[0])
	}
	buf.Reset()
	if err := inv.WritePDF(&buf); err != nil {
		t.Fatal(err)
	}
}

// utf16be encodes s as the PDF's text strings hold it.
func utf16be(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return out
}

// unescape undoes the PDF string escapes that bytes of UTF-16 code units
// may need (č is 0x01 0x0D, written "\x01\\r").
func unescape(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 == len(b) {
			out = append(out, b[i])
			continue
		}
		i++
		switch b[i] {
		case 'r':
			out = append(out, '\r')
		case 'n':
			out = append(out, '\n')
		case 't':
			out = append(out, '\t')
		default:
			out = append(out, b[i])
		}
	}
	return out
}

// inflate returns the PDF's compressed streams, decompressed and joined.
func inflate(t *testing.T, pdf []byte) []byte {
	var out bytes.Buffer
	for rest := pdf; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("endstream"))
		if j < 0 {
			break
		}
		if r, err := zlib.NewReader(bytes.NewReader(rest[:j])); err == nil {
			_, _ = io.Copy(&out, r)
		}
		rest = rest[j:]
	}
	return out.Bytes()
}

func TestSettingsValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		set   invoices.Settings
		field string
	}{
		{"ok", invoices.Settings{SellerName: "A", DueDays: 14}, ""},
		{"long name", invoices.Settings{SellerName: strings.Repeat("a", 201)}, "seller_name"},
		{"negative days", invoices.Settings{DueDays: -1}, "due_days"},
		{"bad utf-8", invoices.Settings{Footer: "\xff"}, "footer"},
	} {
		err := tc.set.Validate()
		fields, _ := fault.AsInvalid(err)
		if (tc.field == "" && err != nil) || (tc.field != "" && fields[tc.field] == "") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
