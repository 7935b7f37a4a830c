// Package sharedfiles finds, for tests, the files of ../shared beside the
// checkout (the seed post, the spec XSDs, the schema.org vocabulary). They
// are read in place, never copied into the repository; a test that needs
// one and runs where it is absent skips, saying why.
package sharedfiles

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seopipe/seopipe/internal/testdeps"
)

// Root is ../shared relative to the test's package directory: tests run
// there, and every package that uses this is one level below the module.
var Root = filepath.Join("..", "..", "shared")

// XSDDir returns the absolute directory of the sitemap XSDs, or skips the
// test when they or xmllint, which validates against them, are absent.
func XSDDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(Root, "specs", "xsd")
	if _, err := os.Stat(filepath.Join(dir, "all.xsd")); err != nil {
		t.Skipf("schema validation needs the sitemap XSDs at %s (shared/ beside the repository), which are absent: %v", dir, err)
	}
	if _, err := testdeps.LookTool("xmllint"); err != nil {
		t.Skipf("schema validation needs xmllint: %v", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
