// Package version names the running seopipe build. Version is part of every
// content-addressed cache key, so a new release never reuses old derived files.
package version

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
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

var (
	buildOnce sync.Once
	build     string
)

// Build identifies the running binary for caches of data derived by code
// (parsed posts, rendered files) rather than named by content alone. For a
// release it is String. A development build ("dev", or a version stamped
// from a work tree with uncommitted changes, "+dirty") does not change its
// version when its code changes, so its executable's size and modification
// time are added: a rebuilt binary never reads what an older one cached.
func Build() string {
	buildOnce.Do(func() {
		build = String()
		if build != "dev" && !strings.HasSuffix(build, "+dirty") {
			return
		}
		exe, err := os.Executable()
		if err != nil {
			build += " " + strconv.FormatInt(time.Now().UnixNano(), 10) // unknown binary: cache nothing across runs
			return
		}
		st, err := os.Stat(exe)
		if err != nil {
			build += " " + strconv.FormatInt(time.Now().UnixNano(), 10)
			return
		}
		build += fmt.Sprintf(" %s %d %d", exe, st.Size(), st.ModTime().UnixNano())
	})
	return build
}
