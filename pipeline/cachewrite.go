package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/outfs"
)

// Writes to the cache that fail mid-run — a disk that fills, a cache dir
// made read-only or replaced — cost only the caching: the entry is not
// cached, the run goes on and writes the same output, and one warning at
// the end says how many writes failed (not one a file).

// writeCacheFile writes one file of the cache (fetched bodies and their
// records, derived images, cards), making its directory first; tests
// replace it to make writes fail.
var writeCacheFile = func(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return outfs.WriteFileAtomic(path, data)
}

// cacheWrites counts the failed writes of a run, and keeps the derived
// images whose cache entry could not be written in a temporary directory
// of the run instead. Safe for concurrent use.
type cacheWrites struct {
	mu      sync.Mutex
	failed  int
	first   error  // the failure shown in the warning: the first by its text
	scratch string // the temporary directory, once made
}

// fail records a failed write.
func (c *cacheWrites) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.first == nil || err.Error() < c.first.Error() {
		c.first = err // the same one whatever order the workers failed in
	}
	c.failed++
}

// scratchDir returns a directory of the run's own, outside the cache, for
// the files of the task key whose cache entry could not be written.
func (c *cacheWrites) scratchDir(key string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.scratch == "" {
		dir, err := os.MkdirTemp("", "seopipe-uncached-")
		if err != nil {
			return "", fmt.Errorf("a temporary directory for what the cache could not take: %w", err)
		}
		c.scratch = dir
	}
	return processedDir(c.scratch, key), nil
}

// close removes the temporary directory, if one was made.
func (c *cacheWrites) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.scratch != "" {
		_ = os.RemoveAll(c.scratch)
	}
}

// problems is the run's one warning about its failed writes, if any.
func (c *cacheWrites) problems(cacheDir string) []diag.Problem {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch c.failed {
	case 0:
		return nil
	case 1:
		return []diag.Problem{cacheWarning(cacheDir, "a write to the cache failed (%v); that entry was not cached, and the next run makes it again", c.first)}
	}
	return []diag.Problem{cacheWarning(cacheDir, "%d writes to the cache failed (one: %v); those entries were not cached, and the next run makes them again", c.failed, c.first)}
}
