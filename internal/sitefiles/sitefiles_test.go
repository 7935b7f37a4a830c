package sitefiles_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/sitefiles"
)

// TestReadFile: a file inside the site is read, through symlinks that stay
// inside too; a path or symlink that leads out is refused naming the path,
// and nothing of the outside file is returned.
func TestReadFile(t *testing.T) {
	top := t.TempDir()
	site := filepath.Join(top, "site")
	outside := filepath.Join(top, "secret.txt")
	mk := func(path, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	mk(outside, "SECRET")
	mk(filepath.Join(site, "static/robots.txt"), "User-agent: *\n")
	mk(filepath.Join(site, "themes/t.yaml"), "ok")
	link(outside, filepath.Join(site, "static/abs-link.txt"))
	link("../../secret.txt", filepath.Join(site, "static/rel-link.txt"))
	link("../themes/t.yaml", filepath.Join(site, "static/inside-link.yaml"))
	link(top, filepath.Join(site, "static/updir"))
	link(filepath.Join(top, "gone.txt"), filepath.Join(site, "static/dangling.txt"))
	link("/proc/self/environ", filepath.Join(site, "static/environ"))
	if err := syscall.Mkfifo(filepath.Join(site, "static/fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The site's directory reached through a symlink is the site.
	link(site, filepath.Join(top, "site-link"))

	s := sitefiles.New(site, filepath.Join(site, "static"))
	tests := []struct {
		name, path string
		want       string // the data read
		outside    string // the path an *OutsideError names
		err        bool   // some other error
	}{
		{name: "inside", path: filepath.Join(site, "static/robots.txt"), want: "User-agent: *\n"},
		{name: "symlink inside", path: filepath.Join(site, "static/inside-link.yaml"), want: "ok"},
		{name: "via a symlinked site", path: filepath.Join(top, "site-link/themes/t.yaml"), want: "ok"},
		{name: "absolute symlink out", path: filepath.Join(site, "static/abs-link.txt"), outside: "static/abs-link.txt"},
		{name: "relative symlink out", path: filepath.Join(site, "static/rel-link.txt"), outside: "static/rel-link.txt"},
		{name: "/proc/self/environ", path: filepath.Join(site, "static/environ"), outside: "static/environ"},
		{name: "through a symlinked dir", path: filepath.Join(site, "static/updir/secret.txt"), outside: "static/updir/secret.txt"},
		{name: "dotdot", path: filepath.Join(site, "static/../../secret.txt"), outside: filepath.ToSlash(outside)},
		{name: "absolute", path: "/etc/passwd", outside: "/etc/passwd"},
		{name: "dangling symlink out", path: filepath.Join(site, "static/dangling.txt"), outside: "static/dangling.txt"},
		{name: "missing", path: filepath.Join(site, "static/none.txt"), err: true},
		{name: "fifo", path: filepath.Join(site, "static/fifo"), err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := s.ReadFile(tt.path)
			var oe *sitefiles.OutsideError
			switch {
			case tt.outside != "":
				if !errors.As(err, &oe) || !errors.Is(err, sitefiles.ErrOutside) {
					t.Fatalf("err = %v, want an OutsideError", err)
				}
				if diff := cmp.Diff(tt.outside+": leads outside the site", err.Error()); diff != "" {
					t.Errorf("message (-want +got):\n%s", diff)
				}
			case tt.err:
				if err == nil || errors.As(err, &oe) {
					t.Fatalf("err = %v, want an error that is not OutsideError", err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, string(data)); diff != "" {
					t.Errorf("data (-want +got):\n%s", diff)
				}
			}
			if err != nil && data != nil {
				t.Errorf("data %q returned with an error", data)
			}
		})
	}
}

// TestWith: a directory added with With (the system's fonts) is read from;
// the rest of the machine still is not.
func TestWith(t *testing.T) {
	site, fonts := t.TempDir(), t.TempDir()
	font := filepath.Join(fonts, "f.ttf")
	if err := os.WriteFile(font, []byte("font"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := sitefiles.New(site)
	if _, err := s.ReadFile(font); !errors.Is(err, sitefiles.ErrOutside) {
		t.Errorf("site alone: err = %v, want ErrOutside", err)
	}
	if _, err := s.With(fonts).ReadFile(font); err != nil {
		t.Errorf("with the fonts dir: %v", err)
	}
	if _, err := s.With(fonts).ReadFile("/etc/passwd"); !errors.Is(err, sitefiles.ErrOutside) {
		t.Errorf("/etc/passwd: err = %v, want ErrOutside", err)
	}
}
