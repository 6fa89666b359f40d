package admin

import (
	"html/template"

	"github.com/pagecart/pagecart/internal/orders"
)

// orderStatusBadge shows a status in its colour. The colour is drawn as an
// SVG dot's fill attribute, not a style, because the admin's content
// security policy allows no inline styles; the status form accepts only
// #rrggbb, and the template escapes it again.
func orderStatusBadge(s orders.Status) template.HTML {
	colour := s.Colour
	if !validColour(colour) {
		colour = "#6b7280"
	}
	return template.HTML(`<span class="status-badge"><svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill="` +
		template.HTMLEscapeString(colour) + `"/></svg>` + template.HTMLEscapeString(s.Name) + `</span>`)
}

func validColour(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return true
}

// payBadge shows an order's payment state.
func payBadge(state string) template.HTML {
	class := "badge warn"
	switch state {
	case orders.PaymentPaid:
		class = "badge ok"
	case orders.PaymentRefunded:
		class = "badge"
	}
	return template.HTML(`<span class="` + class + `">` + template.HTMLEscapeString(orders.PaymentLabel(state)) + `</span>`)
}
