package admin

import (
	"net/http"
)

// confirmation is the page that asks before something is removed. Forms
// that remove things carry data-confirm for a quick dialog; without
// JavaScript, or when the POST lacks confirmed=1, this page asks instead.
type confirmation struct {
	Heading, Message string
	Action           string // the POST target
	Button           string
	Cancel           string // where "Keep it" leads
	Hidden           []hiddenField
	Safe             bool // the action changes rather than removes: not a red button
}

// hiddenField carries a form's choice (ticked products, a percent) through
// the confirmation page.
type hiddenField struct{ Name, Value string }

func (a *Admin) confirm(w http.ResponseWriter, r *http.Request, c confirmation) error {
	return a.render(w, r, http.StatusOK, "confirm.html", c.Heading, nil, c)
}

// confirmed reports whether the person has confirmed on the confirmation
// page, whose form alone sends confirmed=1.
func confirmed(r *http.Request) bool {
	return r.PostFormValue("confirmed") == "1"
}
