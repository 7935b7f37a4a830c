// Package golden compares test output with files under testdata. Run the
// tests with -update to rewrite the files; updating is refused when the CI
// variable is set, so CI can never bless its own output.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata with the current output")

// Updating reports whether -update was given (and CI is not set).
func Updating(t testing.TB) bool {
	t.Helper()
	if *update && os.Getenv("CI") != "" {
		t.Fatal("golden: -update is refused when CI is set")
	}
	return *update
}

// Check compares got with the file at path (relative to the test's package
// directory), or rewrites the file under -update. JSON files that differ are
// shown as a cmp.Diff of their parsed values, other files as a line diff.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if Updating(t) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (run go test with -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	if filepath.Ext(path) == ".json" {
		var g, w any
		if json.Unmarshal(got, &g) == nil && json.Unmarshal(want, &w) == nil {
			if d := cmp.Diff(w, g); d != "" {
				t.Errorf("golden %s mismatch (-want +got):\n%s", path, d)
				return
			}
		}
	}
	t.Errorf("golden %s mismatch (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
}
