// Package fault names the few kinds of error that domain packages return,
// so that the web layer can turn any of them into the right status and page
// without knowing which package it came from. Domain packages wrap these
// (fmt.Errorf("page %d: %w", id, fault.ErrNotFound)) and never import net/http.
package fault

import (
	"errors"
	"sort"
	"strings"
	"time"
)

// The kinds of failure other than invalid input.
var (
	ErrNotFound = errors.New("not found")
	// ErrUnauthenticated: the person or client is not who they claim, or
	// did not say (wrong password, unknown or revoked token).
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrForbidden       = errors.New("forbidden")
	ErrConflict        = errors.New("conflict")
	// ErrTooLarge: the input is bigger than what is accepted.
	ErrTooLarge = errors.New("too large")
	// ErrTooManyRequests: too many attempts; an error of this kind may say
	// when to try again by implementing Waiter.
	ErrTooManyRequests = errors.New("too many requests")
	ErrUnavailable     = errors.New("unavailable")
)

// Waiter is implemented by errors that know how long to wait before
// trying again (a throttled login, a rate limit); the web layer sends it
// as Retry-After.
type Waiter interface {
	RetryAfter() time.Duration
}

// RetryAfter returns the wait that err or an error in its chain asks for.
func RetryAfter(err error) (time.Duration, bool) {
	var w Waiter
	if errors.As(err, &w) {
		return w.RetryAfter(), true
	}
	return 0, false
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
// FieldErrors, as another package's own validation type may.
func AsInvalid(err error) (map[string]string, bool) {
	var fe interface{ FieldErrors() map[string]string }
	if errors.As(err, &fe) {
		return fe.FieldErrors(), true
	}
	return nil, false
}
