package sqldb

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"sync/atomic"
	"time"
)

// epoch is the start of Pagecart's ID clock; 41 bits of milliseconds from
// here last until the 2090s.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// lastID is the one piece of package state: like the clock it stands for,
// it is process-wide, and it only ever moves forward.
var lastID atomic.Int64

// NewID returns a positive 64-bit ID: milliseconds since 2024 in the high
// bits, so rows sort by creation, and 22 random low bits, so that IDs made
// by many nodes at once do not collide and cannot be counted. Within one
// process IDs strictly increase, so a burst in one millisecond never repeats.
func NewID() int64 {
	ms := time.Since(epoch).Milliseconds()
	var b [4]byte
	_, _ = rand.Read(b[:])
	id := ms<<22 | int64(binary.BigEndian.Uint32(b[:])&(1<<22-1))
	for {
		last := lastID.Load()
		next := max(id, last+1)
		if lastID.CompareAndSwap(last, next) {
			return next
		}
	}
}

// NewToken returns a random secret of 256 bits, URL-safe, for links and
// cookies. Store only HashToken of it.
func NewToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken is the SHA-256 of a token, hex encoded: what the database keeps
// of a secret, so that a leaked table reveals no usable token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
