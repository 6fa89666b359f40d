package invoices

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDF embeds the Go fonts (part of golang.org/x/image, already a
// dependency): they are UTF-8 TrueType fonts covering Latin, Greek and
// Cyrillic, so that a name like "Dvořák" prints as written, where fpdf's
// built-in fonts know only Latin-1.
const font = "go"

// column is one column of the lines table.
type column struct {
	title string
	width float64
	align string
	value func(inv Invoice, l Line) string
}

var lineColumns = []column{
	{"Item", 56, "L", func(_ Invoice, l Line) string { return l.Name }},
	{"Qty", 12, "R", func(_ Invoice, l Line) string { return strconv.FormatInt(l.Quantity, 10) }},
	{"Unit price", 24, "R", func(inv Invoice, l Line) string { return inv.Money(l.UnitPrice) }},
	{"Tax rate", 14, "R", func(_ Invoice, l Line) string { return RateLabel(l.TaxRate) }},
	{"Net", 24, "R", func(inv Invoice, l Line) string { return inv.Money(l.Net) }},
	{"Tax", 24, "R", func(inv Invoice, l Line) string { return inv.Money(l.Tax) }},
	{"Total", 26, "R", func(inv Invoice, l Line) string { return inv.Money(l.Total) }},
}

// pdfText replaces the narrow no-break space that CLDR puts in some
// currency formats, which the Go fonts lack, with a plain no-break space.
func pdfText(s string) string { return strings.ReplaceAll(s, "\u202f", "\u00a0") }

// WritePDF renders the document as an A4 PDF to w.
func (inv Invoice) WritePDF(w io.Writer) error {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(15, 15, 15)
	p.SetAutoPageBreak(true, 18)
	p.AddUTF8FontFromBytes(font, "", goregular.TTF)
	p.AddUTF8FontFromBytes(font, "B", gobold.TTF)
	// The number goes into the document's title as plain text, so that
	// search tools and tests can find it without decoding the page.
	p.SetTitle(inv.Number, false)
	p.SetSubject(inv.Kind.Title()+" "+inv.Number, true)
	p.SetAuthor(inv.Seller.Name, true)
	p.SetCreator("Pagecart", false)
	p.SetCreationDate(inv.IssuedAt)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-14)
		p.SetFont(font, "", 8)
		p.SetTextColor(110, 110, 110)
		footer := inv.Seller.Footer
		p.CellFormat(150, 5, pdfText(footer), "", 0, "L", false, 0, "")
		p.CellFormat(30, 5, fmt.Sprintf("%s · %d/{nb}", inv.Number, p.PageNo()), "", 0, "R", false, 0, "")
	})
	p.AddPage()
	text := func(size float64, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		p.SetFont(font, style, size)
		p.SetTextColor(20, 20, 20)
	}

	// Heading: the seller's name on the left, the kind and number on the right.
	text(16, true)
	p.CellFormat(100, 9, pdfText(inv.Seller.Name), "", 0, "L", false, 0, "")
	text(14, true)
	p.CellFormat(80, 9, pdfText(inv.Kind.Title()), "", 1, "R", false, 0, "")
	text(10, false)
	p.CellFormat(100, 5, "", "", 0, "L", false, 0, "")
	p.CellFormat(80, 5, "No. "+inv.Number, "", 1, "R", false, 0, "")
	p.Ln(4)

	// Seller and buyer side by side.
	top := p.GetY()
	party(p, 15, top, "Seller", inv.Seller.Party, inv.Seller.BankAccount)
	leftEnd := p.GetY()
	party(p, 110, top, "Buyer", inv.Buyer, "")
	p.SetY(max(leftEnd, p.GetY()) + 4)

	// Dates and references.
	facts := [][2]string{{"Date of issue", inv.IssuedAt.Format("2 January 2006")}}
	if inv.Kind != CreditNote {
		facts = append(facts, [2]string{"Due date", inv.DueAt.Format("2 January 2006")})
	}
	facts = append(facts, [2]string{"Order", inv.OrderNumber})
	if inv.PaymentMethod != "" {
		facts = append(facts, [2]string{"Payment", inv.PaymentMethod})
	}
	if inv.PaymentReference != "" {
		facts = append(facts, [2]string{"Payment reference", inv.PaymentReference})
	}
	for _, f := range facts {
		text(9, false)
		p.CellFormat(40, 5, f[0], "", 0, "L", false, 0, "")
		text(9, true)
		p.CellFormat(140, 5, pdfText(f[1]), "", 1, "L", false, 0, "")
	}
	p.Ln(5)

	// The lines.
	text(8, true)
	p.SetFillColor(238, 238, 238)
	for _, c := range lineColumns {
		p.CellFormat(c.width, 7, c.title, "B", 0, c.align, true, 0, "")
	}
	p.Ln(-1)
	text(9, false)
	for _, l := range inv.Lines {
		// A long product name wraps within its column; the other cells
		// take the height of the wrapped name.
		name := p.SplitText(pdfText(l.Name), lineColumns[0].width-2)
		h := float64(max(1, len(name))) * 5
		if p.GetY()+h > 279-18 {
			p.AddPage()
		}
		x, y := p.GetX(), p.GetY()
		p.MultiCell(lineColumns[0].width, 5, pdfText(l.Name), "", "L", false)
		p.SetXY(x+lineColumns[0].width, y)
		for _, c := range lineColumns[1:] {
			p.CellFormat(c.width, 5, pdfText(c.value(inv, l)), "", 0, c.align, false, 0, "")
		}
		p.SetXY(x, y+h)
		p.SetDrawColor(220, 220, 220)
		p.Line(15, y+h, 195, y+h)
	}
	p.Ln(5)

	// Tax recap per rate, then the totals.
	text(8, true)
	recapCols := []float64{30, 30, 30, 30}
	p.SetX(75)
	for i, t := range []string{"Tax rate", "Net", "Tax", "Total"} {
		p.CellFormat(recapCols[i], 6, t, "B", 0, "R", true, 0, "")
	}
	p.Ln(-1)
	text(9, false)
	for _, r := range inv.TaxRecap() {
		p.SetX(75)
		for i, v := range []string{RateLabel(r.Rate), inv.Money(r.Net), inv.Money(r.Tax), inv.Money(r.Total)} {
			p.CellFormat(recapCols[i], 5, pdfText(v), "", 0, "R", false, 0, "")
		}
		p.Ln(-1)
	}
	p.Ln(3)
	for _, t := range [][2]string{{"Subtotal", inv.Money(inv.Subtotal)}, {"Tax", inv.Money(inv.Tax)}} {
		text(9, false)
		p.SetX(105)
		p.CellFormat(50, 5, t[0], "", 0, "R", false, 0, "")
		p.CellFormat(40, 5, pdfText(t[1]), "", 1, "R", false, 0, "")
	}
	text(12, true)
	p.SetX(105)
	label := "Total due"
	if inv.Kind == CreditNote {
		label = "Total credited"
	}
	p.CellFormat(50, 8, label, "T", 0, "R", false, 0, "")
	p.CellFormat(40, 8, pdfText(inv.Money(inv.Total)), "T", 1, "R", false, 0, "")

	if inv.Kind == ProForma {
		p.Ln(6)
		text(8, false)
		p.MultiCell(180, 4, "This pro-forma invoice is a request for payment, not a tax document. "+
			"The invoice follows once the payment is received.", "", "L", false)
	}
	return p.Output(w)
}

// party prints a block of a seller's or buyer's details at (x, y).
func party(p *fpdf.Fpdf, x, y float64, title string, who Party, bank string) {
	p.SetXY(x, y)
	p.SetFont(font, "B", 8)
	p.SetTextColor(110, 110, 110)
	p.CellFormat(85, 5, strings.ToUpper(title), "", 2, "L", false, 0, "")
	p.SetTextColor(20, 20, 20)
	p.SetFont(font, "B", 10)
	p.MultiCell(85, 5, pdfText(who.Name), "", "L", false)
	p.SetFont(font, "", 9)
	var lines []string
	if who.Company != "" {
		lines = append(lines, who.Company)
	}
	if who.Address != "" {
		lines = append(lines, strings.Split(who.Address, "\n")...)
	}
	for _, f := range [][2]string{{"Company ID: ", who.CompanyID}, {"Tax ID: ", who.TaxID},
		{"", who.Email}, {"", who.Phone}, {"Bank account: ", bank}} {
		if f[1] != "" {
			lines = append(lines, f[0]+f[1])
		}
	}
	for _, l := range lines {
		p.SetX(x)
		p.MultiCell(85, 4.5, pdfText(l), "", "L", false)
	}
}
