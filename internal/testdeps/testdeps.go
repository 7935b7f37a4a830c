// Package testdeps is the one way tests reach what neither the repository
// nor Go provides: command-line tools (xmllint, chromium) and system fonts
// (DejaVu, Noto CJK) from optional Debian packages, which
// scripts/install-tools.sh installs. A test that needs one and runs where it
// is absent skips, naming the package that provides it.
//
// Setting SEOPIPE_TEST_HIDE_OPTIONAL=1 makes every one of them look absent,
// so `make test-bare` shows that the suite passes on a machine without them.
//
// The functions read only the file system and the environment; they are
// safe for concurrent use.
package testdeps

import (
	"fmt"
	"os"
	"os/exec"
	"sort"
	"testing"
)

// HideEnv is the environment variable that, set to 1, hides every optional
// dependency from the tests.
const HideEnv = "SEOPIPE_TEST_HIDE_OPTIONAL"

// A Dep is one optional dependency: a command on PATH or a file, and the
// Debian package that provides it.
type Dep struct {
	Name    string // what tests ask for: "xmllint", "NotoSansCJK-Regular"
	Path    string // the font's file; empty for a tool, which is looked up on PATH
	Package string // the Debian package
}

// Tools are the commands tests may run, by name.
var Tools = []Dep{
	{Name: "xmllint", Package: "libxml2-utils"},
	{Name: "chromium", Package: "chromium"},
}

// Fonts are the system fonts tests may load, by name.
var Fonts = []Dep{
	{Name: "DejaVuSans", Path: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", Package: "fonts-dejavu-core"},
	{Name: "DejaVuSans-Bold", Path: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", Package: "fonts-dejavu-core"},
	{Name: "NotoSansCJK-Regular", Path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", Package: "fonts-noto-cjk"},
	{Name: "NotoSansCJK-Bold", Path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", Package: "fonts-noto-cjk"},
}

// Hidden reports whether HideEnv asks for every optional dependency to look
// absent.
func Hidden() bool { return os.Getenv(HideEnv) == "1" }

// LookTool returns the path of the named tool, or an error saying why it
// cannot be used: not on PATH, or hidden by HideEnv. It panics on a name
// missing from Tools, which lists every tool a test may need.
func LookTool(name string) (string, error) {
	d := find(Tools, "tool", name)
	if Hidden() {
		return "", hiddenError(d)
	}
	path, err := exec.LookPath(d.Name)
	if err != nil {
		return "", fmt.Errorf("%s is not on PATH (Debian package %s; scripts/install-tools.sh installs it as root)", d.Name, d.Package)
	}
	return path, nil
}

// Tool returns the path of the named tool, skipping the test when LookTool
// cannot find it.
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := LookTool(name)
	if err != nil {
		t.Skip(err)
	}
	return path
}

// LookFont returns the file of the named font, or an error saying why it
// cannot be used: not installed, or hidden by HideEnv. It panics on a name
// missing from Fonts, which lists every font a test may load.
func LookFont(name string) (string, error) {
	d := find(Fonts, "font", name)
	if Hidden() {
		return "", hiddenError(d)
	}
	if _, err := os.Stat(d.Path); err != nil {
		return "", fmt.Errorf("font %s is not installed (Debian package %s; scripts/install-tools.sh installs it as root): %v", d.Name, d.Package, err)
	}
	return d.Path, nil
}

// Font returns the file of the named font, skipping the test when LookFont
// cannot find it.
func Font(t testing.TB, name string) string {
	t.Helper()
	path, err := LookFont(name)
	if err != nil {
		t.Skip(err)
	}
	return path
}

func hiddenError(d Dep) error {
	return fmt.Errorf("%s (Debian package %s) is hidden by %s=1", d.Name, d.Package, HideEnv)
}

func find(deps []Dep, kind, name string) Dep {
	for _, d := range deps {
		if d.Name == name {
			return d
		}
	}
	names := make([]string, len(deps))
	for i, d := range deps {
		names[i] = d.Name
	}
	sort.Strings(names)
	panic(fmt.Sprintf("testdeps: unknown %s %q (known: %v); add it to testdeps and scripts/install-tools.sh", kind, name, names))
}
