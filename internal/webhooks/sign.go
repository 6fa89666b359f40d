package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// secretPrefix marks a signing secret, so that one pasted in the wrong
// place is recognisable.
const secretPrefix = "whsec_"

// newSecret returns a new signing secret: 256 random bits.
func newSecret() string { return secretPrefix + sqldb.NewToken() }

// Signature is the value of the Pagecart-Signature header for body sent at
// t with secret: "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">".
// Signing the time with the body lets a receiver refuse an old request
// replayed by someone who recorded it.
func Signature(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + sign(secret, ts, body)
}

func sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a Pagecart-Signature header against body and secret, and
// that it was made within tolerance of now: what a receiver does (the help
// article shows the same steps). It compares in constant time.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) bool {
	var ts string
	var sigs []string
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !ok:
		case k == "t":
			ts = v
		case k == "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return false
	}
	want := []byte(sign(secret, ts, body))
	for _, s := range sigs {
		if hmac.Equal([]byte(s), want) {
			return true
		}
	}
	return false
}
