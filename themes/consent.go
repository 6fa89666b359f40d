package themes

import (
	"bytes"
	"fmt"
	"html/template"
)

// ConsentView is the cookie-consent bar every page carries. It is part of
// the cached page, so it holds nothing about one visitor but whether they
// have chosen for the current policy (pages are cached in both variants):
// which categories they allowed is read from their cookie by consent.js,
// in their own browser.
type ConsentView struct {
	// Chosen hides the bar: the visitor answered the current policy. The
	// footer's "Cookie settings" shows it again.
	Chosen bool
	// Open shows the categories at once (the /consent page).
	Open bool
	// Version is the policy version the bar asks about.
	Version          int64
	Heading, Message string
	// ColoursURL is the stylesheet with the owner's colours.
	ColoursURL string
	// Back is where the forms return to after a choice without JavaScript.
	Back       string
	Categories []ConsentCategory
	// Scripts are the owner's tagged scripts, written inert.
	Scripts []ConsentScript
}

// ConsentCategory is one category of the settings, with what it covers.
type ConsentCategory struct {
	Name, Label, Purpose string
	Always               bool // necessary: always on, the box cannot be cleared
	Checked              bool // only on the uncached /consent page
	Items                []ConsentItem
}

// ConsentItem is one cookie or service a category covers.
type ConsentItem struct {
	Name, Purpose string
}

// ConsentScript is an owner's script: it is written as
// <script type="text/plain" data-consent=CATEGORY data-src=SRC>, which no
// browser runs, and consent.js makes a real script of it once CATEGORY is
// allowed.
type ConsentScript struct {
	Category, Src string
}

// ConsentBar renders the consent bar alone, for pages that no design draws
// (the platform's own): the same markup as on every site, so consent.js
// and consent.css work on it unchanged.
func (s *Set) ConsentBar(cv *ConsentView) (template.HTML, error) {
	d, ok := s.byName[s.fallback]
	if !ok {
		return "", fmt.Errorf("consent bar: no default design")
	}
	var buf bytes.Buffer
	if err := d.tmpl.ExecuteTemplate(&buf, "consent", document{PageView: PageView{Consent: cv}}); err != nil {
		return "", fmt.Errorf("consent bar: %w", err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // html/template output
}
