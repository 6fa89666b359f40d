package ui

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
)

// Form carries what a person typed and the messages for each field back
// into the page, so that a mistake never costs them their input.
type Form struct {
	Values url.Values
	Errors map[string]string
}

// NewForm reads the posted form. Bodies are capped by the server.
func NewForm(r *http.Request) *Form {
	_ = r.ParseForm()
	return &Form{Values: r.PostForm, Errors: map[string]string{}}
}

// Value is the trimmed value of a field.
func (f *Form) Value(name string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return strings.TrimSpace(f.Values.Get(name))
}

// Raw is the value of a field as typed (passwords, text bodies).
func (f *Form) Raw(name string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Checked reports whether a checkbox was ticked.
func (f *Form) Checked(name string) bool { return f.Value(name) != "" }

// Error is the message for a field, or "".
func (f *Form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// Invalid reports whether a field has a message, for aria-invalid.
func (f *Form) Invalid(name string) bool { return f.Error(name) != "" }

// Set records a message for a field unless it has one already.
func (f *Form) Set(name, message string) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if _, ok := f.Errors[name]; !ok {
		f.Errors[name] = message
	}
}

// HasErrors reports whether any field has a message.
func (f *Form) HasErrors() bool { return f != nil && len(f.Errors) > 0 }

// Summary counts the problems for the alert at the top of a form.
func (f *Form) Summary() string {
	if len(f.Errors) == 1 {
		return "One field needs your attention."
	}
	return "Some fields need your attention."
}

// Absorb copies the field messages of a validation error into the form
// and reports whether err was one; any other error is left to the caller.
func (f *Form) Absorb(err error) bool {
	fields, ok := fault.AsInvalid(err)
	if !ok {
		return false
	}
	for k, v := range fields {
		f.Set(k, v)
	}
	return true
}
