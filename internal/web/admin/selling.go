package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/taxes"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// The shop's selling settings: shipping zones and methods, payment
// methods, tax classes and rates, and whether prices include tax.

type methodRow struct {
	shipping.Method
	PriceText, FreeOverText, BandsText string
}

type zoneRow struct {
	shipping.Zone
	CountriesText string
	Rows          []methodRow
}

type shippingData struct {
	Zones   []zoneRow
	Example string // a price as typed: "4.90"
	Code    string
}

func (a *Admin) shippingPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderShipping(w, r, st, http.StatusOK, nil)
}

func (a *Admin) renderShipping(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	zones, err := a.d.Shipping.Zones(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	m := siteMoney(st.site)
	d := shippingData{Example: m.Example(), Code: m.code}
	for _, z := range zones {
		zr := zoneRow{Zone: z, CountriesText: strings.Join(z.Countries, ", ")}
		for _, me := range z.Methods {
			mr := methodRow{Method: me, PriceText: m.Input(me.Price)}
			if me.FreeOver > 0 {
				mr.FreeOverText = m.Input(me.FreeOver)
			}
			var bands []string
			for _, b := range me.Bands {
				bands = append(bands, fmt.Sprintf("%d:%s", b.UpToGrams, m.Input(b.Price)))
			}
			mr.BandsText = strings.Join(bands, ", ")
			zr.Rows = append(zr.Rows, mr)
		}
		d.Zones = append(d.Zones, zr)
	}
	if f == nil {
		f = &ui.Form{}
	}
	return a.render(w, r, status, "shipping.html", "Shipping", f, d)
}

func (a *Admin) saveZone(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_, err := a.d.Shipping.SaveZone(r.Context(), st.site.ID, id, shipping.ZoneInput{Name: f.Value("name"), Countries: f.Value("countries")})
	if f.Absorb(err) {
		return a.renderShipping(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return done(w, r, "/admin/settings/shipping", "Shipping zone saved.")
}

func (a *Admin) deleteZone(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "Delete this shipping zone?", Message: "Its shipping methods are deleted with it. Orders already placed keep their shipping.",
			Action: r.URL.Path, Button: "Delete zone", Cancel: "/admin/settings/shipping"})
	}
	if err := a.d.Shipping.DeleteZone(r.Context(), st.site.ID, id); err != nil {
		return err
	}
	return done(w, r, "/admin/settings/shipping", "Shipping zone deleted.")
}

// parseBands reads "1000:4.90, 5000:8.90" (grams:price).
func parseBands(m money, s string) ([]shipping.Band, error) {
	var out []shipping.Band
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		g, p, ok := strings.Cut(part, ":")
		grams, err := strconv.Atoi(strings.TrimSpace(g))
		if !ok || err != nil || grams <= 0 {
			return nil, fault.Invalidf("bands", "Write each band as grams:price, like 1000:4.90, separated by commas.")
		}
		price, err := m.Parse(p)
		if err != nil {
			return nil, fault.Invalidf("bands", "Write each band as grams:price, like 1000:4.90, separated by commas.")
		}
		out = append(out, shipping.Band{UpToGrams: grams, Price: price})
	}
	return out, nil
}

func (a *Admin) saveMethod(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	m := siteMoney(st.site)
	zone, err := strconv.ParseInt(r.PathValue("zone"), 10, 64)
	if err != nil {
		return fmt.Errorf("zone: %w", fault.ErrNotFound)
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	in := shipping.MethodInput{Kind: f.Value("kind"), Name: f.Value("name"), Enabled: f.Checked("enabled"), TaxClass: f.Value("tax_class")}
	var bad fault.Invalid
	if in.Price, err = m.Parse(f.Value("price")); err != nil {
		bad.Add("price", "Enter a price like "+m.Example()+".")
	}
	if in.FreeOver, err = m.Parse(f.Value("free_over")); err != nil {
		bad.Add("free_over", "Enter an amount like "+m.Example()+", or leave it empty.")
	}
	if in.Bands, err = parseBands(m, f.Value("bands")); err != nil {
		bad.Add("bands", "Write each band as grams:price, like 1000:4.90, separated by commas.")
	}
	err = bad.Err()
	if err == nil {
		_, err = a.d.Shipping.SaveMethod(r.Context(), st.site.ID, zone, id, in)
	}
	if f.Absorb(err) {
		return a.renderShipping(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return done(w, r, "/admin/settings/shipping", "Shipping method saved.")
}

func (a *Admin) deleteMethod(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "Delete this shipping method?", Message: "Shoppers can no longer choose it. Orders already placed keep it.",
			Action: r.URL.Path, Button: "Delete method", Cancel: "/admin/settings/shipping"})
	}
	if err := a.d.Shipping.DeleteMethod(r.Context(), st.site.ID, id); err != nil {
		return err
	}
	return done(w, r, "/admin/settings/shipping", "Shipping method deleted.")
}

