package consent

import (
	"strings"
)

// Facts are what the site really does, from which its privacy declaration
// is written.
type Facts struct {
	SiteTitle string
	// Controller is the owner's own description of who is responsible;
	// PublicEmail is the address the site shows. Either may be empty.
	Controller, PublicEmail string
	// Shop is true when the site sells products.
	Shop bool
	// Forms are the names of the site's contact forms.
	Forms   []string
	Scripts []Script
}

// Section is one heading of the declaration with its paragraphs and list.
type Section struct {
	Heading    string
	Paragraphs []string
	List       []string
}

// Declaration writes the privacy declaration from facts: only what the
// site does, so that it neither promises nor omits.
func Declaration(f Facts) []Section {
	who := f.SiteTitle
	var out []Section
	controller := Section{Heading: "Who is responsible"}
	switch {
	case f.Controller != "":
		controller.Paragraphs = append(controller.Paragraphs, "Responsible for the personal data collected on this site (the controller):")
		controller.List = strings.Split(f.Controller, "\n")
	default:
		controller.Paragraphs = append(controller.Paragraphs, "Responsible for the personal data collected on this site is "+who+".")
	}
	if f.PublicEmail != "" {
		controller.Paragraphs = append(controller.Paragraphs, "Write to "+f.PublicEmail+" for any question about your data, to see it, correct it, or have it deleted.")
	}
	out = append(out, controller)

	visit := Section{Heading: "When you visit", Paragraphs: []string{
		"The server that delivers this site records each request (address requested, time, browser, IP address) for security and to keep the site running. These records are kept for a short time and are not used to identify you.",
	}}
	out = append(out, visit)

	cookies := Section{Heading: "Cookies and tools", Paragraphs: []string{
		"This site uses cookies that are necessary for it to work, such as the one that remembers your cookie choice (pc_consent, kept 6 months). Other cookies and tools are used only if you allow their category in the cookie settings, which you can change at any time with “Cookie settings” at the bottom of every page.",
	}}
	for _, c := range Optional {
		var names []string
		for _, sc := range f.Scripts {
			if sc.Category == c {
				names = append(names, sc.Name)
			}
		}
		if len(names) == 0 {
			cookies.List = append(cookies.List, c.Label()+": nothing; this site uses no such tool.")
		} else {
			purpose := strings.TrimSuffix(strings.ToLower(c.Purpose()[:1])+c.Purpose()[1:], ".")
			cookies.List = append(cookies.List, c.Label()+" ("+purpose+"): "+strings.Join(names, ", ")+".")
		}
	}
	out = append(out, cookies)

	if len(f.Forms) > 0 {
		out = append(out, Section{Heading: "When you write to us", Paragraphs: []string{
			"When you send a form on this site (" + strings.Join(f.Forms, ", ") + "), we keep what you wrote, with the time, to answer you. It is used for nothing else, and deleted when it is no longer needed. Fields marked as required are needed to answer; the rest is up to you.",
		}})
	}
	if f.Shop {
		out = append(out, Section{Heading: "When you order", Paragraphs: []string{
			"To deliver an order we need your name, address, e-mail address and what you ordered. We keep orders as long as accounting law requires.",
		}})
	}
	out = append(out, Section{Heading: "Your rights", Paragraphs: []string{
		"You may ask to see the personal data we hold about you, have it corrected or deleted, object to its use or take a copy with you, and you may complain to your data protection authority. Consent you gave can be withdrawn at any time, as easily as it was given.",
	}})
	return out
}

// Paragraphs splits the owner's own declaration into paragraphs at blank
// lines.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
