// Package version names the running seopipe build. Version is part of every
// content-addressed cache key, so a new release never reuses old derived files.
package version

import (
	"runtime/debug"
	"sync"
)

// Version is set at link time (-ldflags "-X github.com/seopipe/seopipe/internal/version.Version=v1.2.3");
// otherwise the module version from the build info, or "dev".
var Version = ""

var once sync.Once

// String returns the version.
func String() string {
	once.Do(func() {
		if Version != "" {
			return
		}
		Version = "dev"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			Version = bi.Main.Version
		}
	})
	return Version
}

// Commit returns the VCS revision the binary was built from, if recorded.
func Commit() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			return s.Value
		}
	}
	return ""
}
