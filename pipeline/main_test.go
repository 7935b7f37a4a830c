package pipeline

import (
	"os"
	"sync"
	"testing"
)

var (
	sharedCacheOnce sync.Once
	sharedCacheDir  string
)

// sharedCache is one cache directory for every example-site build of the
// test binary: the processed images are content-addressed, so builds share
// them as a user's successive builds do, and the race-enabled tests do not
// resize the same heroes dozens of times. Each build's record of its
// outputs is keyed by its own output directory.
func sharedCache(t testing.TB) string {
	sharedCacheOnce.Do(func() {
		dir, err := os.MkdirTemp("", "seopipe-test-cache-")
		if err != nil {
			t.Fatal(err)
		}
		sharedCacheDir = dir
	})
	return sharedCacheDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedCacheDir != "" {
		os.RemoveAll(sharedCacheDir)
	}
	os.Exit(code)
}

// Tests that set no package hook (writeCacheFile, markCache) and build
// into directories of their own call t.Parallel: on two cores, make test's
// -race run of this package, the longest of all, is shorter for it. A test
// that sets a hook must not: the parallel ones would see it.
