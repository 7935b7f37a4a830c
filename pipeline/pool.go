package pipeline

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/semaphore"

	"github.com/seopipe/seopipe/images"
)

// Pools bounds concurrent work across every stage of a run: CPU-bound work
// (parsing, decoding, encoding, drawing) and network-bound work (fetching)
// have separate limits, so a slow server never idles the CPU and a burst of
// decoding never starves the fetchers. A third limit is for creating many
// small output files, where the disk's latency per file, not the CPU, is
// the cost and more in flight is faster. Safe for concurrent use.
type Pools struct {
	cpu, net, files slots
}

// slots is a semaphore and its size, which each starts that many workers
// for.
type slots struct {
	*semaphore.Weighted
	size int
}

func newSlots(n int) slots { return slots{semaphore.NewWeighted(int64(n)), n} }

// FilesInFlight is how many small output files are written at once.
const FilesInFlight = 16

// NewPools makes pools of the given sizes; 0 means GOMAXPROCS for CPU and
// 16 for network work.
func NewPools(cpu, net int) *Pools {
	if cpu <= 0 {
		cpu = runtime.GOMAXPROCS(0)
	}
	if net <= 0 {
		net = 16
	}
	return &Pools{cpu: newSlots(cpu), net: newSlots(net), files: newSlots(FilesInFlight)}
}

// CPUSize and NetSize return the limits.
func (p *Pools) CPUSize() int { return p.cpu.size }

// NetSize returns the network limit.
func (p *Pools) NetSize() int { return p.net.size }

// eachCPU runs fn(ctx, i) for i in [0, n) with at most the CPU limit running
// at once. It stops starting new calls once ctx is done, waits for the ones
// running, and returns the first non-nil error of fn or ctx's error.
func (p *Pools) eachCPU(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	return each(ctx, p.cpu, n, fn)
}

// eachFile is eachCPU for steps that mostly write small files (light CPU
// work each, then a file created): FilesInFlight at once.
func (p *Pools) eachFile(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	return each(ctx, p.files, n, fn)
}

// eachLimit is eachCPU with its own limit of n calls at once, for steps
// whose calls mostly wait on the other pools (withNet, withCPU) in turn.
func (p *Pools) eachLimit(ctx context.Context, limit, n int, fn func(ctx context.Context, i int) error) error {
	return each(ctx, newSlots(max(1, limit)), n, fn)
}

// withCPU runs fn holding one slot of the CPU pool.
func (p *Pools) withCPU(ctx context.Context, fn func() error) error {
	if err := p.cpu.Acquire(ctx, 1); err != nil {
		return err
	}
	defer p.cpu.Release(1)
	return fn()
}

// withNet runs fn holding one slot of the network pool.
func (p *Pools) withNet(ctx context.Context, fn func() error) error {
	if err := p.net.Acquire(ctx, 1); err != nil {
		return err
	}
	defer p.net.Release(1)
	return fn()
}

// each runs fn(ctx, i) for i in [0, n), each call holding one of the
// slots. min(slots, n) workers take the next index in turn, so a
// step over 10,000 small items starts a handful of goroutines, not 10,000,
// and a worker that released its slot takes it again at once unless
// another step's worker waits for it.
func each(parent context.Context, sem slots, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		next     atomic.Int64
	)
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	for range min(max(sem.size, 1), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := sem.Acquire(ctx, 1); err != nil {
					fail(err)
					return
				}
				err := ctx.Err()
				if err == nil {
					err = fn(ctx, i)
				}
				sem.Release(1)
				if err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr == nil {
		// Cancelled while the last items ran, after every worker's last
		// look at the context: still a cancelled run (exit 130), not a
		// finished one.
		firstErr = parent.Err()
	}
	return firstErr
}

// memBudget bounds the bytes held by the decoded images in flight
// (images.maxMemory): a decode takes its images.DecodedBytes before it
// starts and gives them back once its image's outputs are made, waiting
// while the others hold too much. Safe for concurrent use.
type memBudget struct {
	sem  *semaphore.Weighted
	size int64
	// hook, for tests, is told the bytes each acquire and release adds.
	hook func(delta int64)
}

func newMemBudget(size int64, hook func(int64)) *memBudget {
	return &memBudget{sem: semaphore.NewWeighted(size), size: size, hook: hook}
}

// acquire waits until the decode of data fits in the budget and returns
// the bytes taken, for release. An image whose header does not read, or
// that alone needs more than the whole budget, takes nothing:
// images.Decode refuses it and says why. Only ctx's end is an error.
func (b *memBudget) acquire(ctx context.Context, data []byte) (int64, error) {
	n, err := images.DecodedBytes(data)
	if err != nil || n > b.size {
		return 0, nil
	}
	n = max(n, 1)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return 0, err
	}
	if b.hook != nil {
		b.hook(n)
	}
	return n, nil
}

// release gives back n bytes that acquire took (0: nothing).
func (b *memBudget) release(n int64) {
	if n == 0 {
		return
	}
	if b.hook != nil {
		b.hook(-n)
	}
	b.sem.Release(n)
}

// decodeEach is the buildcache.Each the run reads its caches' shards
// with: as many at once as there are CPUs, on goroutines of its own, not
// the pools' (the shards are read while the steps' work holds those).
func decodeEach(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}
