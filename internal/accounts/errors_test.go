package accounts

import (
	"errors"
	"fmt"
	"testing"

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
		{ErrInvalidCredentials, fault.ErrUnauthenticated, "The e-mail or password is not right."},
		{throttled(90e9), fault.ErrTooManyRequests, "Too many failed attempts. Try again in 90 seconds."},
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
}
