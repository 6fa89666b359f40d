package accounts

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
)

func TestErrorKinds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		kind error
		msg  string
	}{
		{ErrNotFound, fault.ErrNotFound, "Not found."},
		{ErrTokenInvalid, fault.ErrNotFound, "This link is invalid or has expired."},
		{ErrForbidden, fault.ErrForbidden, "You are not allowed to do this."},
		{&ThrottledError{Wait: 90 * time.Second}, fault.ErrUnavailable, "Too many failed attempts. Try again in 90 seconds."},
	} {
		wrapped := fmt.Errorf("context: %w", tc.err)
		if !errors.Is(wrapped, tc.kind) || !errors.Is(wrapped, tc.err) {
			t.Errorf("%v is not %v", tc.err, tc.kind)
		}
		if tc.err.Error() != tc.msg {
			t.Errorf("message %q, want %q", tc.err.Error(), tc.msg)
		}
	}
	if errors.Is(ErrTokenInvalid, ErrNotFound) {
		t.Error("ErrTokenInvalid must stay distinguishable from ErrNotFound")
	}
	verr := NewValidationError("email", "Enter a valid e-mail address, like name@example.com.").add("password", "Use at least 10 characters.")
	fields, ok := fault.AsInvalid(fmt.Errorf("signup: %w", verr))
	if !ok || len(fields) != 2 || fields["password"] != "Use at least 10 characters." {
		t.Errorf("fault.AsInvalid = %v, %v", fields, ok)
	}
	if got := verr.Error(); got != "invalid input: email: Enter a valid e-mail address, like name@example.com.; password: Use at least 10 characters." {
		t.Errorf("Error() = %q", got)
	}
}
