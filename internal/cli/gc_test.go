package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		live, floor uint64
		percent     int
		want        int
	}{
		{0, 112 * mb, 50, 2700},        // before the first collection: 4 MB × 28 = 112 MB
		{1 * mb, 112 * mb, 50, 2700},   // a live heap under the runtime's minimum counts as the minimum
		{16 * mb, 112 * mb, 50, 600},   // 16 MB × 7 = 112 MB
		{56 * mb, 112 * mb, 50, 100},   // 56 MB × 2
		{74 * mb, 112 * mb, 50, 51},    // just under the floor at +50%
		{75 * mb, 112 * mb, 50, 50},    // +50% reaches the floor: percent rules
		{90 * mb, 112 * mb, 50, 50},    // 10,000 posts
		{900 * mb, 112 * mb, 50, 50},   // far past the floor
		{10 * mb, 0, 50, 50},           // no floor
		{10 * mb, 112 * mb, 100, 1020}, // another percent
	}
	for _, tt := range tests {
		if got := gcPercent(tt.live, tt.floor, tt.percent); got != tt.want {
			t.Errorf("gcPercent(%d MB, %d MB, %d) = %d, want %d", tt.live/mb, tt.floor/mb, tt.percent, got, tt.want)
		}
		// The goal it sets is the floor or the percent, whichever is higher.
		live := max(tt.live, minHeap)
		goal := live * uint64(100+gcPercent(tt.live, tt.floor, tt.percent)) / 100
		if want := max(tt.floor, live*uint64(100+tt.percent)/100); goal+live/100 < want || goal > want+live/100 {
			t.Errorf("live %d MB: goal %d MB, want %d MB", tt.live/mb, goal/mb, want/mb)
		}
	}
}

// TestGCFloorRetunes: the floor is kept after every collection, not just
// set once, and stop ends it.
func TestGCFloorRetunes(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	g := newGCFloor(1<<30, 50) // a floor no test heap reaches
	defer g.stop()
	g.mu.Lock()
	set := g.set
	g.mu.Unlock()
	if got := debug.SetGCPercent(set); got != set || got <= 100 {
		t.Fatalf("GOGC after newGCFloor = %d, want the floor's %d (> 100)", got, set)
	}
	start := g.tuned.Load()
	for i := 0; i < 3; i++ {
		runtime.GC()
		deadline := time.Now().Add(5 * time.Second)
		for g.tuned.Load() < start+int64(i)+1 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond) // finalizers run on their own goroutine
		}
	}
	if got := g.tuned.Load() - start; got < 3 {
		t.Errorf("tuned %d times after 3 collections, want 3", got)
	}
	g.stop()
	runtime.GC()
	n := g.tuned.Load()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if g.tuned.Load() != n {
		t.Error("tuned after stop")
	}
}
