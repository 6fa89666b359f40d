package accounts

import (
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
	ErrInvalidCredentials error = &kindError{"The e-mail or password is not right.", fault.ErrUnauthenticated}
	// ErrTokenInvalid covers every reason a link no longer works (unknown,
	// used, expired, of another purpose or site): telling them apart would
	// help only someone guessing tokens. To the web layer it is a page not
	// found.
	ErrTokenInvalid error = &kindError{"This link is invalid or has expired.", fault.ErrNotFound}
	// ErrForbidden means the person is known but their role does not allow
	// the action.
	ErrForbidden error = &kindError{"You are not allowed to do this.", fault.ErrForbidden}
	// ErrEmailTaken refuses to confirm an e-mail change when another
	// account took the address after the change was asked for.
	ErrEmailTaken error = &kindError{msgEmailInUse, fault.ErrConflict}
)

// msgThrottled is the reason of the *fault.Throttled that a login gets
// while it has to wait after too many failures.
const msgThrottled = "Too many failed attempts."

// throttled is the error of a login that must wait d.
func throttled(d time.Duration) error {
	return &fault.Throttled{Reason: msgThrottled, Wait: d}
}

// kindError is a sentinel error with its own message that is also one of
// package fault's kinds.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }
