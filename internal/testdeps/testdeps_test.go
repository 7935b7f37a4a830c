package testdeps

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestInstallToolsListsEveryDep checks that scripts/install-tools.sh
// installs every dependency a test may ask for, so a machine it has set up
// runs every test instead of skipping some.
func TestInstallToolsListsEveryDep(t *testing.T) {
	data, err := os.ReadFile("../../scripts/install-tools.sh")
	if err != nil {
		t.Fatal(err)
	}
	script := string(data)
	for _, d := range Tools {
		if d.Package == "" {
			// Built into .tools/ by --generators, at the pinned version.
			if want := "HUGO_VERSION=" + HugoCurrentVersion; !strings.Contains(script, want) {
				t.Errorf("install-tools.sh lacks %q for %s", want, d.Name)
			}
			if want := strings.Replace(d.Path, HugoCurrentVersion, "$HUGO_VERSION", 1); !strings.Contains(script, strings.TrimPrefix(want, ".tools/")) {
				t.Errorf("install-tools.sh does not build %s into %s", d.Name, d.Path)
			}
			continue
		}
		if want := d.Name + ":" + d.Package; !strings.Contains(script, want) {
			t.Errorf("install-tools.sh lacks %q in APT_TOOLS", want)
		}
	}
	for _, d := range Fonts {
		if want := d.Path + ":" + d.Package; !strings.Contains(script, want) {
			t.Errorf("install-tools.sh lacks %q in APT_FILES", want)
		}
	}
}

// TestBareHidesEveryTool checks that scripts/test-bare.sh hides every tool
// in its mount namespace, so make test-bare proves that the tests needing
// one skip without it.
func TestBareHidesEveryTool(t *testing.T) {
	data, err := os.ReadFile("../../scripts/test-bare.sh")
	if err != nil {
		t.Fatal(err)
	}
	loop := regexp.MustCompile(`(?m)^\s*for tool in ([^;]*);`).FindSubmatch(data)
	if loop == nil {
		t.Fatal("test-bare.sh has no `for tool in …;` loop")
	}
	hidden := strings.Fields(string(loop[1]))
	for _, d := range Tools {
		if d.Path != "" {
			// Any version built: the pinned one changes.
			if glob := strings.Replace(d.Path, HugoCurrentVersion, "*", 1); !strings.Contains(string(data), glob) {
				t.Errorf("test-bare.sh does not hide %s (%s): no %s in it", d.Name, d.Path, glob)
			}
			continue
		}
		if !slices.Contains(hidden, d.Name) {
			t.Errorf("test-bare.sh does not hide %s (its loop: %v)", d.Name, hidden)
		}
	}
}

func TestMissingBuiltTool(t *testing.T) {
	t.Setenv(HideEnv, "")
	_, err := lookBuilt(Dep{Name: "nowhere", Path: ".tools/nowhere/nowhere", Build: "nothing builds it"})
	if err == nil || !strings.Contains(err.Error(), "nowhere is not built (") || !strings.Contains(err.Error(), "nothing builds it") {
		t.Errorf("got %v, want it to name the tool, its path and how it is built", err)
	}
}

func TestHidden(t *testing.T) {
	t.Setenv(HideEnv, "1")
	tests := []struct {
		name string
		look func(string) (string, error)
	}{
		{"xmllint", LookTool},
		{"chromium", LookTool},
		{"hugo", LookTool},
		{"hugo-current", LookTool},
		{"jekyll", LookTool},
		{"NotoSansCJK-Regular", LookFont},
		{"DejaVuSans", LookFont},
	}
	for _, tt := range tests {
		path, err := tt.look(tt.name)
		if err == nil || !strings.Contains(err.Error(), "hidden by "+HideEnv+"=1") {
			t.Errorf("%s with %s=1: got %q, %v; want a hidden error", tt.name, HideEnv, path, err)
		}
	}
}

func TestMissingFont(t *testing.T) {
	t.Setenv(HideEnv, "") // make test-bare sets it
	saved := Fonts
	t.Cleanup(func() { Fonts = saved })
	Fonts = []Dep{{Name: "Nowhere", Path: "/nonexistent/Nowhere.ttf", Package: "fonts-nowhere"}}
	_, err := LookFont("Nowhere")
	if err == nil || !strings.Contains(err.Error(), "font Nowhere is not installed (Debian package fonts-nowhere;") {
		t.Errorf("got %v, want it to name the font and its package", err)
	}
}

func TestUnknownNamePanics(t *testing.T) {
	for _, look := range []func(string) (string, error){LookTool, LookFont} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), `unknown`) {
					t.Errorf("got panic %v, want one naming the unknown dependency", r)
				}
			}()
			look("no-such-dependency")
		}()
	}
}
