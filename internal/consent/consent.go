// Package consent is a site's cookie consent: the categories a visitor can
// allow, the bar's texts and colours the owner sets, the owner's scripts
// tagged with a category (which run only once that category is allowed),
// the visitors' choices as a cookie value and as a log kept as proof, and
// the facts the privacy declaration is written from.
package consent

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
)

// ErrNotFound is returned for a script that is not the site's.
var ErrNotFound = fault.ErrNotFound

// Category is one kind of cookie or tool a visitor can allow.
type Category string

// The categories, in the order the bar shows them. Necessary is always on.
const (
	Necessary   Category = "necessary"
	Preferences Category = "preferences"
	Statistics  Category = "statistics"
	Marketing   Category = "marketing"
)

// Categories lists every category in display order.
var Categories = []Category{Necessary, Preferences, Statistics, Marketing}

// Optional lists the categories a visitor chooses, in display order.
var Optional = []Category{Preferences, Statistics, Marketing}

// Label is the category's name as people read it.
func (c Category) Label() string {
	switch c {
	case Necessary:
		return "Necessary"
	case Preferences:
		return "Preferences"
	case Statistics:
		return "Statistics"
	case Marketing:
		return "Marketing"
	}
	return string(c)
}

// Purpose is the sentence the bar shows for the category.
func (c Category) Purpose() string {
	switch c {
	case Necessary:
		return "What the site needs to work, such as remembering your cookie choice, your cart and signing in. Always on."
	case Preferences:
		return "Remembering choices that make the site more convenient, such as a language."
	case Statistics:
		return "Measuring visits, anonymously where possible, to understand how the site is used."
	case Marketing:
		return "Advertising and tracking tools, often from third parties, that may follow you across websites."
	}
	return ""
}

// Valid reports whether c is one of the categories.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if c == k {
			return true
		}
	}
	return false
}

// Choice is what a visitor allowed; necessary cookies are always allowed.
type Choice struct {
	Preferences, Statistics, Marketing bool
}

// All allows every category.
func All() Choice { return Choice{true, true, true} }

// Allows reports whether the choice allows category c.
func (ch Choice) Allows(c Category) bool {
	switch c {
	case Necessary:
		return true
	case Preferences:
		return ch.Preferences
	case Statistics:
		return ch.Statistics
	case Marketing:
		return ch.Marketing
	}
	return false
}

// Allowed lists the allowed categories, necessary first.
func (ch Choice) Allowed() []Category {
	var out []Category
	for _, c := range Categories {
		if ch.Allows(c) {
			out = append(out, c)
		}
	}
	return out
}

// CookieName is the first-party cookie that keeps a visitor's choice. It is
// itself a necessary cookie, and readable by the page's script, which
// applies the choice in the browser (pages are cached for every visitor).
const CookieName = "pc_consent"

// CookieLifetime is how long a choice is remembered: six months, after
// which the visitor is asked again, as regulators expect.
const CookieLifetime = 182 * 24 * time.Hour

// Cookie is a visitor's choice as kept in their browser:
// VERSION.PSM.CONSENTID, where P, S and M are 0 or 1 for preferences,
// statistics and marketing.
type Cookie struct {
	Version   int64
	Choice    Choice
	ConsentID string
}

// consentIDPattern is what NewConsentID makes (URL-safe base64).
var consentIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{20,64}$`)

// String is the cookie's value.
func (c Cookie) String() string {
	bit := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	return strconv.FormatInt(c.Version, 10) + "." + bit(c.Choice.Preferences) + bit(c.Choice.Statistics) +
		bit(c.Choice.Marketing) + "." + c.ConsentID
}

// ParseCookie reads a cookie value; anything malformed is an error, and the
// visitor is then asked as if they had never chosen.
func ParseCookie(v string) (Cookie, error) {
	parts := strings.Split(v, ".")
	if len(parts) != 3 || len(parts[1]) != 3 || !consentIDPattern.MatchString(parts[2]) {
		return Cookie{}, errors.New("malformed consent cookie")
	}
	ver, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || ver < 1 {
		return Cookie{}, errors.New("malformed consent cookie version")
	}
	var bits [3]bool
	for i, b := range parts[1] {
		switch b {
		case '0':
		case '1':
			bits[i] = true
		default:
			return Cookie{}, errors.New("malformed consent cookie choice")
		}
	}
	return Cookie{Version: ver, Choice: Choice{bits[0], bits[1], bits[2]}, ConsentID: parts[2]}, nil
}
