package buildcache

import (
	"os"

	"github.com/seopipe/seopipe/internal/outfs"
)

// endedRecord marks that the last build into outDir ended: it committed,
// failed or was interrupted, and removed its temporary files. A build
// removes it when it starts and writes it when it ends, so its absence
// means a build was killed (kill -9, the OOM killer) and left its
// temporary files behind — or that none has run with this cache yet.
func endedRecord(cacheDir, outDir string) string { return outDirRecord(cacheDir, outDir, ".ended") }

// Started records that a build into outDir began, and reports whether the
// build before it may have been killed and left temporary files in the
// output and cache dirs (outfs.RemoveTemps then removes them). With no
// cache dir every build may follow a killed one.
func Started(cacheDir, outDir string) (afterKill bool) {
	if cacheDir == "" {
		return true
	}
	return os.Remove(endedRecord(cacheDir, outDir)) != nil
}

// Ended records that the build into outDir that Started ended without
// leaving temporary files: the next one need not look for them.
func Ended(cacheDir, outDir string) error {
	if cacheDir == "" {
		return nil
	}
	return outfs.WriteFileAtomic(endedRecord(cacheDir, outDir), nil)
}
