// Package fault names the few kinds of error that domain packages return,
// so that the web layer can turn any of them into the right status and page
// without knowing which package it came from. Domain packages wrap these
// (fmt.Errorf("page %d: %w", id, fault.ErrNotFound)) and never import net/http.
package fault

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// The kinds of failure other than invalid input.
var (
	ErrNotFound = errors.New("not found")
	// ErrUnauthenticated means the person or client could not be recognised
	// (a wrong e-mail or password, an unknown or revoked token): unlike
	// ErrForbidden, proving who they are may help.
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrForbidden       = errors.New("forbidden")
	ErrConflict        = errors.New("conflict")
	// ErrTooLarge: the input is bigger than what is accepted.
	ErrTooLarge = errors.New("too large")
	// ErrTooManyRequests means this caller has to wait before trying again;
	// a *Throttled (or any Waiter) says how long.
	ErrTooManyRequests = errors.New("too many requests")
	ErrUnavailable     = errors.New("unavailable")
)

// Waiter is implemented by errors that know how long to wait before
// trying again (a throttled login, a rate limit); the web layer sends it
// as Retry-After.
type Waiter interface {
	// RetryAfter is the wait in whole seconds, at least 1.
	RetryAfter() int
}

// RetryAfter returns the wait in seconds that err or an error in its
// chain asks for.
func RetryAfter(err error) (int, bool) {
	var w Waiter
	if errors.As(err, &w) {
		return w.RetryAfter(), true
	}
	return 0, false
}

// Throttled refuses an attempt for now: it is ErrTooManyRequests, and Wait
// says when the same attempt may be made again, for a Retry-After header
// and for the person.
type Throttled struct {
	// Reason is the sentence that says why, such as "Too many failed
	// attempts."; the wait is added to it.
	Reason string
	Wait   time.Duration
}

// RetryAfter is the wait in whole seconds, rounded up so that a client
// which waits exactly that long is let in, and at least 1.
func (e *Throttled) RetryAfter() int {
	return max(1, int(math.Ceil(e.Wait.Seconds())))
}

// Error is the reason and the wait, written to be shown as it is.
func (e *Throttled) Error() string {
	reason := e.Reason
	if reason == "" {
		reason = "Too many requests."
	}
	if n := e.RetryAfter(); n > 1 {
		return fmt.Sprintf("%s Try again in %d seconds.", reason, n)
	}
	return reason + " Try again in 1 second."
}

// Unwrap makes errors.Is(err, ErrTooManyRequests) true.
func (e *Throttled) Unwrap() error { return ErrTooManyRequests }

// AsThrottled finds a *Throttled in err's chain.
func AsThrottled(err error) (*Throttled, bool) {
	var t *Throttled
	ok := errors.As(err, &t)
	return t, ok
}

// Invalid is input that a person must correct: a sentence for each field.
type Invalid struct {
	Fields map[string]string
}

// Invalidf returns an *Invalid with one field's message.
func Invalidf(field, message string) *Invalid {
	return &Invalid{Fields: map[string]string{field: message}}
}

// Add records a message for field unless it already has one, so that the
// first problem found is the one shown.
func (e *Invalid) Add(field, message string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = message
	}
}

// Messages for text that no database should be asked to store: both would
// keep raw bytes that are served as UTF-8 (SQLite) or refuse them with an
// error (PostgreSQL), so domain validation refuses them first.
const (
	MsgInvalidUTF8 = "This text contains characters that are not valid UTF-8."
	MsgNULByte     = "This text contains a NUL character, which cannot be stored."
)

// CheckText records a message for field when text is not valid UTF-8 or
// contains a NUL byte, and reports whether it was fine; validation code
// calls it before checking what the text says.
func (e *Invalid) CheckText(field, text string) bool {
	switch {
	case !utf8.ValidString(text):
		e.Add(field, MsgInvalidUTF8)
	case strings.IndexByte(text, 0) >= 0:
		e.Add(field, MsgNULByte)
	default:
		return true
	}
	return false
}

// Err returns e when it holds a message and nil otherwise, so validation
// code can end with "return v.Err()".
func (e *Invalid) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Error lists the messages in field order.
func (e *Invalid) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// FieldErrors returns the messages by field name.
func (e *Invalid) FieldErrors() map[string]string { return e.Fields }

// AsInvalid finds an *Invalid in err's chain, or anything else that offers
// FieldErrors.
func AsInvalid(err error) (map[string]string, bool) {
	var fe interface{ FieldErrors() map[string]string }
	if errors.As(err, &fe) {
		return fe.FieldErrors(), true
	}
	return nil, false
}
