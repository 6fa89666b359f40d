package storefront

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/themes"
)

// cartSizes is the cart's thumbnail size.
const cartSizes = "4.5rem"

// cartPage serves /cart.
func (s *Storefront) cartPage(w http.ResponseWriter, r *http.Request) error {
	msg := ""
	if r.URL.Query().Get("added") != "" {
		msg = "Added to your cart."
	}
	return s.showCart(w, r, msg, "", http.StatusOK)
}

func (s *Storefront) showCart(w http.ResponseWriter, r *http.Request, msg, problem string, status int) error {
	site := siteOf(r)
	ctx := r.Context()
	cv := &themes.CartView{Message: msg, Error: problem, Empty: true}
	ct, ok, err := s.cartOf(w, r, site, false)
	if err != nil {
		return err
	}
	var lines []cart.Line
	if ok {
		if lines, err = s.d.Carts.Lines(ctx, site.ID, ct.ID); err != nil {
			return err
		}
	}
	if len(lines) > 0 {
		cv.Empty = false
		qt, err := s.d.Checkout.Quote(ctx, site.ID, lines, checkout.Choice{Country: stateOf(ct).Shipping.Country})
		if err != nil {
			return err
		}
		m := newMoney(site.Language)
		for i, l := range lines {
			cl := themes.CartLine{VariantID: l.VariantID, URL: "/products/" + l.ProductSlug + "?variant=" + fmt.Sprint(l.VariantID),
				Title: l.Title, VariantTitle: l.VariantTitle, Qty: l.Qty, MaxQty: cart.MaxQty,
				UnitPrice: m.format(l.UnitPrice, qt.Currency), Total: m.format(qt.Lines[i].Total, qt.Currency), Problem: l.Problem()}
			if a := l.Available(); a > 0 {
				cl.MaxQty = min(a, cart.MaxQty)
			}
			if l.ImageMediaID != 0 {
				if img, err := s.d.Media.Get(ctx, site.ID, l.ImageMediaID); err == nil {
					img.Alt = ""
					cl.Picture = &themes.Picture{Img: img.Img(cartSizes, false)}
				} else if !errors.Is(err, media.ErrNotFound) {
					return err
				}
			}
			cv.Lines = append(cv.Lines, cl)
		}
		cv.Subtotal = m.format(qt.LinesTotal, qt.Currency)
		cv.Total = m.format(qt.LinesTotal, qt.Currency)
		cv.TaxNote = "Prices include tax."
		if !qt.PricesIncludeTax {
			cv.TaxNote = "Tax is added at checkout."
			cv.Total = m.format(qt.Subtotal, qt.Currency)
		}
		cv.Shipping = shippingEstimate(qt.ShippingOptions, m, qt.Currency)
	}
	return s.renderCommerce(w, r, site, "Your cart", themes.Commerce{Cart: cv}, status)
}

// shippingEstimate is the cheapest delivery (not pickup) for the cart:
// "Free", "from €4.90", or "" when nothing ships.
func shippingEstimate(opts []shipping.Option, m money, code string) string {
	best := int64(-1)
	for _, o := range opts {
		if o.Kind != shipping.KindPickup && (best < 0 || o.Price < best) {
			best = o.Price
		}
	}
	switch {
	case best < 0:
		return ""
	case best == 0:
		return "Free"
	}
	return "from " + m.format(best, code)
}

// addToCart handles the product page's form: POST /cart/add.
func (s *Storefront) addToCart(w http.ResponseWriter, r *http.Request) error {
	return s.changeCart(w, r, func(site sites.Site, ct cart.Cart, variant int64, qty int) error {
		if qty == 0 {
			qty = 1
		}
		return s.d.Carts.Add(r.Context(), site.ID, ct.ID, variant, qty)
	}, "/cart?added=1")
}

// updateCart sets a line's quantity: POST /cart/update (0 removes it).
func (s *Storefront) updateCart(w http.ResponseWriter, r *http.Request) error {
	return s.changeCart(w, r, func(site sites.Site, ct cart.Cart, variant int64, qty int) error {
		return s.d.Carts.SetQty(r.Context(), site.ID, ct.ID, variant, qty)
	}, "/cart")
}

// removeFromCart takes a line out: POST /cart/remove.
func (s *Storefront) removeFromCart(w http.ResponseWriter, r *http.Request) error {
	return s.changeCart(w, r, func(site sites.Site, ct cart.Cart, variant int64, _ int) error {
		return s.d.Carts.Remove(r.Context(), site.ID, ct.ID, variant)
	}, "/cart")
}

func (s *Storefront) changeCart(w http.ResponseWriter, r *http.Request, change func(sites.Site, cart.Cart, int64, int) error, next string) error {
	site := siteOf(r)
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "The form could not be read.")
	}
	variant := formInt(r, "variant")
	qty := int(min(formInt(r, "qty"), cart.MaxQty+1))
	if r.PostFormValue("qty") != "" && qty == 0 && r.PostFormValue("qty") != "0" {
		return s.showCart(w, r, "", fmt.Sprintf("Enter a quantity from 1 to %d.", cart.MaxQty), http.StatusUnprocessableEntity)
	}
	ct, _, err := s.cartOf(w, r, site, true)
	if err != nil {
		return err
	}
	err = change(site, ct, variant, qty)
	if fields, ok := fault.AsInvalid(err); ok {
		msg := ""
		for _, m := range fields {
			msg = m
		}
		return s.showCart(w, r, "", msg, http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
