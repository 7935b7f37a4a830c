package cache

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCheckFile: a file is used only when it is a regular file of the size
// and content hash its record gives.
func TestCheckFile(t *testing.T) {
	dir := t.TempDir()
	data := []byte("the cached bytes")
	good := filepath.Join(dir, "good")
	if err := os.WriteFile(good, data, 0o644); err != nil {
		t.Fatal(err)
	}
	same := filepath.Join(dir, "same-size")
	if err := os.WriteFile(same, []byte("THE CACHED BYTES"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(good, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	tests := []struct {
		name, path string
		size       int64
		want       error
	}{
		{"good", good, int64(len(data)), nil},
		{"same size, other bytes", same, int64(len(data)), ErrMismatch},
		{"other size", good, 3, ErrMismatch},
		{"symlink", link, int64(len(data)), ErrNotRegular},
		{"FIFO", fifo, 0, ErrNotRegular},
		{"directory", dir, 0, ErrNotRegular},
		{"missing", filepath.Join(dir, "none"), 0, os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckFile(tt.path, tt.size, Sum(data))
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("CheckFile: %v, want %v", err, tt.want)
			}
		})
	}
	if IsSum("6a96") || !IsSum(Sum(nil)) {
		t.Error("IsSum: a short hash passes, or a real one does not")
	}
}
