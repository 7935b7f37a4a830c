//go:build unix

package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/seopipe/seopipe/internal/cli"
	"github.com/seopipe/seopipe/internal/lockfile"
	"github.com/seopipe/seopipe/internal/lockfile/locktest"
)

func TestMain(m *testing.M) { locktest.Main(m) }

// TestBuildNoWait: while another process holds the output or the cache
// directory, build and cards with --no-wait exit 1 at once, naming its
// PID, and write nothing; check, which writes nothing, takes no lock.
func TestBuildNoWait(t *testing.T) {
	tests := []struct {
		name   string
		locked string // the directory the other process holds, in the site
		args   []string
		code   int
		stderr string
	}{
		{name: "build, output held", locked: "public", args: []string{"build", "--no-wait", now},
			code: cli.ExitFailed, stderr: "seopipe: PID %d holds the lock on the output directory public; not waiting (--no-wait)\n"},
		{name: "build, cache held", locked: ".seopipe-cache", args: []string{"build", "--no-wait", now},
			code: cli.ExitFailed, stderr: "seopipe: PID %d holds the lock on the cache directory .seopipe-cache; not waiting (--no-wait)\n"},
		{name: "cards, output held", locked: "public", args: []string{"cards", "--no-wait", now},
			code: cli.ExitFailed, stderr: "seopipe: PID %d holds the lock on the output directory public; not waiting (--no-wait)\n"},
		{name: "check takes no lock", locked: "public", args: []string{"check", "-q", now}, code: cli.ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, "site.txtar", nil)
			other := locktest.Hold(t, filepath.Join(dir, tt.locked))
			start := time.Now()
			r := runCLI(t, context.Background(), dir, nil, tt.args...)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s: it waited", d)
			}
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstderr:\n%s", r.code, tt.code, r.stderr)
			}
			if tt.stderr != "" {
				want := strings.ReplaceAll(tt.stderr, "%d", strconv.Itoa(other.Process.Pid))
				if r.stderr != want {
					t.Errorf("stderr:\n%q\nwant\n%q", r.stderr, want)
				}
			}
			if slugs := postSlugs(t, dir); slugs != nil {
				t.Errorf("posts.json written beside another build: %v", slugs)
			}
		})
	}
}

// TestBuildLocksOnce: an output directory that is the cache directory
// under another name (a symlink) is locked once, not waited for forever.
func TestBuildLocksOnce(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	if err := os.Mkdir(filepath.Join(dir, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("public", filepath.Join(dir, "cache")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "seopipe.yaml"), "site:\n  url: https://example.com/\ncache:\n  dir: cache\n")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r := runCLI(t, ctx, dir, nil, "build", "-q", "--no-wait", now)
	if r.code != cli.ExitOK {
		t.Errorf("exit %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
}

// TestBuildWaits: a build into an output directory another process holds
// says once whom it waits for, then builds as soon as that process is
// gone (here killed with SIGKILL: the kernel lets the lock go); and a
// build interrupted while it waits exits 130.
func TestBuildWaits(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	other := locktest.Hold(t, filepath.Join(dir, "public"))
	waiting := "seopipe: waiting for PID " + strconv.Itoa(other.Process.Pid) + ", which holds the lock on the output directory public\n"

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	r := runCLI(t, ctx, dir, nil, "build", "-q", now)
	if r.code != cli.ExitInterrupted || !strings.HasPrefix(r.stderr, waiting) {
		t.Errorf("interrupted while waiting: exit %d, stderr:\n%s\nwant %d after %q", r.code, r.stderr, cli.ExitInterrupted, waiting)
	}

	var wg sync.WaitGroup
	var got result
	stderr := &syncBuffer{}
	wg.Go(func() {
		code := cli.Run(context.Background(), []string{"build", "-q", now}, cli.Env{Stdout: stderr, Stderr: stderr, WorkDir: dir})
		got = result{code: code, stderr: stderr.String()}
	})
	deadline := time.Now().Add(10 * time.Second)
	for stderr.String() == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if slugs := postSlugs(t, dir); slugs != nil {
		t.Errorf("posts.json written while another process held the output: %v", slugs)
	}
	if err := other.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if got.code != cli.ExitOK || got.stderr != waiting {
		t.Errorf("exit %d, stderr:\n%q\nwant 0 and only %q", got.code, got.stderr, waiting)
	}
	if slugs := postSlugs(t, dir); len(slugs) != 2 {
		t.Errorf("posts.json after the wait has %v, want the two posts", slugs)
	}
	if _, err := os.Lstat(filepath.Join(dir, "public", lockfile.Name)); err == nil {
		t.Errorf("the build left its lock file in the output")
	}
}

// syncBuffer is a strings.Builder safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
