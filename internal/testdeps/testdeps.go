// Package testdeps is the one way tests reach what neither the repository
// nor Go provides: command-line tools (xmllint, chromium, the site
// generators hugo and jekyll) and system fonts (DejaVu, Noto CJK) from
// optional Debian packages, and a current Hugo built into .tools/, which
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
	"path/filepath"
	"sort"
	"testing"
)

// HideEnv is the environment variable that, set to 1, hides every optional
// dependency from the tests.
const HideEnv = "SEOPIPE_TEST_HIDE_OPTIONAL"

// A Dep is one optional dependency: a command on PATH or a file, and the
// Debian package that provides it (or, for a tool built into .tools/, how
// scripts/install-tools.sh builds it).
type Dep struct {
	Name string // what tests ask for: "xmllint", "NotoSansCJK-Regular"
	// Path is the font's file, or the tool's relative to the module's root
	// (a tool built into .tools/); empty for a tool looked up on PATH.
	Path    string
	Package string // the Debian package; empty for a tool built into .tools/
	// Build says how scripts/install-tools.sh makes a tool of .tools/.
	Build string
}

// Tools are the commands tests may run, by name.
var Tools = []Dep{
	{Name: "xmllint", Package: "libxml2-utils"},
	{Name: "chromium", Package: "chromium"},
	// The generators whose URLs internal/oracle proves seopipe's against:
	// Hugo 0.111 and Jekyll 4.3 from Debian, and a current Hugo.
	{Name: "hugo", Package: "hugo"},
	{Name: "jekyll", Package: "jekyll"},
	{Name: "hugo-current", Path: HugoCurrentPath, Build: "scripts/install-tools.sh --generators builds it (go install github.com/gohugoio/hugo@" + HugoCurrentVersion + ")"},
}

// HugoCurrentVersion is the current Hugo the oracle tests run beside
// Debian's; scripts/install-tools.sh --generators builds the same.
const HugoCurrentVersion = "v0.165.0"

// HugoCurrentPath is where scripts/install-tools.sh --generators puts it,
// relative to the module's root.
const HugoCurrentPath = ".tools/hugo-" + HugoCurrentVersion + "/hugo"

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
	if d.Path != "" {
		return lookBuilt(d)
	}
	path, err := exec.LookPath(d.Name)
	if err != nil {
		return "", fmt.Errorf("%s is not on PATH (Debian package %s; scripts/install-tools.sh installs it as root)", d.Name, d.Package)
	}
	return path, nil
}

// lookBuilt finds a tool built into .tools/ under the module's root, the
// nearest directory above the working directory that holds go.mod.
func lookBuilt(d Dep) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s: no go.mod above the working directory to find %s under", d.Name, d.Path)
		}
		dir = parent
	}
	path := filepath.Join(dir, filepath.FromSlash(d.Path))
	if _, err := exec.LookPath(path); err != nil {
		return "", fmt.Errorf("%s is not built (%s): %s", d.Name, path, d.Build)
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
	if d.Package == "" {
		return fmt.Errorf("%s (%s) is hidden by %s=1", d.Name, d.Path, HideEnv)
	}
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
