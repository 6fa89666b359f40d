// Package forms is a site's contact forms: the forms the owner builds
// (fields, order, what is required), the messages visitors send with them
// past layered spam checks (captcha, honeypot, fill time, rate limits), and
// the inbox where the owner reads them. Each message is stored and e-mailed
// to the site's contact address in one transaction.
package forms

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
)

// ErrNotFound is returned for a form or message that is not the site's.
var ErrNotFound = fault.ErrNotFound

// Kind is the kind of a field.
type Kind string

// The kinds of field a form can have.
const (
	Text     Kind = "text"
	Email    Kind = "email"
	Phone    Kind = "phone"
	LongText Kind = "textarea"
	Choice   Kind = "choice"
	Checkbox Kind = "checkbox"
)

// Kinds lists every kind in the order the builder offers them.
var Kinds = []Kind{Text, Email, Phone, LongText, Choice, Checkbox}

// Label is the kind's name as the builder shows it.
func (k Kind) Label() string {
	switch k {
	case Text:
		return "Text"
	case Email:
		return "E-mail"
	case Phone:
		return "Phone"
	case LongText:
		return "Long text"
	case Choice:
		return "Choice"
	case Checkbox:
		return "Checkbox"
	}
	return string(k)
}

func (k Kind) valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// Personal reports whether the kind collects personal data: a form with
// such a field asks for consent to its processing.
func (k Kind) Personal() bool { return k == Text || k == Email || k == Phone || k == LongText }

// Field is one field of a form. Key names it in the posted form; it stays
// the same when the label changes.
type Field struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Kind     Kind     `json:"kind"`
	Required bool     `json:"required"`
	Options  []string `json:"options,omitempty"` // for a choice
}

// MaxLen is the most characters a visitor may type into a field.
func (f Field) MaxLen() int {
	if f.Kind == LongText {
		return 5000
	}
	return 200
}

// Form is a contact form.
type Form struct {
	ID    int64
	Slug  string
	Title string
	// Fields in the order the visitor sees them.
	Fields []Field
	// Thanks is shown after a message is sent.
	Thanks string
	// AutoReply, when set, is e-mailed to the visitor's address.
	AutoReply string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AsksConsent reports whether the form collects personal data, and so
// shows a required box agreeing to the privacy declaration.
func (f Form) AsksConsent() bool {
	for _, fl := range f.Fields {
		if fl.Kind.Personal() {
			return true
		}
	}
	return false
}

// Placeholder is what an owner types into a page to place the form.
func (f Form) Placeholder() string { return "[form " + f.Slug + "]" }

// Limits on what the owner builds.
const (
	MaxFields    = 20
	MaxLabel     = 100
	MaxOptions   = 30
	MaxTitle     = 100
	MaxThanks    = 500
	MaxAutoReply = 3000
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Default is the form a new one starts with: name, e-mail and message.
func Default(title string) Form {
	return Form{Title: title, Slug: "contact", Thanks: "Thank you, your message has been sent. We will answer as soon as we can.",
		Fields: []Field{
			{Key: "name", Label: "Your name", Kind: Text, Required: true},
			{Key: "email", Label: "Your e-mail", Kind: Email, Required: true},
			{Key: "message", Label: "Message", Kind: LongText, Required: true},
		}}
}

// Validate checks the form as the owner built it, and tidies it: labels
// trimmed, keys made for new fields, options of a choice cleaned.
func (f *Form) Validate() error {
	v := &fault.Invalid{}
	f.Title, f.Slug = strings.TrimSpace(f.Title), strings.TrimSpace(strings.ToLower(f.Slug))
	f.Thanks, f.AutoReply = strings.TrimSpace(f.Thanks), strings.TrimSpace(f.AutoReply)
	if v.CheckText("title", f.Title) {
		switch n := utf8.RuneCountInString(f.Title); {
		case n == 0:
			v.Add("title", "Give the form a title, for example “Contact us”.")
		case n > MaxTitle:
			v.Add("title", fmt.Sprintf("Keep the title under %d characters.", MaxTitle))
		}
	}
	if !slugPattern.MatchString(f.Slug) || len(f.Slug) > 50 {
		v.Add("slug", "Use lower-case letters, digits and single hyphens, for example “contact”.")
	}
	if v.CheckText("thanks", f.Thanks) && utf8.RuneCountInString(f.Thanks) > MaxThanks {
		v.Add("thanks", fmt.Sprintf("Keep the thank-you message under %d characters.", MaxThanks))
	}
	if v.CheckText("auto_reply", f.AutoReply) && utf8.RuneCountInString(f.AutoReply) > MaxAutoReply {
		v.Add("auto_reply", fmt.Sprintf("Keep the automatic reply under %d characters.", MaxAutoReply))
	}
	if f.Thanks == "" {
		f.Thanks = Default("").Thanks
	}
	switch {
	case len(f.Fields) == 0:
		v.Add("fields", "A form needs at least one field.")
	case len(f.Fields) > MaxFields:
		v.Add("fields", fmt.Sprintf("A form can have at most %d fields.", MaxFields))
	}
	keys := map[string]bool{}
	for i := range f.Fields {
		fl := &f.Fields[i]
		name := "field-" + strconv.Itoa(i)
		fl.Label = strings.TrimSpace(fl.Label)
		if v.CheckText(name, fl.Label) {
			switch n := utf8.RuneCountInString(fl.Label); {
			case n == 0:
				v.Add(name, fmt.Sprintf("Field %d needs a label.", i+1))
			case n > MaxLabel:
				v.Add(name, fmt.Sprintf("Keep the label of field %d under %d characters.", i+1, MaxLabel))
			}
		}
		if !fl.Kind.valid() {
			v.Add(name, fmt.Sprintf("Choose what kind of field %d is.", i+1))
		}
		var opts []string
		for _, o := range fl.Options {
			if o = strings.TrimSpace(o); o != "" && v.CheckText(name, o) {
				opts = append(opts, truncate(o, MaxLabel))
			}
		}
		fl.Options = nil
		if fl.Kind == Choice {
			fl.Options = opts
			if len(opts) < 2 || len(opts) > MaxOptions {
				v.Add(name, fmt.Sprintf("Give the choice “%s” between 2 and %d options, one per line.", fl.Label, MaxOptions))
			}
		}
		if fl.Key == "" || !slugPattern.MatchString(fl.Key) || keys[fl.Key] {
			fl.Key = "f" + strconv.Itoa(i+1)
			for keys[fl.Key] {
				fl.Key += "x"
			}
		}
		keys[fl.Key] = true
	}
	return v.Err()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
