// Package gctune tunes the garbage collector for a process whose heap is
// mostly data loaded at its start and alive to its end, as seopipe build's
// posts are. The cli calls it through Env.LowerGC, which cmd/seopipe sets;
// tests leave it unset and keep Go's defaults.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// ForBuild is for build, whose heap is mostly the site's posts, alive
// for the whole run: collecting at +50% growth instead of Go's +100% cuts
// peak memory by a quarter (240 -> 180 MB on 10,000 posts). A floor of
// 64 MB spares the collections Go would run while that heap is decoded
// from the caches, at a few MB of peak memory; higher floors saved no more
// CPU that could be measured, and cost up to 10 MB more in a build from
// nothing. check holds far less and keeps the default. GOGC, when set,
// wins: ForBuild then does nothing. The tuning lasts until the process
// ends.
func ForBuild() {
	if os.Getenv("GOGC") != "" {
		return
	}
	Start(64<<20, 50)
}

// Floor keeps the GC's heap goal at least floor bytes and otherwise
// percent above the live heap: after each collection it sets GOGC so that
// the next one comes at max(floor, live × (1 + percent/100)).
//
// build's heap is mostly the site's posts, decoded from the caches in its
// first tenth of a second and alive to the end. With a fixed GOGC the
// collector runs a dozen times while that heap grows from nothing, marking
// all of it each time; with a floor it waits until the heap is worth
// collecting. Peak memory is still set by percent on a site whose live heap
// is past the floor (10,000 posts: ~90 MB live).
//
// A Floor is safe for concurrent use: it is tuned from the runtime's
// finalizer goroutine.
type Floor struct {
	floor   uint64
	percent int

	mu      sync.Mutex
	sample  []metrics.Sample
	set     int  // the GOGC last set; -1 before the first
	stopped bool // by Stop: tune does nothing more

	tuned atomic.Int64 // times tune ran, for tests
}

// minHeap is the runtime's smallest heap goal at GOGC=100 (GOGC scales
// it): the goal is max(live × (1 + GOGC/100), minHeap × GOGC/100), and
// before the first collection, with nothing live yet, the second.
const minHeap = 4 << 20

// Start sets GOGC for the live heap now and after every collection, until
// Stop.
func Start(floor uint64, percent int) *Floor {
	g := &Floor{floor: floor, percent: percent, set: -1, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	g.tune()
	g.arm()
	return g
}

// gcSentinel is garbage from the moment it is made: its finalizer runs
// after the next collection. It holds a pointer, so the allocator never
// packs it with other tiny objects, whose finalizers may not run.
type gcSentinel struct{ g *Floor }

func (g *Floor) arm() {
	runtime.SetFinalizer(&gcSentinel{g}, func(s *gcSentinel) {
		if s.g.tune() {
			s.g.arm()
		}
	})
}

// Stop ends the tuning: once it returns, GOGC is not set again.
func (g *Floor) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
}

// tune sets GOGC for the live heap the last collection found, and
// reports whether to go on.
func (g *Floor) tune() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return false
	}
	metrics.Read(g.sample)
	var live uint64
	if s := g.sample[0]; s.Value.Kind() == metrics.KindUint64 {
		live = s.Value.Uint64()
	}
	if p := gcPercent(live, g.floor, g.percent); p != g.set {
		debug.SetGCPercent(p)
		g.set = p
	}
	g.tuned.Add(1)
	return true
}

// gcPercent is the GOGC that puts the next collection at max(floor,
// live × (1 + percent/100)), given the runtime's goal (see minHeap).
func gcPercent(live, floor uint64, percent int) int {
	if heapGoal(live, percent) >= floor {
		return percent
	}
	// The smallest GOGC whose goal reaches the floor, by whichever of the
	// two terms gets there first.
	p := int(floor * 100 / minHeap)
	if live > 0 {
		p = min(p, int((floor*100+live-1)/live)-100)
	}
	return max(p, percent)
}

// heapGoal is the runtime's heap goal for a live heap at GOGC percent.
func heapGoal(live uint64, percent int) uint64 {
	return max(live*uint64(100+percent)/100, minHeap*uint64(percent)/100)
}
