package fault

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestInvalid(t *testing.T) {
	var v Invalid
	if v.Err() != nil {
		t.Fatal("empty Invalid must be no error")
	}
	v.Add("name", "first")
	v.Add("name", "second")
	err := fmt.Errorf("create: %w", v.Err())
	fields, ok := AsInvalid(err)
	if !ok || fields["name"] != "first" {
		t.Fatalf("AsInvalid = %v %v", fields, ok)
	}
	if _, ok := AsInvalid(fmt.Errorf("x: %w", ErrNotFound)); ok {
		t.Fatal("not found is not invalid")
	}
	if !errors.Is(fmt.Errorf("page: %w", ErrNotFound), ErrNotFound) {
		t.Fatal("wrapping")
	}
}

func TestThrottled(t *testing.T) {
	for _, tc := range []struct {
		wait  time.Duration
		after int
		msg   string
	}{
		{90 * time.Second, 90, "Too many failed attempts. Try again in 90 seconds."},
		{1500 * time.Millisecond, 2, "Too many failed attempts. Try again in 2 seconds."},
		{time.Second, 1, "Too many failed attempts. Try again in 1 second."},
		{time.Millisecond, 1, "Too many failed attempts. Try again in 1 second."},
	} {
		err := fmt.Errorf("login: %w", &Throttled{Reason: "Too many failed attempts.", Wait: tc.wait})
		th, ok := AsThrottled(err)
		if !ok || !errors.Is(err, ErrTooManyRequests) {
			t.Fatalf("%v is not throttled", err)
		}
		if th.RetryAfter() != tc.after || th.Error() != tc.msg {
			t.Errorf("wait %v: Retry-After %d, message %q; want %d, %q", tc.wait, th.RetryAfter(), th.Error(), tc.after, tc.msg)
		}
	}
	if _, ok := AsThrottled(ErrUnavailable); ok {
		t.Error("unavailable is not throttled")
	}
}

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"Pekárna U Nováků ☕", ""},
		{"", ""},
		{"Bad \xff byte", MsgInvalidUTF8},
		{"Cut \xc3", MsgInvalidUTF8},
		{"Nul \x00 inside", MsgNULByte},
	} {
		var v Invalid
		ok := v.CheckText("title", tc.text)
		if ok != (tc.want == "") || v.Fields["title"] != tc.want {
			t.Errorf("%q: ok %v, message %q; want %q", tc.text, ok, v.Fields["title"], tc.want)
		}
	}
}
