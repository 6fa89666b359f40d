package web

import "testing"

func TestRedactPath(t *testing.T) {
	tests := map[string]string{
		"/password/reset/abc123": "/password/reset/…",
		"/admin/invite/tok":      "/admin/invite/…",
		"/admin/pages":           "/admin/pages",
		"/":                      "/",
	}
	for in, want := range tests {
		if got := redactPath(in); got != want {
			t.Errorf("redactPath(%q) = %q, want %q", in, got, want)
		}
	}
}
