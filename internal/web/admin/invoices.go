package admin

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/invoices"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/web/ui"
)

func (a *Admin) findInvoice(r *http.Request, st *state) (invoices.Invoice, error) {
	id, err := pathID(r)
	if err != nil {
		return invoices.Invoice{}, err
	}
	return a.d.Invoices.Get(r.Context(), st.site.ID, id)
}

// invoiceView is the printable invoice page.
type invoiceView struct {
	invoices.Invoice
	Issued, Due string
	SellerLines []string
	BuyerLines  []string
	Lines       []invoiceLineView
	Recap       []recapView
	Subtotal    string
	TaxText     string
	TotalText   string
	OrderURL    string
}

type invoiceLineView struct {
	Name, SKU, Qty, Unit, Rate, Net, Tax, Total string
}

type recapView struct{ Rate, Net, Tax, Total string }

func partyLines(p invoices.Party, bank string) []string {
	var out []string
	if p.Company != "" {
		out = append(out, p.Company)
	}
	if p.Address != "" {
		out = append(out, strings.Split(p.Address, "\n")...)
	}
	for _, kv := range [][2]string{{"Company ID: ", p.CompanyID}, {"Tax ID: ", p.TaxID}, {"", p.Email}, {"", p.Phone}, {"Bank account: ", bank}} {
		if kv[1] != "" {
			out = append(out, kv[0]+kv[1])
		}
	}
	return out
}

func (a *Admin) invoicePage(w http.ResponseWriter, r *http.Request, st *state) error {
	inv, err := a.findInvoice(r, st)
	if err != nil {
		return err
	}
	loc := siteLocation(st.site)
	v := invoiceView{Invoice: inv, Issued: inv.IssuedAt.In(loc).Format("2 January 2006"), Due: inv.DueAt.In(loc).Format("2 January 2006"),
		SellerLines: partyLines(inv.Seller.Party, inv.Seller.BankAccount), BuyerLines: partyLines(inv.Buyer, ""),
		Subtotal: inv.Money(inv.Subtotal), TaxText: inv.Money(inv.Tax), TotalText: inv.Money(inv.Total), OrderURL: orderURL(inv.OrderID)}
	for _, l := range inv.Lines {
		v.Lines = append(v.Lines, invoiceLineView{Name: l.Name, SKU: l.SKU, Qty: strconv.FormatInt(l.Quantity, 10),
			Unit: inv.Money(l.UnitPrice), Rate: invoices.RateLabel(l.TaxRate), Net: inv.Money(l.Net), Tax: inv.Money(l.Tax), Total: inv.Money(l.Total)})
	}
	for _, rr := range inv.TaxRecap() {
		v.Recap = append(v.Recap, recapView{Rate: invoices.RateLabel(rr.Rate), Net: inv.Money(rr.Net), Tax: inv.Money(rr.Tax), Total: inv.Money(rr.Total)})
	}
	return a.render(w, r, http.StatusOK, "invoice_print.html", inv.Kind.Title()+" "+inv.Number, nil, v)
}

func (a *Admin) invoicePDF(w http.ResponseWriter, r *http.Request, st *state) error {
	inv, err := a.findInvoice(r, st)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := inv.WritePDF(&buf); err != nil {
		return err
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, string(inv.Kind)+"-"+inv.Number)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`.pdf"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = buf.WriteTo(w)
	return err
}

// packingSlip is the printable list of what goes into the parcel.
type packingSlip struct {
	Order    orders.Order
	Date     string
	Shop     string
	Shipping []string
	Lines    []lineView
	Items    int
}

func (a *Admin) packingSlip(w http.ResponseWriter, r *http.Request, st *state) error {
	o, err := a.findOrder(r, st)
	if err != nil {
		return err
	}
	ship := o.Shipping
	if ship.Empty() {
		ship = o.Billing
	}
	p := packingSlip{Order: o, Date: o.CreatedAt.In(siteLocation(st.site)).Format("2 January 2006"), Shop: st.site.Title,
		Shipping: addressLines(ship), Items: o.ItemCount()}
	for _, l := range o.Lines {
		name := l.Title
		if l.VariantTitle != "" {
			name += " — " + l.VariantTitle
		}
		p.Lines = append(p.Lines, lineView{Name: name, SKU: l.SKU, Qty: l.Qty})
	}
	return a.render(w, r, http.StatusOK, "packing_slip.html", "Packing slip "+o.Number, nil, p)
}

// Invoice settings: the seller's details.

func (a *Admin) invoiceSettingsPage(w http.ResponseWriter, r *http.Request, st *state) error {
	set, err := a.d.Invoices.Settings(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"seller_name": {set.SellerName}, "seller_address": {set.SellerAddress},
		"company_id": {set.CompanyID}, "tax_id": {set.TaxID}, "bank_account": {set.BankAccount}, "footer": {set.Footer},
		"due_days": {strconv.Itoa(set.DueDays)}}}
	return a.render(w, r, http.StatusOK, "invoice_settings.html", "Invoices", f, st.site.Title)
}

func (a *Admin) saveInvoiceSettings(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	days, err := strconv.Atoi(f.Value("due_days"))
	if err != nil {
		f.Set("due_days", "Enter a number of days from 0 to 365.")
		days = -1
	}
	set := invoices.Settings{SellerName: f.Raw("seller_name"), SellerAddress: f.Raw("seller_address"), CompanyID: f.Raw("company_id"),
		TaxID: f.Raw("tax_id"), BankAccount: f.Raw("bank_account"), Footer: f.Raw("footer"), DueDays: days}
	if err := a.d.Invoices.SaveSettings(r.Context(), st.site.ID, set); err != nil {
		if f.Absorb(err) {
			return a.render(w, r, http.StatusUnprocessableEntity, "invoice_settings.html", "Invoices", f, st.site.Title)
		}
		return err
	}
	return done(w, r, "/admin/settings/invoices", "Invoice details saved. New invoices use them; issued ones stay as they are.")
}
