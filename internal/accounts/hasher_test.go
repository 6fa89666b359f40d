package accounts

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHasherRunsAtMostItsSlotsAtOnce(t *testing.T) {
	t.Parallel()
	h := newHasher(2)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			err := h.do(context.Background(), func() {
				n := running.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(2 * time.Millisecond)
				running.Add(-1)
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := most.Load(); got != 2 {
		t.Errorf("at most %d ran at once, want 2", got)
	}
}

func TestHasherGivesUpWhenTheRequestEnds(t *testing.T) {
	t.Parallel()
	h := newHasher(1)
	release := make(chan struct{})
	busy := make(chan struct{})
	go func() { _ = h.do(context.Background(), func() { close(busy); <-release }) }()
	<-busy
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := h.do(ctx, func() { ran = true })
	if !errors.Is(err, context.Canceled) || ran {
		t.Errorf("do with an ended request and no free slot: %v, ran %v", err, ran)
	}
}
