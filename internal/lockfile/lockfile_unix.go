//go:build unix

package lockfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// try makes one attempt at the lock on dir.
func try(dir string) (*Lock, error) {
	made := ""
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		made = dir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	path := filepath.Join(dir, Name)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errRetry // the directory went away: a holder removed it
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := flock(f); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &HeldError{Path: path, PID: holderPID(dir)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// Held; is it still the file at path? A holder that released removed
	// it, and a new file may be there now.
	fst, err1 := f.Stat()
	pst, err2 := os.Stat(path)
	if err1 != nil || err2 != nil || !os.SameFile(fst, pst) {
		f.Close()
		return nil, errRetry
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	// Written over the last holder's PID, then cut to length, so that a
	// reader never finds the file empty once a holder has written it.
	if _, err := f.WriteAt(pid, 0); err == nil {
		_ = f.Truncate(int64(len(pid)))
	}
	return &Lock{f: f, path: path, madeDir: made}, nil
}

// flock takes an exclusive lock on f without waiting.
func flock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
