//go:build !unix

package lockfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// try takes no lock where flock(2) is missing: the directory is created
// and the Lock holds nothing.
func try(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return &Lock{path: filepath.Join(dir, Name)}, nil
}
