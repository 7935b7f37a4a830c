package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestNewPools(t *testing.T) {
	tests := []struct {
		cpu, net         int
		wantCPU, wantNet int
	}{
		{0, 0, runtime.GOMAXPROCS(0), 16},
		{-3, -1, runtime.GOMAXPROCS(0), 16},
		{1, 1, 1, 1},
		{7, 40, 7, 40},
	}
	for _, tt := range tests {
		p := NewPools(tt.cpu, tt.net)
		if p.CPUSize() != tt.wantCPU || p.NetSize() != tt.wantNet {
			t.Errorf("NewPools(%d, %d) sizes = %d, %d; want %d, %d", tt.cpu, tt.net, p.CPUSize(), p.NetSize(), tt.wantCPU, tt.wantNet)
		}
	}
}

func TestEachLimit(t *testing.T) {
	for _, limit := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			const n = 60
			var running, peak, calls atomic.Int64
			// The first limit calls wait until limit calls run at once:
			// the pool must allow the full limit, not fewer.
			full := make(chan struct{})
			var fullOnce sync.Once
			done := make([]atomic.Bool, n)
			err := each(context.Background(), newSlots(limit), n, func(ctx context.Context, i int) error {
				calls.Add(1)
				r := running.Add(1)
				defer running.Add(-1)
				for {
					p := peak.Load()
					if r <= p || peak.CompareAndSwap(p, r) {
						break
					}
				}
				if r == int64(limit) {
					fullOnce.Do(func() { close(full) })
				}
				if i < limit {
					select {
					case <-full:
					case <-time.After(10 * time.Second):
						t.Errorf("only %d of %d calls ran at once", running.Load(), limit)
					}
				}
				time.Sleep(100 * time.Microsecond)
				done[i].Store(true)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := peak.Load(); got != int64(limit) {
				t.Errorf("at most %d calls ran at once, want exactly the limit %d", got, limit)
			}
			if got := calls.Load(); got != n {
				t.Errorf("%d calls, want %d", got, n)
			}
			for i := range done {
				if !done[i].Load() {
					t.Errorf("item %d not done", i)
				}
			}
		})
	}
}

func TestEachFirstError(t *testing.T) {
	const n, limit, failAt = 1000, 3, 10
	boom := errors.New("boom")
	var calls atomic.Int64
	err := each(context.Background(), newSlots(limit), n, func(ctx context.Context, i int) error {
		calls.Add(1)
		switch {
		case i == failAt:
			return boom
		case i > failAt:
			// Running beside the failure: the context is cancelled, and an
			// error returned after the first one is dropped.
			select {
			case <-ctx.Done():
				return errors.New("later error")
			case <-time.After(10 * time.Second):
				t.Errorf("item %d: context not cancelled after the first error", i)
			}
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("each = %v, want the first error %v", err, boom)
	}
	// After the failure no new call starts; those already running may finish.
	if got := calls.Load(); got > failAt+1+2*limit {
		t.Errorf("%d calls after an error at item %d with limit %d: each did not stop", got, failAt, limit)
	}
}

func TestEachCancel(t *testing.T) {
	const n, limit = 1000, 2
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var late, ctxSeen atomic.Int64
	var cancelled atomic.Bool
	err := each(ctx, newSlots(limit), n, func(ctx context.Context, i int) error {
		// Calls are counted from the cancelling one on: the other worker
		// may have run any number of items before it, however slow the
		// machine.
		if cancelled.Load() {
			late.Add(1)
		}
		if i == 5 {
			cancel()
			cancelled.Store(true)
		}
		if ctx.Err() != nil {
			ctxSeen.Add(1)
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("each = %v, want context.Canceled", err)
	}
	// Only a call another worker had begun, past its check of the
	// context, may start after the cancel.
	if got := late.Load(); got > limit-1 {
		t.Errorf("%d calls started after cancelling at item 5 with limit %d: each did not stop", got, limit)
	}
	if ctxSeen.Load() == 0 {
		t.Error("the callback's context was not cancelled with the parent")
	}
}

func TestEachCancelledBefore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var calls atomic.Int64
	err := each(ctx, newSlots(4), 100, func(context.Context, int) error {
		calls.Add(1)
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("each = %v, want context.Canceled", err)
	}
	if calls.Load() != 0 {
		t.Errorf("%d calls on a cancelled context, want 0", calls.Load())
	}
}

func TestEachEmpty(t *testing.T) {
	err := each(context.Background(), newSlots(1), 0, func(context.Context, int) error {
		t.Error("called for n = 0")
		return nil
	})
	if err != nil {
		t.Errorf("each(n=0) = %v", err)
	}
}

func TestEachCPU(t *testing.T) {
	p := NewPools(2, 1)
	var running, peak atomic.Int64
	err := p.eachCPU(context.Background(), 40, func(context.Context, int) error {
		r := running.Add(1)
		defer running.Add(-1)
		for {
			pk := peak.Load()
			if r <= pk || peak.CompareAndSwap(pk, r) {
				break
			}
		}
		time.Sleep(200 * time.Microsecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if peak.Load() > 2 {
		t.Errorf("eachCPU ran %d at once, over the CPU limit 2", peak.Load())
	}
}

// TestEachSharedPool: each's workers take their slots from a pool other
// steps use too; a slot another step holds is not theirs to use.
func TestEachSharedPool(t *testing.T) {
	sem := newSlots(2)
	if err := sem.Acquire(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	var running, peak, calls atomic.Int64
	var held atomic.Bool // the other step holds its slot
	held.Store(true)
	err := each(context.Background(), sem, 200, func(context.Context, int) error {
		r := running.Add(1)
		defer running.Add(-1)
		if held.Load() && r > 1 {
			peak.Store(r)
		}
		time.Sleep(50 * time.Microsecond)
		if calls.Add(1) == 20 { // the other step is done
			held.Store(false)
			sem.Release(1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := peak.Load(); got != 0 {
		t.Errorf("%d calls ran at once while another step held one of the pool's 2 slots, want 1", got)
	}
	if got := calls.Load(); got != 200 {
		t.Errorf("%d calls, want 200", got)
	}
}

// BenchmarkEach is a step over many small items (a 10,000-post site's
// rebuild runs several): the cost of each itself.
func BenchmarkEach(b *testing.B) {
	sem := newSlots(FilesInFlight)
	var sink atomic.Int64
	b.ReportAllocs()
	for b.Loop() {
		if err := each(context.Background(), sem, 10000, func(_ context.Context, i int) error {
			sink.Add(int64(i))
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}
