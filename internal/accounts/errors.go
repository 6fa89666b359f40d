package accounts

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
)

// The error kinds of this package. The web layer maps each to a status and
// a page; their messages are written to be shown to a person as they are.
// Those that match one of package fault's kinds wrap it, so that the one
// mapping function of the web layer handles them without knowing this package.
var (
	// ErrNotFound means the account, session, member or invitation does not
	// exist, or belongs to another site.
	ErrNotFound error = &kindError{"Not found.", fault.ErrNotFound}
	// ErrInvalidCredentials is deliberately the same for an unknown e-mail and
	// a wrong password, so that a login form does not reveal who has an account.
	ErrInvalidCredentials = errors.New("The e-mail or password is not right.")
	// ErrThrottled is what a *ThrottledError matches with errors.Is; it is
	// also fault.ErrUnavailable, since the answer is "try again later".
	ErrThrottled error = &kindError{"Too many failed attempts. Try again later.", fault.ErrUnavailable}
	// ErrTokenInvalid covers every reason a link no longer works (unknown,
	// used, expired, of another purpose or site): telling them apart would
	// help only someone guessing tokens. To the web layer it is a page not
	// found.
	ErrTokenInvalid error = &kindError{"This link is invalid or has expired.", fault.ErrNotFound}
	// ErrForbidden means the person is known but their role does not allow
	// the action.
	ErrForbidden error = &kindError{"You are not allowed to do this.", fault.ErrForbidden}
)

// kindError is a sentinel error with its own message that is also one of
// package fault's kinds.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// ValidationError reports input that a person has to correct. Fields maps a
// form field name ("email", "password", …) to the sentence shown beside it.
type ValidationError struct {
	Fields map[string]string
}

// NewValidationError returns a ValidationError about one field.
func NewValidationError(field, message string) *ValidationError {
	return &ValidationError{Fields: map[string]string{field: message}}
}

// Error lists the messages in field order, so that logs are stable.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid input: ")
	for i, f := range slices.Sorted(maps.Keys(e.Fields)) {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", f, e.Fields[f])
	}
	return b.String()
}

// FieldErrors returns the messages by field name; it is how fault.AsInvalid
// and so the web layer recognise a ValidationError.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

// add records a message for field, keeping the first one given, and returns
// e so that a validation can collect all problems before failing.
func (e *ValidationError) add(field, message string) *ValidationError {
	if e == nil {
		return NewValidationError(field, message)
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = message
	}
	return e
}

// ThrottledError is returned by Authenticate while a login key has to wait
// after too many failures; Wait is how long is left.
type ThrottledError struct {
	Wait time.Duration
}

// Error gives the wait in whole seconds, rounded up so that a person who
// waits exactly that long is let in.
func (e *ThrottledError) Error() string {
	n := int64(math.Ceil(e.Wait.Seconds()))
	if n <= 1 {
		return "Too many failed attempts. Try again in 1 second."
	}
	return fmt.Sprintf("Too many failed attempts. Try again in %d seconds.", n)
}

// Unwrap makes errors.Is(err, ErrThrottled) true for a *ThrottledError, and
// so also errors.Is(err, fault.ErrUnavailable).
func (e *ThrottledError) Unwrap() error { return ErrThrottled }