type paymentRow struct {
	payments.Method
	FeeText string
}

type paymentsData struct {
	Methods []paymentRow
	Example string
}

func (a *Admin) paymentsPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderPayments(w, r, st, http.StatusOK, nil)
}

func (a *Admin) renderPayments(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	ms, err := a.d.Payments.Methods(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	m := siteMoney(st.site)
	d := paymentsData{Example: m.Example()}
	for _, pm := range ms {
		row := paymentRow{Method: pm}
		if pm.Fee > 0 {
			row.FeeText = m.Input(pm.Fee)
		}
		d.Methods = append(d.Methods, row)
	}
	if f == nil {
		f = &ui.Form{}
	}
	return a.render(w, r, status, "payments.html", "Payments", f, d)
}

func (a *Admin) savePayment(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	code := r.PathValue("code")
	ms, err := a.d.Payments.Methods(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	pm, ok := payments.Find(ms, code)
	if !ok {
		return fmt.Errorf("payment method: %w", fault.ErrNotFound)
	}
	pm.Name, pm.Enabled, pm.Instructions, pm.Details = f.Value("name"), f.Checked("enabled"), f.Value("instructions"), f.Raw("details")
	if pm.Fee, err = siteMoney(st.site).Parse(f.Value("fee")); err != nil {
		err = fault.Invalidf("fee", "Enter an amount like "+siteMoney(st.site).Example()+", or leave it empty.")
	} else {
		err = a.d.Payments.SaveMethod(r.Context(), st.site.ID, pm)
	}
	if f.Absorb(err) {
		f.Values.Set("code", code)
		return a.renderPayments(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return done(w, r, "/admin/settings/payments", pm.Name+" saved.")
}

type taxesData struct {
	Classes  []taxes.Class
	Settings orders.Settings
}

func (a *Admin) taxesPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderTaxes(w, r, st, http.StatusOK, nil)
}

func (a *Admin) renderTaxes(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form) error {
	classes, err := a.d.Taxes.Classes(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	set, err := a.d.Orders.Settings(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	if f == nil {
		f = &ui.Form{}
	}
	return a.render(w, r, status, "taxes.html", "Taxes", f, taxesData{Classes: classes, Settings: set})
}

func (a *Admin) saveTaxMode(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	set, err := a.d.Orders.Settings(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	set.PricesIncludeTax = f.Value("prices_include_tax") == "1"
	if v := f.Value("order_number_format"); v != "" {
		set.NumberFormat = v
	}
	set.Terms = strings.TrimSpace(f.Raw("terms"))
	err = a.d.Orders.UpdateSettings(r.Context(), st.site.ID, set)
	if f.Absorb(err) {
		return a.renderTaxes(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return done(w, r, "/admin/settings/taxes", "Settings saved.")
}

func (a *Admin) addTaxClass(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	err := a.d.Taxes.AddClass(r.Context(), st.site.ID, f.Value("code"), f.Value("name"))
	if f.Absorb(err) {
		return a.renderTaxes(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return done(w, r, "/admin/settings/taxes", "Tax class added.")
}

func (a *Admin) deleteTaxClass(w http.ResponseWriter, r *http.Request, st *state) error {
	code := r.PathValue("code")
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "Delete the tax class “" + code + "”?", Message: "Its rates are deleted with it; products in it are taxed at the standard rates.",
			Action: r.URL.Path, Button: "Delete class", Cancel: "/admin/settings/taxes"})
	}
	err := a.d.Taxes.DeleteClass(r.Context(), st.site.ID, code)
	if fields, ok := fault.AsInvalid(err); ok {
		return a.renderTaxes(w, r, st, http.StatusUnprocessableEntity, &ui.Form{Errors: fields})
	}
	if err != nil {
		return err
	}
	return done(w, r, "/admin/settings/taxes", "Tax class deleted.")
}

func (a *Admin) setTaxRate(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	err := a.d.Taxes.SetRate(r.Context(), st.site.ID, f.Value("class"), f.Value("country"), f.Value("rate"))
	if f.Absorb(err) {
		return a.renderTaxes(w, r, st, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return done(w, r, "/admin/settings/taxes", "Tax rate saved.")
}

func (a *Admin) deleteTaxRate(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.d.Taxes.DeleteRate(r.Context(), st.site.ID, id); err != nil {
		return err
	}
	return done(w, r, "/admin/settings/taxes", "Tax rate deleted.")
}
