// Package lockfile holds a directory for one process at a time: an
// exclusive flock(2) on a file in it, Name, which the kernel releases when
// the process ends however it ends (kill -9 and OOM included). The holder
// writes its PID into the file, so that another process can say whom it
// waits for. The file is removed on Release, so a clean run leaves nothing
// behind; a killed run leaves it with a dead PID, which the next run takes
// over.
//
// Removing a lock file is safe because Acquire checks, once it holds the
// lock, that the file it locked is still the one at the path (same device
// and inode), and starts again when it is not.
//
// The package starts no goroutines: Acquire waits by polling.
package lockfile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Name is the lock file's name inside the directory it locks.
const Name = ".seopipe.lock"

// poll is how often Acquire tries again while another process holds the
// lock.
const poll = 50 * time.Millisecond

// Lock is a held lock. It is not safe for concurrent use.
type Lock struct {
	f    *os.File
	path string
	// madeDir is the directory Acquire created, removed on Release when
	// nothing else was put in it.
	madeDir string
}

// HeldError is TryAcquire's error when another process (or another Lock
// of this one) holds the lock.
type HeldError struct {
	Path string // the lock file
	PID  int    // its holder; 0 when the file does not say yet
}

func (e *HeldError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("%s: locked by another process", e.Path)
	}
	return fmt.Sprintf("%s: locked by PID %d", e.Path, e.PID)
}

// ErrHeld matches every *HeldError (errors.Is).
var ErrHeld = errors.New("lockfile: held by another process")

// Is reports whether target is ErrHeld.
func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// TryAcquire takes the lock on dir, creating dir when it is missing, or
// returns a *HeldError at once when another process holds it.
func TryAcquire(dir string) (*Lock, error) {
	// A few rounds: the file may be removed (or its directory) between
	// our open and our lock by a holder that releases.
	var err error
	for range 10 {
		var l *Lock
		l, err = try(dir)
		if !errors.Is(err, errRetry) {
			return l, err
		}
	}
	return nil, fmt.Errorf("lock %s: %w", filepath.Join(dir, Name), err)
}

// errRetry: the lock file changed under us; try again.
var errRetry = errors.New("the lock file was replaced while it was being locked")

// Acquire takes the lock on dir, creating dir when it is missing. While
// another process holds it, Acquire polls until it is free or ctx is
// done; waiting is called once, with the holder's PID (0 when not known),
// the first time Acquire finds the lock held.
func Acquire(ctx context.Context, dir string, waiting func(pid int)) (*Lock, error) {
	told := false
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		l, err := TryAcquire(dir)
		var held *HeldError
		if !errors.As(err, &held) {
			return l, err
		}
		if !told && waiting != nil {
			waiting(held.PID)
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// Holder returns the PID the lock file of dir names, 0 when there is none
// or it cannot be read. The PID may be of a process that has died: the
// lock is free then, whatever the file says.
func Holder(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, Name))
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// Path returns the lock file.
func (l *Lock) Path() string { return l.path }

// Release removes the lock file, then lets the lock go, and removes the
// directory Acquire created if it is empty. It is a no-op on a nil or
// released Lock.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	// Removed while still held: a process that opened the file before
	// sees, once it gets the lock, that the path is no longer its file.
	err := os.Remove(l.path)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	if l.madeDir != "" {
		_ = os.Remove(l.madeDir) // only when empty
	}
	return err
}

// holderPID reads the PID a held lock's file names, retrying briefly: the
// holder writes it just after it takes the lock.
func holderPID(dir string) int {
	for range 5 {
		if pid := Holder(dir); pid != 0 {
			return pid
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0
}
