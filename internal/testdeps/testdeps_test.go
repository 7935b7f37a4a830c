package testdeps

import (
	"os"
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

func TestHidden(t *testing.T) {
	t.Setenv(HideEnv, "1")
	tests := []struct {
		name string
		look func(string) (string, error)
	}{
		{"xmllint", LookTool},
		{"chromium", LookTool},
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
