package cli

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// gcFloor keeps the GC's heap goal at least floor bytes and otherwise
// percent above the live heap: after each collection it sets GOGC so that
// the next one comes at max(floor, live × (1 + percent/100)).
//
// build's heap is mostly the site's posts, decoded from the caches in its
// first tenth of a second and alive to the end. With a fixed GOGC the
// collector runs a dozen times while that heap grows from nothing, marking
// all of it each time; with a floor it waits until the heap is worth
// collecting. Peak memory is still set by percent on a site whose live heap
// is past the floor (10,000 posts: ~90 MB live).
type gcFloor struct {
	floor   uint64
	percent int

	mu     sync.Mutex
	sample []metrics.Sample
	set    int // the GOGC last set

	stopped atomic.Bool
	tuned   atomic.Int64 // times tune ran, for tests
}

// minHeap is the runtime's heap goal at GOGC=100 before the first
// collection, when no heap is live yet (GOGC scales it).
const minHeap = 4 << 20

func newGCFloor(floor uint64, percent int) *gcFloor {
	g := &gcFloor{floor: floor, percent: percent, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	g.tune()
	g.arm()
	return g
}

// gcSentinel is garbage from the moment it is made: its finalizer runs
// after the next collection. It holds a pointer, so the allocator never
// packs it with other tiny objects, whose finalizers may not run.
type gcSentinel struct{ g *gcFloor }

func (g *gcFloor) arm() {
	runtime.SetFinalizer(&gcSentinel{g}, func(s *gcSentinel) {
		if s.g.stopped.Load() {
			return
		}
		s.g.tune()
		s.g.arm()
	})
}

// stop ends the tuning after the next collection; GOGC stays as last set.
func (g *gcFloor) stop() { g.stopped.Store(true) }

// tune sets GOGC for the live heap the last collection found.
func (g *gcFloor) tune() {
	g.mu.Lock()
	defer g.mu.Unlock()
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
}

// gcPercent is the GOGC that puts the next collection at max(floor,
// live × (1 + percent/100)); live is at least minHeap.
func gcPercent(live, floor uint64, percent int) int {
	live = max(live, minHeap)
	if live*uint64(100+percent)/100 >= floor {
		return percent
	}
	return int(floor*100/live) - 100
}
