package accounts

import (
	"context"
	"fmt"
	"runtime"
)

// hasher runs argon2id hashes and checks, at most one fewer at a time than
// the machine has cores (and at least one). Each one takes tens of
// milliseconds of one core and 19 MiB: a burst of signups or logins left to
// run all at once would share the cores among all of them, so every one
// would finish late (and the memory would add up); in a queue, each waits
// its turn and then finishes at full speed. The core left over keeps the
// rest of the platform answering: measured with bench/signupburst_test.go
// on 2 cores, hashing on both made page saves during a burst of signups
// 3 times slower at p99 than hashing on one.
type hasher struct {
	slots chan struct{}
}

func newHasher(n int) *hasher {
	return &hasher{slots: make(chan struct{}, max(1, n))}
}

func newCPUHasher() *hasher { return newHasher(runtime.NumCPU() - 1) } // newHasher keeps at least one

// do runs f when a slot is free, or gives up when ctx ends first.
func (h *hasher) do(ctx context.Context, f func()) error {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("wait for the password hasher: %w", ctx.Err())
	}
	defer func() { <-h.slots }()
	f()
	return nil
}

// HashPassword hashes pw for storing (see hashPassword), waiting for a free
// core first. Callers hash before opening a transaction: on SQLite a
// transaction holds the only writer, and every write of the platform would
// wait behind the hash.
func (s *Store) HashPassword(ctx context.Context, pw string) (string, error) {
	var hash string
	var err error
	if werr := s.hasher.do(ctx, func() { hash, err = hashPassword(pw) }); werr != nil {
		return "", werr
	}
	return hash, err
}

// CheckPassword reports whether pw matches hash (see checkPassword),
// waiting for a free core first.
func (s *Store) CheckPassword(ctx context.Context, hash, pw string) (bool, error) {
	var ok bool
	if err := s.hasher.do(ctx, func() { ok = checkPassword(hash, pw) }); err != nil {
		return false, err
	}
	return ok, nil
}
