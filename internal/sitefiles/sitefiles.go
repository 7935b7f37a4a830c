// Package sitefiles is the one rule for every file seopipe reads from the
// site (posts, heroes, robots.txt, the logo, seo.defaultImage, avatars,
// theme and font files): a path, or a symlink on the way to it, that leads
// out of the site's directories is refused with "PATH: leads outside the
// site". A symlinked robots.txt could otherwise publish /proc/self/environ,
// a CI job's secrets.
//
// A Site is safe for concurrent use; its functions are synchronous.
package sitefiles

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrOutside is the error, wrapped in an [*OutsideError], of a path that
// leads outside the site.
var ErrOutside = errors.New("leads outside the site")

// OutsideError is a path refused because it, or a symlink on the way to
// it, leads outside the site.
type OutsideError struct {
	Path string // as messages show it: relative to the site when inside it lexically
}

func (e *OutsideError) Error() string { return e.Path + ": " + ErrOutside.Error() }

// Unwrap returns ErrOutside.
func (e *OutsideError) Unwrap() error { return ErrOutside }

// Site is a set of directories a file may be read from: the site's
// directory, its content and static directories (and, for fonts, the
// system's font directories).
type Site struct {
	dirs []dir
}

type dir struct {
	abs, real string // cleaned absolute path, and with its symlinks resolved
}

// New returns the site made of dirs; the first is the site's own
// directory, which messages are relative to. Relative dirs are made
// absolute against the working directory; empty ones are left out. A dir
// named inside the first that is a symlink leading out of it (static ->
// /) is no part of the site; one named outside it (a content directory
// given as /srv/posts) is.
func New(dirs ...string) *Site {
	s := &Site{}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		a, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		r, err := filepath.EvalSymlinks(a)
		if err != nil {
			r = a // not there (yet): nothing can be read through it anyway
		}
		if len(s.dirs) > 0 {
			if top := s.dirs[0]; Within(top.abs, a) && !Within(top.real, r) {
				continue
			}
		}
		s.dirs = append(s.dirs, dir{abs: a, real: r})
	}
	return s
}

// With returns a site of s's directories and dirs.
func (s *Site) With(dirs ...string) *Site {
	out := &Site{dirs: append([]dir(nil), s.dirs...)}
	out.dirs = append(out.dirs, New(dirs...).dirs...)
	return out
}

// Within reports whether path is dir or below it, both absolute and clean;
// it looks at the names only.
func Within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Check returns the real path of path (absolute, its symlinks resolved),
// or an [*OutsideError] when path or its real path is outside every
// directory of the site. A path that does not exist is no error of
// Check's when its name is inside: it returns the cleaned absolute path.
func (s *Site) Check(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err == nil {
		// Where it really is decides: "../" and symlinks alike.
		if !s.contains(real, true) {
			return "", s.outside(abs)
		}
		return real, nil
	}
	if !s.contains(abs, false) && !s.contains(abs, true) {
		return "", s.outside(abs)
	}
	// A dangling symlink is refused by where it points, as a file would
	// be; a missing file is the caller's to report.
	if target, lerr := os.Readlink(abs); lerr == nil {
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(abs), target)
		}
		if t := filepath.Clean(target); !s.contains(t, false) && !s.contains(t, true) {
			return "", s.outside(abs)
		}
	}
	return abs, err
}

// Open opens path for reading once [Site.Check] allows it. The file is
// opened through an [os.Root] on the directory that holds its real path,
// so a symlink swapped in after the check is refused too. Only regular
// files are opened: a FIFO or a device would block or never end.
func (s *Site) Open(path string) (*os.File, error) {
	real, err := s.Check(path)
	if err != nil {
		return nil, err
	}
	for _, d := range s.dirs {
		if !Within(d.real, real) {
			continue
		}
		st, err := os.Stat(real)
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", s.show(path))
		}
		root, err := os.OpenRoot(d.real)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		rel, _ := filepath.Rel(d.real, real)
		f, err := root.Open(rel)
		if err != nil {
			// os.Root has no exported error for it: a link that changed
			// after the check to lead out.
			if strings.Contains(err.Error(), "path escapes from parent") {
				return nil, s.outside(path)
			}
			return nil, err
		}
		return f, nil
	}
	return nil, s.outside(path)
}

// ReadFile reads the whole file at path, as [Site.Open] opens it.
func (s *Site) ReadFile(path string) ([]byte, error) {
	f, err := s.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// contains reports whether path is inside one of the directories, by
// their names as given (real false) or with their symlinks resolved.
func (s *Site) contains(path string, real bool) bool {
	for _, d := range s.dirs {
		dp := d.abs
		if real {
			dp = d.real
		}
		if Within(dp, path) {
			return true
		}
	}
	return false
}

func (s *Site) outside(path string) error { return &OutsideError{Path: s.show(path)} }

// show is path as messages show it: relative to the site's first
// directory when below it, else absolute, with forward slashes.
func (s *Site) show(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	if len(s.dirs) > 0 && Within(s.dirs[0].abs, abs) {
		if rel, err := filepath.Rel(s.dirs[0].abs, abs); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}
