package sections

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
)

var (
	idPattern     = regexp.MustCompile(`^[0-9a-f]{32}$`)
	colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	artPattern    = regexp.MustCompile(`^art-[a-d]$`)
	slugPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// policy sanitises rich text and custom HTML exactly as pages.Store does page bodies (user-generated
// content plus class attributes, so the design vocabulary survives). A bluemonday policy is safe for
// concurrent use once built.
var policy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	// A site's own links are followed by search engines; only links to
	// other hosts carry rel="nofollow".
	p.RequireNoFollowOnLinks(false)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AllowAttrs("class").Globally()
	return p
}()

// Sanitize cleans HTML from an owner the way rich text fields are cleaned.
func Sanitize(html string) string { return policy.Sanitize(html) }

// maxErrors is the most FieldErrors Validate reports.
const maxErrors = 100

// maxLink is the longest link accepted: longer ones are not addresses people type.
const maxLink = 2000

// Validate checks sections against their schemas and reports every problem at once as FieldErrors. It
// changes the sections in place so that what is stored is what is shown: rich text and HTML are sanitised,
// numbers become ints, and a missing setting is filled with its empty value.
func Validate(secs []Section) error {
	var errs FieldErrors
	add := func(s, b int, field, format string, args ...any) {
		// Enough to show a person what is wrong; junk data must not make a megabyte of messages.
		if len(errs) < maxErrors {
			errs = append(errs, FieldError{Section: s, Block: b, Field: field, Message: fmt.Sprintf(format, args...)})
		}
	}
	if len(secs) > MaxSections {
		add(-1, -1, "", "A page can have at most %d sections; this one has %d.", MaxSections, len(secs))
		return errs
	}
	seen := make(map[string]bool)
	checkID := func(s, b int, id string) {
		switch {
		case !idPattern.MatchString(id):
			add(s, b, "", "The ID must be 32 lower-case hexadecimal digits.")
		case seen[id]:
			add(s, b, "", "The ID %s is used twice on this page.", id)
		}
		seen[id] = true
	}
	for i := range secs {
		sec := &secs[i]
		checkID(i, -1, sec.ID)
		t, ok := Lookup(sec.Type)
		if !ok {
			add(i, -1, "", "There is no section type %q.", truncate(sec.Type, 40))
			continue
		}
		if sec.Settings == nil {
			sec.Settings = make(map[string]any, len(t.Fields))
		}
		for _, fe := range checkSettings(t.Fields, sec.Settings) {
			add(i, -1, fe.Field, "%s", fe.Message)
		}
		if t.Block == nil {
			if len(sec.Blocks) > 0 {
				add(i, -1, "", "A %s section has no blocks.", t.Title)
			}
			continue
		}
		if len(sec.Blocks) > t.MaxBlocks {
			add(i, -1, "", "A %s section can have at most %d blocks; this one has %d.", t.Title, t.MaxBlocks, len(sec.Blocks))
			continue
		}
		for j := range sec.Blocks {
			b := &sec.Blocks[j]
			checkID(i, j, b.ID)
			if b.Settings == nil {
				b.Settings = make(map[string]any, len(t.Block.Fields))
			}
			for _, fe := range checkSettings(t.Block.Fields, b.Settings) {
				add(i, j, fe.Field, "%s", fe.Message)
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkSettings checks one settings map against its fields, normalising it in place.
func checkSettings(fields []Field, m map[string]any) []FieldError {
	var errs []FieldError
	for name := range m {
		known := false
		for _, f := range fields {
			if f.Name == name {
				known = true
				break
			}
		}
		if !known {
			errs = append(errs, FieldError{Field: truncate(name, 40), Message: "There is no such setting."})
		}
	}
	for _, f := range fields {
		v, present := m[f.Name]
		if !present || v == nil {
			m[f.Name] = empty(f)
			if f.Required {
				errs = append(errs, FieldError{Field: f.Name, Message: f.Label + " is required."})
			}
			continue
		}
		nv, msg := checkValue(f, v)
		if msg != "" {
			errs = append(errs, FieldError{Field: f.Name, Message: msg})
			continue
		}
		m[f.Name] = nv
	}
	return errs
}

// empty is the value of a setting that was not given.
func empty(f Field) any {
	switch f.Kind {
	case Toggle:
		return false
	case Number:
		if d, ok := f.Default.(int); ok {
			return d
		}
		return f.Min
	}
	return ""
}

// checkValue checks one value and returns it normalised, or a message for the owner.
func checkValue(f Field, v any) (any, string) {
	switch f.Kind {
	case Toggle:
		b, ok := v.(bool)
		if !ok {
			return nil, "Must be on or off."
		}
		return b, ""
	case Number:
		var n float64
		switch x := v.(type) {
		case float64:
			n = x
		case int:
			n = float64(x)
		case int64:
			n = float64(x)
		default:
			return nil, "Must be a whole number."
		}
		if n != math.Trunc(n) || math.IsInf(n, 0) || math.IsNaN(n) {
			return nil, "Must be a whole number."
		}
		if n < float64(f.Min) || n > float64(f.Max) {
			return nil, fmt.Sprintf("Must be between %d and %d.", f.Min, f.Max)
		}
		return int(n), ""
	}
	s, ok := v.(string)
	if !ok {
		if f.Kind == Image {
			return nil, "Must be a picture from the media library (its ID as a string)."
		}
		return nil, "Must be text."
	}
	if !utf8.ValidString(s) {
		return nil, "Contains characters that are not text."
	}
	if f.Required && strings.TrimSpace(s) == "" {
		return nil, f.Label + " is required."
	}
	switch f.Kind {
	case Text, Textarea:
		if n := utf8.RuneCountInString(s); f.Max > 0 && n > f.Max {
			return nil, fmt.Sprintf("Must be at most %d characters (it is %d).", f.Max, n)
		}
		for _, r := range s {
			if r == '\n' || r == '\r' || r == '\t' {
				if f.Kind == Text && r != '\t' {
					return nil, "Must be one line."
				}
				continue
			}
			if unicode.IsControl(r) {
				return nil, "Contains invisible control characters."
			}
		}
		return s, ""
	case RichText, HTML:
		if f.Max > 0 && len(s) > 2*f.Max {
			return nil, fmt.Sprintf("Is too long: at most %d characters.", f.Max)
		}
		clean := policy.Sanitize(s)
		if f.Max > 0 && utf8.RuneCountInString(clean) > f.Max {
			return nil, fmt.Sprintf("Is too long: at most %d characters.", f.Max)
		}
		return clean, ""
	case Link:
		if msg := checkLink(s); msg != "" {
			return nil, msg
		}
		return s, ""
	case Colour:
		if s != "" && !colourPattern.MatchString(s) {
			return nil, "Must be a colour like #1a2b3c."
		}
		return strings.ToLower(s), ""
	case Align, Select:
		for _, o := range f.Options {
			if o.Value == s {
				return s, ""
			}
		}
		if s == "" && !f.Required {
			if d, ok := f.Default.(string); ok {
				return d, ""
			}
			return "", ""
		}
		return nil, "Is not one of the choices."
	case Image:
		if s == "" || artPattern.MatchString(s) {
			return s, ""
		}
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 && strconv.FormatInt(id, 10) == s {
			return s, ""
		}
		return nil, "Must be a picture from the media library."
	case Form:
		if s != "" && (len(s) > 100 || !slugPattern.MatchString(s)) {
			return nil, "Must be one of your forms."
		}
		return s, ""
	}
	return nil, "Has an unknown kind."
}

// ValidLink reports whether s is a link a section may hold (see checkLink); "" is not one.
func ValidLink(s string) bool { return s != "" && checkLink(s) == "" }

// checkLink accepts what an owner links to: a page of the site ("/menu"), an anchor, a web address, an
// e-mail address or a phone number. Anything else (javascript:, data:, "//other.host") is refused.
func checkLink(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > maxLink {
		return fmt.Sprintf("Must be at most %d characters.", maxLink)
	}
	if strings.HasPrefix(s, "tel:") {
		// People write phone numbers with spaces.
		digits := 0
		for _, r := range s[len("tel:"):] {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case !strings.ContainsRune("+-(). ", r):
				return "Must be a phone number after tel:."
			}
		}
		if digits < 3 {
			return "Must be a phone number after tel:."
		}
		return ""
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "Must not contain spaces."
		}
	}
	const bad = "Must be a page of your site (/about), a web address (https://…), mailto:… or tel:…."
	switch {
	case strings.HasPrefix(s, "//"), strings.HasPrefix(s, `/\`):
		return bad
	case strings.HasPrefix(s, "/"), strings.HasPrefix(s, "#"):
		return ""
	case strings.HasPrefix(s, "mailto:"):
		if len(s) == len("mailto:") || !strings.Contains(s, "@") {
			return "Must be an e-mail address after mailto:."
		}
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return bad
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
