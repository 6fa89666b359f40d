package storefront

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// safeNext keeps a local path to return to after logging in.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, `\`) {
		return next
	}
	return ""
}

// accountPage serves /account: the customer's orders and addresses, or the
// log-in and register forms.
func (s *Storefront) accountPage(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	av := &themes.AccountView{Next: safeNext(r.URL.Query().Get("next"))}
	if r.URL.Query().Get("welcome") != "" {
		av.Message = "Your account is ready."
	}
	return s.showAccount(w, r, site, av, http.StatusOK)
}

func (s *Storefront) showAccount(w http.ResponseWriter, r *http.Request, site sites.Site, av *themes.AccountView, status int) error {
	ctx := r.Context()
	if c, ok := s.customer(r, site); ok {
		av.LoggedIn, av.Email, av.Name = true, c.Email, c.Name
		list, err := s.d.Orders.ByCustomer(ctx, site.ID, c.ID, 100)
		if err != nil {
			return err
		}
		statuses, err := s.d.Orders.Statuses(ctx, site.ID)
		if err != nil {
			return err
		}
		m, loc := newMoney(site.Language), siteLocation(site)
		for _, o := range list {
			av.Orders = append(av.Orders, themes.OrderRow{Number: o.Number, URL: "/orders/" + o.Token,
				Date: o.CreatedAt.In(loc).Format("2 Jan 2006"), Status: orders.StatusName(statuses, o.Status), Total: m.format(o.Total, o.Currency)})
		}
		saved, err := s.d.Customers.Addresses(ctx, site.ID, c.ID)
		if err != nil {
			return err
		}
		for _, a := range saved {
			av.Addresses = append(av.Addresses, themes.AddressRow{ID: a.ID, Lines: addressLines(a.Address), IsDefault: a.IsDefault})
		}
		if av.NewAddress.Prefix == "" {
			av.NewAddress = addressForm("", orders.Address{}, nil)
		}
	}
	return s.renderCommerce(w, r, site, "Your account", themes.Commerce{Account: av}, status)
}

// login starts a customer session on this site and merges the guest's
// cart into the customer's.
func (s *Storefront) login(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	email := r.PostFormValue("email")
	c, token, err := s.d.Customers.Login(r.Context(), site.ID, email, r.PostFormValue("password"))
	if errors.Is(err, fault.ErrUnauthenticated) {
		av := &themes.AccountView{LoginEmail: themes.Field{Value: email}, LoginError: "The e-mail address or the password is wrong.",
			Next: safeNext(r.PostFormValue("next"))}
		return s.showAccount(w, r, site, av, http.StatusUnauthorized)
	}
	if err != nil {
		return err
	}
	return s.loggedIn(w, r, site, c, token, safeNext(r.PostFormValue("next")))
}

// loggedIn sets the session cookie, merges the guest cart and goes on.
func (s *Storefront) loggedIn(w http.ResponseWriter, r *http.Request, site sites.Site, c customers.Customer, token, next string) error {
	if guest, err := s.d.Carts.ByToken(r.Context(), site.ID, cookieValue(r, cartCookie)); err == nil {
		if _, err := s.d.Carts.Merge(r.Context(), site.ID, guest.ID, c.ID); err != nil {
			return err
		}
	}
	s.setCookie(w, cartCookie, "", -1)
	s.setCookie(w, customerCookie, token, 30*24*3600)
	if next == "" {
		next = "/account"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// register creates a customer account and logs it in.
func (s *Storefront) register(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	email, name := r.PostFormValue("email"), r.PostFormValue("name")
	c, token, err := s.d.Customers.Register(r.Context(), site.ID, email, r.PostFormValue("password"), name, "")
	if fields, bad := fault.AsInvalid(err); bad {
		av := &themes.AccountView{RegisterEmail: themes.Field{Value: email}, RegisterName: themes.Field{Value: name},
			RegisterError: fields, Next: safeNext(r.PostFormValue("next"))}
		return s.showAccount(w, r, site, av, http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"))
	if next == "" {
		next = "/account?welcome=1"
	}
	return s.loggedIn(w, r, site, c, token, next)
}

// logout ends the customer's session.
func (s *Storefront) logout(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	if token := cookieValue(r, customerCookie); token != "" {
		if err := s.d.Customers.Logout(r.Context(), site.ID, token); err != nil {
			return err
		}
	}
	s.setCookie(w, customerCookie, "", -1)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// addAddress saves an address to the customer's book.
func (s *Storefront) addAddress(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	c, ok := s.customer(r, site)
	if !ok {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	a := addressFromForm(r, "")
	in, err := checkout.CheckDetails(c.Email, "", a, orders.Address{})
	if fields, bad := fault.AsInvalid(err); bad {
		errs := map[string]string{}
		for k, v := range fields {
			errs[strings.TrimPrefix(k, "billing_")] = v
		}
		return s.showAccount(w, r, site, &themes.AccountView{NewAddress: addressForm("", a, errs)}, http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	if err := s.d.Customers.SaveAddress(r.Context(), site.ID, c.ID, in.Billing); err != nil {
		return err
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

// deleteAddress removes one of the customer's addresses.
func (s *Storefront) deleteAddress(w http.ResponseWriter, r *http.Request) error {
	site := siteOf(r)
	c, ok := s.customer(r, site)
	if !ok {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return s.notFound(w, r)
	}
	if err := s.d.Customers.DeleteAddress(r.Context(), site.ID, c.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
