package webhooks

import (
	"net/netip"
	"testing"
	"time"
)

// The production schedule: 30 s, then doubling to an hour, and the last
// attempt exactly when the 48 hours end.
func TestNextRetry(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := &Store{cfg: Config{}.withDefaults(), now: func() time.Time { return now }}
	tests := []struct {
		attempt int
		created time.Time
		want    time.Duration // after now
	}{
		{1, now, 30 * time.Second},
		{2, now, time.Minute},
		{3, now, 2 * time.Minute},
		{7, now, 32 * time.Minute},
		{8, now, time.Hour},
		{40, now, time.Hour},
		{40, now.Add(-47*time.Hour - 30*time.Minute), 30 * time.Minute}, // the window ends first
		{40, now.Add(-49 * time.Hour), -time.Hour},                      // already past: at once
	}
	for _, tt := range tests {
		if got := s.nextRetry(tt.attempt, tt.created).Sub(now); got != tt.want {
			t.Errorf("after attempt %d (created %s before): %s, want %s", tt.attempt, now.Sub(tt.created), got, tt.want)
		}
	}
}

func TestPublicAddr(t *testing.T) {
	tests := []struct {
		ip     string
		public bool
	}{
		{"93.184.216.34", true},
		{"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false},
		{"127.8.8.8", false},
		{"::1", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd00:ec2::254", false},
		{"0.0.0.0", false},
		{"::", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"100.64.0.1", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"64:ff9b::7f00:1", false},
		{"2002:7f00:1::", false},
	}
	for _, tt := range tests {
		if got := publicAddr(netip.MustParseAddr(tt.ip)); got != tt.public {
			t.Errorf("publicAddr(%s) = %v, want %v", tt.ip, got, tt.public)
		}
	}
}

func TestVerify(t *testing.T) {
	at := time.Unix(1_700_000_000, 0)
	body := []byte(`{"id":"1"}`)
	sig := Signature("whsec_k", at, body)
	if sig != "t=1700000000,v1="+sign("whsec_k", "1700000000", body) {
		t.Fatalf("Signature = %q", sig)
	}
	tests := []struct {
		name   string
		secret string
		header string
		body   string
		now    time.Time
		ok     bool
	}{
		{"valid", "whsec_k", sig, string(body), at.Add(time.Minute), true},
		{"other secret", "whsec_x", sig, string(body), at, false},
		{"changed body", "whsec_k", sig, `{"id":"2"}`, at, false},
		{"too old", "whsec_k", sig, string(body), at.Add(10 * time.Minute), false},
		{"no time", "whsec_k", sig[len("t=1700000000,"):], string(body), at, false},
		{"garbage", "whsec_k", "nonsense", string(body), at, false},
		{"empty", "whsec_k", "", string(body), at, false},
	}
	for _, tt := range tests {
		if got := Verify(tt.secret, tt.header, []byte(tt.body), tt.now, 5*time.Minute); got != tt.ok {
			t.Errorf("%s: Verify = %v", tt.name, got)
		}
	}
}
