package themes

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/bojanz/currency"
)

// StarterData is what a new site's starter pages are written with: only
// facts the site really has. Everything else a page needs (an address, a
// phone number, opening hours) is a marked placeholder the owner replaces.
type StarterData struct {
	Title       string // the site's title, e.g. "Rosie Bakes!"
	Language    string // the site's language, e.g. "en", "de"; formats prices
	Currency    string // ISO 4217 code of the site's prices, e.g. "EUR"
	PublicEmail string // the e-mail the site shows, or "" for none yet
}

// PlaceholderClass marks text in a starter page that the owner must replace;
// every design styles it visibly, and the admin's checklist looks for it.
const PlaceholderClass = "placeholder"

// placeholderMarker is what a page still holding a placeholder contains.
var placeholderMarker = `class="` + PlaceholderClass + `"`

// HasPlaceholder reports whether a page body still holds a placeholder of a
// starter page.
func HasPlaceholder(body string) bool {
	return strings.Contains(body, placeholderMarker)
}

// starterView is what a starter page template receives: the data and the
// helpers that format it.
type starterView struct {
	StarterData
	money *currency.Formatter
}

func newStarterView(d StarterData) starterView {
	if d.Language == "" {
		d.Language = "en"
	}
	if d.Currency == "" {
		d.Currency = "EUR"
	}
	return starterView{StarterData: d, money: currency.NewFormatter(currency.NewLocale(d.Language))}
}

// Price formats an example price, written in the template in major units
// ("4.50"), in the site's currency as its language writes it: "€4.50" in
// English, "4,50 €" in German. An unknown currency falls back to the
// number and the code rather than failing a signup.
func (v starterView) Price(amount string) string {
	a, err := currency.NewAmount(amount, v.Currency)
	if err != nil {
		return amount + " " + v.Currency
	}
	return v.money.Format(a.Round())
}

// Placeholder writes text the owner must replace, marked so that visitors
// and the owner see at once that it is not a fact: "[Your street and town]".
func (v starterView) Placeholder(text string) template.HTML {
	return template.HTML(`<span class="` + PlaceholderClass + `">[` + template.HTMLEscapeString(text) + `]</span>`)
}

// starterTemplate is one starter page, parsed once at start.
type starterTemplate struct {
	page StarterPage // Body is empty: it is written per site
	tmpl *template.Template
}

func parseStarter(name, body string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(body)
	if err != nil {
		return nil, err
	}
	// Executed once with sample data, so that a template calling a helper
	// that does not exist stops the program at start, not a signup.
	if _, err := executeStarter(t, StarterData{Title: "Sample", Language: "en", Currency: "EUR"}); err != nil {
		return nil, err
	}
	return t, nil
}

func executeStarter(t *template.Template, d StarterData) (template.HTML, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, newStarterView(d)); err != nil {
		return "", fmt.Errorf("write starter page %s: %w", t.Name(), err)
	}
	// Written by our own template from escaped data, never raw user input.
	return template.HTML(b.String()), nil
}
