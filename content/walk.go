package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/sitefiles"
)

// MaxFileBytes caps one source file. A post is text; a larger file is read
// no further and reported.
const MaxFileBytes = 64 << 20

// Source is one Markdown file found under the content directory.
type Source struct {
	Rel string // slash-separated, relative to the content directory
	Abs string
}

// IsMarkdown reports whether name has a Markdown extension (.md, .markdown,
// or .mdx, read as Markdown: see mdx.go).
func IsMarkdown(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown" || ext == ".mdx"
}

// Walk lists the Markdown files under root in lexical order. It skips hidden
// entries (".git", ".seopipe-cache"), node_modules, and the directories in
// skip (the output and cache directories when they lie inside root). A
// symlink whose target leaves root is refused with a Problem; a symlink to a
// file inside root is listed; a symlinked directory is not followed.
func Walk(ctx context.Context, root string, skip []string) ([]Source, []diag.Problem, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, nil, fmt.Errorf("content dir %s: %w", root, err)
	}
	st, err := os.Stat(absRoot)
	if err != nil {
		return nil, nil, fmt.Errorf("content dir: %w", err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("content dir %s: not a directory", root)
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return nil, nil, fmt.Errorf("content dir: %w", err)
	}
	// Skip dirs are matched as given and with their symlinks resolved, as
	// the walk goes through realRoot: WalkDir would not enter a root that is
	// itself a symlink.
	skipAbs := make([]string, 0, 2*len(skip))
	for _, s := range skip {
		if a, err := filepath.Abs(s); err == nil {
			skipAbs = append(skipAbs, a)
			if r, err := filepath.EvalSymlinks(a); err == nil {
				skipAbs = append(skipAbs, r)
			}
		}
	}
	// A Jekyll site's root (it has _config.yml): its posts are in _posts
	// and _drafts; its other Markdown files are pages (index.md, about.md,
	// README.md), and vendor/ holds the gems bundler installs.
	jekyllRoot := jekyllConfigIn(realRoot) != ""
	var out []Source
	var probs []diag.Problem
	err = filepath.WalkDir(realRoot, func(real string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, _ := filepath.Rel(realRoot, real)
		path := filepath.Join(absRoot, rel)
		rel = filepath.ToSlash(rel)
		if err != nil {
			probs = append(probs, diag.Problem{Path: rel, Message: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if rel != "." && (strings.HasPrefix(name, ".") || name == "node_modules") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if slices.Contains(skipAbs, path) || slices.Contains(skipAbs, real) {
				return fs.SkipDir
			}
			if jekyllRoot && (rel == "vendor" || rel == "_site") {
				return fs.SkipDir
			}
			return nil
		}
		if !IsMarkdown(name) {
			return nil
		}
		if jekyllRoot && jekyllFolder(rel, "") == "" {
			return nil // a page of the Jekyll site, no post
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(real)
			if err != nil {
				probs = append(probs, diag.Problem{Path: rel, Message: fmt.Sprintf("broken symlink: %v", err)})
				return nil
			}
			if !sitefiles.Within(realRoot, target) {
				probs = append(probs, diag.Problem{Path: rel, Message: fmt.Sprintf("symlink points outside the content directory (to %s): refused", target)})
				return nil
			}
			if ti, err := os.Stat(target); err != nil || !ti.Mode().IsRegular() {
				return nil // a symlinked directory named *.md: not followed
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		out = append(out, Source{Rel: rel, Abs: path})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// WalkDir's order is lexical within each directory, which puts
	// "sub/a.md" before "sub-b.md"; sort the whole paths.
	slices.SortFunc(out, func(a, b Source) int { return strings.Compare(a.Rel, b.Rel) })
	return out, probs, nil
}

// ReadSource reads a source file, refusing one over MaxFileBytes.
func ReadSource(s Source) ([]byte, *diag.Problem) {
	f, err := os.Open(s.Abs)
	if err != nil {
		return nil, &diag.Problem{Path: s.Rel, Message: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	defer f.Close()
	// Sized from the file, as os.ReadFile does, so a post is read without
	// regrowing the buffer; the limit still holds if the file grows.
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil && st.Size() < MaxFileBytes {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	_, err = buf.ReadFrom(io.LimitReader(f, MaxFileBytes+1))
	data := buf.Bytes()
	if err != nil {
		return nil, &diag.Problem{Path: s.Rel, Message: fmt.Sprintf("cannot read: %v", err)}
	}
	if len(data) > MaxFileBytes {
		return nil, &diag.Problem{Path: s.Rel, Message: fmt.Sprintf("file is over the %d MiB limit for a post", MaxFileBytes>>20)}
	}
	return data, nil
}
