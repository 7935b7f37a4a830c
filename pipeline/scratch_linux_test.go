//go:build linux

package pipeline

import (
	"os"
	"syscall"
	"testing"
)

// scratchDir returns a temporary directory for a test that writes many
// small files: on tmpfs (/dev/shm) when it has need bytes free, else
// t.TempDir(). On a virtual disk with throttled I/O, creating and renaming
// 150,000 files takes several times longer than building them.
func scratchDir(t *testing.T, need uint64) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err != nil || st.Bavail*uint64(st.Bsize) < need {
		return t.TempDir()
	}
	dir, err := os.MkdirTemp("/dev/shm", "seopipe-"+t.Name()+"-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("removing %s: %v", dir, err)
		}
	})
	return dir
}
