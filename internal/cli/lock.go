package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/seopipe/seopipe/internal/lockfile"
)

// dirLocks are the locks a build or cards run holds on its output and
// cache directories, so that two runs never write into one at once.
type dirLocks []*lockfile.Lock

// lockDirs takes the locks on the output and cache directories (one lock
// when they are one directory), in path order so that two runs never wait
// for each other. While another process holds one it waits, saying so
// once, or with noWait fails at once naming the holder's PID (exit 1). A
// directory that cannot be locked for another reason (it cannot be made
// or written) is a warning: the run goes on, and fails on it if it must.
func lockDirs(ctx context.Context, env *Env, outDir, cacheDir string, noWait bool) (dirLocks, error) {
	kinds := map[string]string{filepath.Clean(outDir): "output directory"}
	if cacheDir != "" {
		if _, ok := kinds[filepath.Clean(cacheDir)]; !ok {
			kinds[filepath.Clean(cacheDir)] = "cache directory"
		}
	}
	dirs := make([]string, 0, len(kinds))
	for d := range kinds {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	var locks dirLocks
	for _, dir := range dirs {
		if locks.holds(dir) {
			continue // one directory under two names (a symlink): locked once
		}
		what := kinds[dir] + " " + rel(env.WorkDir, dir)
		var l *lockfile.Lock
		var err error
		if noWait {
			l, err = lockfile.TryAcquire(dir)
		} else {
			l, err = lockfile.Acquire(ctx, dir, func(pid int) {
				fmt.Fprintf(env.Stderr, "seopipe: waiting for %s, which holds the lock on the %s\n", holder(pid), what)
			})
		}
		var held *lockfile.HeldError
		switch {
		case errors.As(err, &held):
			locks.release()
			return nil, fmt.Errorf("%s holds the lock on the %s; not waiting (--no-wait)", holder(held.PID), what)
		case err != nil && ctx.Err() != nil:
			locks.release()
			return nil, ctx.Err()
		case err != nil:
			fmt.Fprintf(env.Stderr, "seopipe: warning: the %s cannot be locked, so another build could write into it at the same time: %v\n", what, err)
			continue
		}
		locks = append(locks, l)
	}
	return locks, nil
}

// holder names the process holding a lock.
func holder(pid int) string {
	if pid == 0 {
		return "another process"
	}
	return fmt.Sprintf("PID %d", pid)
}

// release lets every lock go, removing the lock files.
func (ls dirLocks) release() {
	for _, l := range slices.Backward(ls) {
		_ = l.Release()
	}
}

// holds reports whether dir is a directory one of ls locks, under another
// name: locking it again would wait for ourselves.
func (ls dirLocks) holds(dir string) bool {
	st, err := os.Stat(dir)
	if err != nil {
		return false
	}
	for _, l := range ls {
		if held, err := os.Stat(filepath.Dir(l.Path())); err == nil && os.SameFile(st, held) {
			return true
		}
	}
	return false
}
