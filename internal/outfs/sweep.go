package outfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"
)

// tempName matches the temporary files seopipe makes, and nothing else:
// ".<name>.tmp-<pid>-<n>" (a Tx's staged files) and ".<name>.tmp-<digits>"
// (WriteAtomic's, through os.CreateTemp, whose random part is digits).
// For a Tx's, the first group is the pid and the second is not empty.
var tempName = regexp.MustCompile(`^\..+\.tmp-([0-9]+)(-[0-9]+)?$`)

// IsTemp reports whether name (a base name) is one of seopipe's temporary
// files.
func IsTemp(name string) bool { return tempName.MatchString(name) }

// RemoveTemps removes the temporary files that runs killed before they
// could clean up left under root (a kill -9 or the OOM killer between
// writing a file and renaming or removing it): regular files whose names
// seopipe's temporary files have (IsTemp), last modified before before
// (the current run's start: a run going on beside this one made its files
// after that, or is named in them and still alive), and, for a Tx's files,
// not made by a process that is still running. Symlinks are not followed.
// It returns the removed files' paths, sorted, and the first error that
// stopped it from removing one (a directory it cannot read is skipped).
// A missing root is not an error.
func RemoveTemps(root string, before time.Time) ([]string, error) {
	var removed []string
	var first error
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil // unreadable: not ours to judge
		}
		if !d.Type().IsRegular() {
			return nil
		}
		m := tempName.FindStringSubmatch(d.Name())
		if m == nil {
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.ModTime().Before(before) {
			return nil
		}
		if m[2] != "" { // a Tx's: its maker's pid
			if pid, err := strconv.Atoi(m[1]); err == nil && pid != os.Getpid() && alive(pid) {
				return nil
			}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			if first == nil {
				first = err
			}
			return nil
		}
		removed = append(removed, path)
		return nil
	})
	if first == nil && err != nil {
		first = err
	}
	return removed, first
}

// alive reports whether the process pid is running (or may be: a process
// of another user answers EPERM).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
