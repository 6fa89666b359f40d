package consent

import (
	"net/url"

	"github.com/pagecart/pagecart/internal/fault"
)

// ChoiceFromForm reads the bar's form: "Accept all", "Reject all", or the
// saved settings. gpc is the browser's Global Privacy Control signal
// (Sec-GPC: 1), a refusal of marketing whatever was clicked.
func ChoiceFromForm(form url.Values, gpc bool) (Choice, error) {
	var ch Choice
	switch form.Get("choice") {
	case "accept":
		ch = All()
	case "reject":
	case "save":
		ch = Choice{Preferences: form.Get("preferences") != "", Statistics: form.Get("statistics") != "",
			Marketing: form.Get("marketing") != ""}
	default:
		return Choice{}, fault.Invalidf("choice", "Choose “Accept all”, “Reject all” or save your settings.")
	}
	if gpc {
		ch.Marketing = false
	}
	return ch, nil
}
