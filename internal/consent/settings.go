package consent

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
)

// Settings is what the owner set for the consent bar and the privacy
// declaration, with the site's scripts and its policy version.
type Settings struct {
	// Heading and Message are the bar's texts.
	Heading, Message string
	// Background, Foreground and Accent are the bar's colours (#rrggbb);
	// the accent colours the buttons.
	Background, Foreground, Accent string
	// Controller names who is responsible for the visitors' data: name,
	// address, e-mail, as the declaration shows it.
	Controller string
	// Declaration is the owner's own privacy declaration; empty shows the
	// one written from what the site does.
	Declaration string
	// Scripts are the owner's tagged scripts, oldest first.
	Scripts []Script
	// Version is the policy version a visitor's choice must name.
	Version int64
}

// Defaults are the settings of a site whose owner changed nothing.
func Defaults() Settings {
	return Settings{
		Heading: "We value your privacy",
		Message: "This site uses cookies that are needed for it to work. With your permission, it would also use " +
			"cookies for preferences, statistics and marketing. You can change your choice at any time with " +
			"“Cookie settings” at the bottom of every page.",
		Background: "#ffffff", Foreground: "#1f2328", Accent: "#1f2328",
		Version: 1,
	}
}

// Script is code the owner adds to every page, in one category. It is
// served from the site's own address and runs only in browsers whose
// visitor allowed its category.
type Script struct {
	ID       int64
	Name     string
	Category Category
	Code     string
}

// Limits on what the owner types.
const (
	MaxHeading     = 120
	MaxMessage     = 1000
	MaxController  = 1000
	MaxDeclaration = 50_000
	MaxScriptName  = 100
	MaxScriptCode  = 50_000
	MaxScripts     = 20
)

var colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate checks the settings and tidies their texts.
func (s *Settings) Validate() error {
	v := &fault.Invalid{}
	s.Heading, s.Message = strings.TrimSpace(s.Heading), strings.TrimSpace(s.Message)
	s.Controller, s.Declaration = strings.TrimSpace(s.Controller), strings.TrimSpace(s.Declaration)
	text := func(field, value, what string, max int, required bool) {
		if !v.CheckText(field, value) {
			return
		}
		switch n := utf8.RuneCountInString(value); {
		case required && n == 0:
			v.Add(field, "Enter "+what+".")
		case n > max:
			v.Add(field, fmt.Sprintf("Keep %s under %d characters (it has %d).", what, max, n))
		}
	}
	text("heading", s.Heading, "a heading", MaxHeading, true)
	text("message", s.Message, "the message", MaxMessage, true)
	text("controller", s.Controller, "the controller's details", MaxController, false)
	text("declaration", s.Declaration, "the declaration", MaxDeclaration, false)
	for _, c := range []struct{ field, value string }{{"background", s.Background}, {"foreground", s.Foreground}, {"accent", s.Accent}} {
		if !colourPattern.MatchString(c.value) {
			v.Add(c.field, "Choose a colour as #rrggbb, for example #1f2328.")
		}
	}
	return v.Err()
}

// Validate checks a script before it is added.
func (sc *Script) Validate() error {
	v := &fault.Invalid{}
	sc.Name = strings.TrimSpace(sc.Name)
	if v.CheckText("name", sc.Name) {
		switch n := utf8.RuneCountInString(sc.Name); {
		case n == 0:
			v.Add("name", "Name the script, for example “Visitor statistics”: visitors see the name in the cookie settings.")
		case n > MaxScriptName:
			v.Add("name", fmt.Sprintf("Keep the name under %d characters.", MaxScriptName))
		}
	}
	if !sc.Category.Valid() || sc.Category == Necessary {
		// Necessary code would run without consent; anything the owner adds
		// is optional by definition, so it must name what it is for.
		v.Add("category", "Choose preferences, statistics or marketing.")
	}
	sc.Code = strings.TrimSpace(sc.Code)
	if v.CheckText("code", sc.Code) {
		switch n := len(sc.Code); {
		case n == 0:
			v.Add("code", "Paste the script's JavaScript.")
		case n > MaxScriptCode:
			v.Add("code", fmt.Sprintf("Keep the code under %d characters.", MaxScriptCode))
		case strings.HasPrefix(strings.ToLower(sc.Code), "<script"):
			v.Add("code", "Paste only the JavaScript, without the <script> and </script> tags around it.")
		}
	}
	return v.Err()
}
