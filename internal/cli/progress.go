package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/seopipe/seopipe/pipeline"
)

// reporter shows pipeline progress: a bar per stage on a terminal, a log
// line per finished stage otherwise, nothing under --quiet. Safe for
// concurrent use, as pipeline.Reporter requires.
type reporter struct {
	mu      sync.Mutex
	w       io.Writer
	tty     bool
	verbose bool
	quiet   bool
	bars    map[string]*progressbar.ProgressBar
}

var _ pipeline.Reporter = (*reporter)(nil)

func newReporter(env *Env, g GlobalOptions) *reporter {
	return &reporter{w: env.Stderr, tty: env.StderrTTY, verbose: g.Verbose, quiet: g.Quiet,
		bars: map[string]*progressbar.ProgressBar{}}
}

func (r *reporter) StageStart(stage string, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.quiet || !r.tty || total < 2 {
		return
	}
	r.bars[stage] = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(r.w),
		progressbar.OptionSetDescription(fmt.Sprintf("%-9s", stage)),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(80*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

func (r *reporter) Advance(stage string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if b := r.bars[stage]; b != nil {
		_ = b.Add(n)
	}
}

func (r *reporter) StageDone(stage string, items int, elapsed time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if b := r.bars[stage]; b != nil {
		_ = b.Finish()
		delete(r.bars, stage)
	}
	// A terminal shows bars; logs (CI) and --verbose get one line per stage.
	if r.quiet || (r.tty && !r.verbose) {
		return
	}
	fmt.Fprintf(r.w, "seopipe: %s: %d %s in %s\n", stage, items, plural(items, "item", "items"), roundDur(elapsed))
}

// close finishes any bar left open (an interrupted run).
func (r *reporter) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for s, b := range r.bars {
		_ = b.Exit()
		delete(r.bars, s)
	}
}
