package gctune

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
		{0, 112 * mb, 50, 2800},        // before the first collection: the minimum, 4 MB × 28 = 112 MB
		{1 * mb, 112 * mb, 50, 2800},   // the minimum reaches the floor first
		{16 * mb, 112 * mb, 50, 600},   // 16 MB × 7 = 112 MB
		{56 * mb, 112 * mb, 50, 100},   // 56 MB × 2
		{74 * mb, 112 * mb, 50, 52},    // just under the floor at +50%: 74 × 1.52 ≥ 112 > 74 × 1.51
		{75 * mb, 112 * mb, 50, 50},    // +50% reaches the floor: percent rules
		{90 * mb, 112 * mb, 50, 50},    // 10,000 posts
		{900 * mb, 112 * mb, 50, 50},   // far past the floor
		{10 * mb, 0, 50, 50},           // no floor
		{10 * mb, 112 * mb, 100, 1020}, // another percent
	}
	// goal is the runtime's heap goal (runtime/mgcpacer.go), written
	// out here apart from gctune.go.
	goal := func(live uint64, p int) uint64 {
		return max(live+live*uint64(p)/100, 4*mb*uint64(p)/100)
	}
	for _, tt := range tests {
		got := gcPercent(tt.live, tt.floor, tt.percent)
		if got != tt.want {
			t.Errorf("gcPercent(%d MB, %d MB, %d) = %d, want %d", tt.live/mb, tt.floor/mb, tt.percent, got, tt.want)
		}
		// The goal reaches the floor, and a GOGC one lower would not
		// (unless percent itself is the answer).
		if g := goal(tt.live, got); g < tt.floor {
			t.Errorf("live %d MB: GOGC %d puts the goal at %d MB, under the floor", tt.live/mb, got, g/mb)
		}
		if got > tt.percent && goal(tt.live, got-1) >= tt.floor {
			t.Errorf("live %d MB: GOGC %d is not the lowest that reaches the floor", tt.live/mb, got)
		}
	}
}

// TestGCFloorRetunes: the floor is kept after every collection, not just
// set once, and Stop ends it.
func TestGCFloorRetunes(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	g := Start(1<<30, 50) // a floor no test heap reaches
	defer g.Stop()
	g.mu.Lock()
	set := g.set
	g.mu.Unlock()
	if set < 0 {
		t.Fatal("Start set no GOGC")
	}
	if got := debug.SetGCPercent(set); got != set || got <= 100 {
		t.Fatalf("GOGC after Start = %d, want the floor's %d (> 100)", got, set)
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
	g.Stop()
	runtime.GC()
	n := g.tuned.Load()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if g.tuned.Load() != n {
		t.Error("tuned after stop")
	}
}
