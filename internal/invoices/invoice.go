// Package invoices issues a site's pro-forma invoices, invoices and credit
// notes for its orders: numbered per site, kind and year without gaps or
// duplicates, frozen once written (seller, buyer and lines are a snapshot),
// and rendered as a PDF or read by the admin's printable page.
package invoices

import (
	"fmt"
	"slices"
	"time"

	"github.com/bojanz/currency"

	"github.com/pagecart/pagecart/internal/fault"
)

// Kind is the sort of document; each has its own number sequence.
type Kind string

// The kinds of document.
const (
	// ProForma asks for payment before the sale is final (bank transfer):
	// it is not an accounting document.
	ProForma Kind = "proforma"
	// Final is the invoice proper.
	Final Kind = "invoice"
	// CreditNote cancels a final invoice, with the same lines negated.
	CreditNote Kind = "credit_note"
)

// ErrNotFound is fault.ErrNotFound for an invoice ID of another site or none.
var ErrNotFound = fmt.Errorf("invoice %w", fault.ErrNotFound)

// ErrExists is a fault.ErrConflict: the order already has a document of
// that kind, so a second click issues nothing.
var ErrExists = fmt.Errorf("this order already has one: %w", fault.ErrConflict)

// Title is the document's heading.
func (k Kind) Title() string {
	switch k {
	case ProForma:
		return "Pro-forma invoice"
	case CreditNote:
		return "Credit note"
	}
	return "Invoice"
}

// prefix starts the kind's numbers, so that the three sequences never
// print the same number.
func (k Kind) prefix() string {
	switch k {
	case ProForma:
		return "PF-"
	case CreditNote:
		return "CN-"
	}
	return ""
}

func (k Kind) valid() bool { return k == ProForma || k == Final || k == CreditNote }

// Party is a seller or a buyer as printed.
type Party struct {
	Name    string `json:"name"`
	Company string `json:"company,omitempty"`
	// Address is printed line by line.
	Address   string `json:"address,omitempty"`
	CompanyID string `json:"company_id,omitempty"`
	TaxID     string `json:"tax_id,omitempty"`
	Email     string `json:"email,omitempty"`
	Phone     string `json:"phone,omitempty"`
}

// Line is one line of a document: a product, the shipping or a fee.
// Amounts are minor units of the document's currency; Net + Tax = Total.
type Line struct {
	Name     string `json:"name"`
	SKU      string `json:"sku,omitempty"`
	Quantity int64  `json:"quantity"`
	// UnitPrice is what one unit cost as charged (the shop's price).
	UnitPrice int64 `json:"unit_price"`
	// TaxRate is in hundredths of a percent: 2100 is 21 %.
	TaxRate int   `json:"tax_rate"`
	Net     int64 `json:"net"`
	Tax     int64 `json:"tax"`
	Total   int64 `json:"total"`
}

// Invoice is one issued document.
type Invoice struct {
	ID          int64
	SiteID      int64
	Kind        Kind
	Number      string
	OrderID     int64
	OrderNumber string
	// CreditsID is, for a credit note, the invoice it cancels.
	CreditsID int64
	Currency  string
	Language  string
	IssuedAt  time.Time
	DueAt     time.Time
	Seller    Seller
	Buyer     Party
	Lines     []Line
	Subtotal  int64 // the sum of the lines' Net
	Tax       int64
	Total     int64
	// PaymentMethod and PaymentReference tell the buyer how to pay (the
	// bank transfer's variable symbol, for instance).
	PaymentMethod    string
	PaymentReference string
	CreatedBy        int64
}

// Seller is the issuing business as printed, with its payment details.
type Seller struct {
	Party
	BankAccount string `json:"bank_account,omitempty"`
	Footer      string `json:"footer,omitempty"`
}

// RecapRow is the sum of the lines taxed at one rate.
type RecapRow struct {
	Rate            int
	Net, Tax, Total int64
}

// TaxRecap sums the lines per tax rate, highest rate first, as tax law
// asks an invoice to show.
func (inv Invoice) TaxRecap() []RecapRow {
	by := map[int]*RecapRow{}
	for _, l := range inv.Lines {
		r := by[l.TaxRate]
		if r == nil {
			r = &RecapRow{Rate: l.TaxRate}
			by[l.TaxRate] = r
		}
		r.Net += l.Net
		r.Tax += l.Tax
		r.Total += l.Total
	}
	rows := make([]RecapRow, 0, len(by))
	for _, r := range by {
		rows = append(rows, *r)
	}
	slices.SortFunc(rows, func(a, b RecapRow) int { return b.Rate - a.Rate })
	return rows
}

// RateLabel writes a tax rate for people: "21 %", "10.5 %".
func RateLabel(rate int) string {
	if rate%100 == 0 {
		return fmt.Sprintf("%d %%", rate/100)
	}
	s := fmt.Sprintf("%d.%02d", rate/100, rate%100)
	if s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s + " %"
}

// Money formats minor units of the invoice's currency as its language
// writes them: "€12.50", "12,50 Kč".
func (inv Invoice) Money(minor int64) string {
	lang := inv.Language
	if lang == "" {
		lang = "en"
	}
	a, err := currency.NewAmountFromInt64(minor, inv.Currency)
	if err != nil {
		return fmt.Sprintf("%d %s", minor, inv.Currency)
	}
	return currency.NewFormatter(currency.NewLocale(lang)).Format(a)
}
