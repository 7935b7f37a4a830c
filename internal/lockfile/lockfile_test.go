//go:build unix

package lockfile_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/lockfile"
	"github.com/seopipe/seopipe/internal/lockfile/locktest"
)

func TestMain(m *testing.M) { locktest.Main(m) }

// kill ends the holder with SIGKILL: no chance to release anything.
func kill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
}

// TestHeldByAnotherProcess: a second process finds the lock held and
// named by the holder's PID; once the holder is killed with SIGKILL, the
// kernel has released it and the lock file names a dead PID, which does
// not matter.
func TestHeldByAnotherProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	child := locktest.Hold(t, dir)

	_, err := lockfile.TryAcquire(dir)
	var held *lockfile.HeldError
	if !errors.As(err, &held) || !errors.Is(err, lockfile.ErrHeld) {
		t.Fatalf("TryAcquire while another process holds the lock: %v, want a HeldError", err)
	}
	want := &lockfile.HeldError{Path: filepath.Join(dir, lockfile.Name), PID: child.Process.Pid}
	if diff := cmp.Diff(want, held); diff != "" {
		t.Errorf("HeldError (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "PID "+strconv.Itoa(child.Process.Pid)) {
		t.Errorf("the error %q does not name the holder's PID", err)
	}

	kill(t, child)
	l, err := lockfile.TryAcquire(dir)
	if err != nil {
		t.Fatalf("after the holder was killed: %v, want the lock", err)
	}
	if got := lockfile.Holder(dir); got != os.Getpid() {
		t.Errorf("the lock file names PID %d, want ours, %d", got, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, lockfile.Name)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is still there after Release: %v", err)
	}
}

// TestAcquireWaits: Acquire says once whom it waits for, and gets the
// lock as soon as the holder dies; cancelled, it gives up.
func TestAcquireWaits(t *testing.T) {
	dir := t.TempDir()
	child := locktest.Hold(t, dir)

	var told []int
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := lockfile.Acquire(ctx, dir, func(pid int) { told = append(told, pid) }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire cancelled while waiting: %v, want the context's error", err)
	}
	if diff := cmp.Diff([]int{child.Process.Pid}, told); diff != "" {
		t.Errorf("waiting was told (-want +got):\n%s", diff)
	}

	told = nil
	time.AfterFunc(200*time.Millisecond, func() { _ = child.Process.Signal(syscall.SIGKILL) })
	l, err := lockfile.Acquire(context.Background(), dir, func(pid int) { told = append(told, pid) })
	if err != nil {
		t.Fatalf("Acquire after the holder died: %v", err)
	}
	defer l.Release()
	if diff := cmp.Diff([]int{child.Process.Pid}, told); diff != "" {
		t.Errorf("waiting was told (-want +got):\n%s", diff)
	}
}

// TestSameProcess: two Locks of one process exclude each other too (flock
// locks belong to the open file, not the process), and a released lock
// removes the directory it made when nothing else is in it.
func TestSameProcess(t *testing.T) {
	tests := []struct {
		name    string
		fill    bool // a file is written into the directory while held
		dirGone bool
	}{
		{name: "empty directory made by the lock is removed", dirGone: true},
		{name: "directory with output stays", fill: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a", "public")
			l, err := lockfile.TryAcquire(dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := lockfile.TryAcquire(dir); !errors.Is(err, lockfile.ErrHeld) {
				t.Errorf("second TryAcquire in the same process: %v, want ErrHeld", err)
			}
			if tt.fill {
				if err := os.WriteFile(filepath.Join(dir, "posts.json"), []byte("{}"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := l.Release(); err != nil {
				t.Fatal(err)
			}
			if err := l.Release(); err != nil {
				t.Errorf("second Release: %v", err)
			}
			_, err = os.Stat(dir)
			if gone := errors.Is(err, os.ErrNotExist); gone != tt.dirGone {
				t.Errorf("directory gone after Release: %v, want %v", gone, tt.dirGone)
			}
			l2, err := lockfile.TryAcquire(dir)
			if err != nil {
				t.Fatalf("TryAcquire after Release: %v", err)
			}
			l2.Release()
		})
	}
}

// TestReleaseWhileWaiting: a holder that releases removes the lock file a
// waiter may have open; the waiter then locks the file at the path, not
// the removed one, so a third comer is refused.
func TestReleaseWhileWaiting(t *testing.T) {
	dir := t.TempDir()
	first, err := lockfile.TryAcquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan int, 1)
	got := make(chan *lockfile.Lock, 1)
	go func() {
		l, err := lockfile.Acquire(context.Background(), dir, func(pid int) { waiting <- pid })
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	if pid := <-waiting; pid != os.Getpid() {
		t.Errorf("waiting for PID %d, want %d", pid, os.Getpid())
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	second := <-got
	defer second.Release()
	if _, err := lockfile.TryAcquire(dir); !errors.Is(err, lockfile.ErrHeld) {
		t.Errorf("a third TryAcquire while the waiter holds the lock: %v, want ErrHeld", err)
	}
}
