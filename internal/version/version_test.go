package version

import (
	"os"
	"strings"
	"testing"
)

func TestBuild(t *testing.T) {
	b := Build()
	if !strings.HasPrefix(b, String()) {
		t.Errorf("Build() = %q, not under String() = %q", b, String())
	}
	if String() == "dev" || strings.HasSuffix(String(), "+dirty") {
		// A test binary is a development build: its executable names it.
		exe, err := os.Executable()
		if err != nil {
			t.Skipf("no executable path here: %v", err)
		}
		if !strings.Contains(b, exe) {
			t.Errorf("Build() = %q does not name the executable %s", b, exe)
		}
	}
	if Build() != b {
		t.Error("Build() changed between calls")
	}
}
