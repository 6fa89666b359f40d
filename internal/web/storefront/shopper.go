package storefront

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/themes"
)

// The shopper's cookies, each on the site's own host only: a guest's cart
// (a random token whose hash finds the cart) and a customer's session.
const (
	cartCookie     = "pc_cart"
	customerCookie = "pc_customer"
)

func (s *Storefront) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.d.Config.SecureCookies(), SameSite: http.SameSiteLaxMode})
}

func cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// customer returns the customer logged in on this site, if any. A session
// cookie of another site finds nobody here.
func (s *Storefront) customer(r *http.Request, site sites.Site) (customers.Customer, bool) {
	token := cookieValue(r, customerCookie)
	if token == "" {
		return customers.Customer{}, false
	}
	c, err := s.d.Customers.BySession(r.Context(), site.ID, token)
	return c, err == nil
}

// cartOf returns the visitor's cart: the customer's, or the guest's by its
// cookie. With create, a visitor without one gets one (and its cookie);
// without, ok is false.
func (s *Storefront) cartOf(w http.ResponseWriter, r *http.Request, site sites.Site, create bool) (cart.Cart, bool, error) {
	ctx := r.Context()
	if c, ok := s.customer(r, site); ok {
		if create {
			ct, err := s.d.Carts.ForCustomer(ctx, site.ID, c.ID)
			return ct, err == nil, err
		}
		ct, err := s.d.Carts.ByCustomer(ctx, site.ID, c.ID)
		if errors.Is(err, cart.ErrNotFound) {
			return cart.Cart{}, false, nil
		}
		return ct, err == nil, err
	}
	ct, err := s.d.Carts.ByToken(ctx, site.ID, cookieValue(r, cartCookie))
	if err == nil {
		return ct, true, nil
	}
	if !errors.Is(err, cart.ErrNotFound) {
		return cart.Cart{}, false, err
	}
	if !create {
		return cart.Cart{}, false, nil
	}
	ct, token, err := s.d.Carts.NewGuest(ctx, site.ID)
	if err != nil {
		return cart.Cart{}, false, err
	}
	s.setCookie(w, cartCookie, token, 60*24*3600)
	return ct, true, nil
}

// renderCommerce draws a cart, checkout, order or account page in the
// site's design. These pages are the visitor's own: never cached.
func (s *Storefront) renderCommerce(w http.ResponseWriter, r *http.Request, site sites.Site, title string, c themes.Commerce, status int) error {
	v, err := s.view(r.Context(), site, nil, "\x00")
	if err != nil {
		return err
	}
	v.Page.Title = title
	v.Commerce = &c
	var buf bytes.Buffer
	if err := s.d.Themes.Render(&buf, site.Theme, v); err != nil {
		return fmt.Errorf("render %s of site %d: %w", title, site.ID, err)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

func siteOf(r *http.Request) sites.Site {
	site, _ := request.Site(r.Context())
	return site
}

// formInt reads a positive integer field; 0 when absent or bad.
func formInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// countries is the checkout's list of countries.
func countries() []themes.CountryOption {
	all := checkout.Countries()
	out := make([]themes.CountryOption, len(all))
	for i, c := range all {
		out[i] = themes.CountryOption{Code: c.Code, Name: c.Name}
	}
	return out
}

// addressForm fills an address's fields and their messages (errs keyed
// prefix+field, as checkout names them).
func addressForm(prefix string, a orders.Address, errs map[string]string) themes.AddressForm {
	f := func(name, v string) themes.Field { return themes.Field{Value: v, Error: errs[prefix+name]} }
	return themes.AddressForm{Prefix: prefix, Countries: countries(), Name: f("name", a.Name), Company: f("company", a.Company),
		Line1: f("line1", a.Line1), Line2: f("line2", a.Line2), City: f("city", a.City), Postcode: f("postcode", a.Postcode),
		Country: f("country", a.Country), Phone: f("phone", a.Phone)}
}

// addressFromForm reads an address's fields.
func addressFromForm(r *http.Request, prefix string) orders.Address {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(prefix + name)) }
	return orders.Address{Name: v("name"), Company: v("company"), Line1: v("line1"), Line2: v("line2"), City: v("city"),
		Postcode: v("postcode"), Country: strings.ToUpper(v("country"))}
}

// addressLines writes an address for reading.
func addressLines(a orders.Address) []string {
	var out []string
	for _, l := range []string{a.Name, a.Company, a.Line1, a.Line2, strings.TrimSpace(a.Postcode + " " + a.City), a.Region} {
		if l != "" {
			out = append(out, l)
		}
	}
	if name, ok := checkout.CountryName(a.Country); ok {
		out = append(out, name)
	}
	return out
}
