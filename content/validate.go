package content

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/sitefiles"
	"github.com/seopipe/seopipe/post"
)

// LocalDirs are where a post's local images are looked up, and how far.
type LocalDirs struct {
	Content string   // the content root, which Post.Source is relative to
	Static  []string // where paths starting with "/" are looked up first
	// Site is the site's own directory (the config file's), which a path
	// relative to the post may reach: Astro's starter names its heroes
	// "../../assets/x.jpg", from src/content/blog to src/assets. Empty
	// allows only Content and Static.
	Site string
}

// LocalFiles are the files a post's local images resolve to; "" for a
// remote image or one not found.
type LocalFiles struct {
	Hero string
	// Inline are the body's images' files, in the order of the post's
	// InlineImages.
	Inline []string
}

// CheckLocalImages resolves the post's local images to files and reports the
// ones that do not exist. A path starting with "/" is looked up in each static
// directory, then at the content root; any other path is relative to the
// post's own directory. No image may resolve outside the directories of
// dirs. Remote (http/https) images are left to the images stage. The post
// is not changed.
func CheckLocalImages(p *post.Post, dirs LocalDirs) (LocalFiles, []diag.Problem) {
	var out []diag.Problem
	var files LocalFiles
	resolve := func(src string, line int, field string, fromTemplate bool) string {
		file, err := resolveLocal(p.Source, src, dirs)
		if err != nil {
			msg := fmt.Sprintf("%q %v", src, err)
			if field == BodyField { // not the hero: say which image, as Parse does
				msg = "image " + msg
			}
			pr := diag.Problem{Path: p.Source, Line: line, Field: field, Message: msg}
			if fromTemplate {
				// What a template left of the URL: the warning about the
				// template said to write it out; the image is left as it is.
				pr.Severity = diag.Warning
				pr.Message += ": it is left as written, unprocessed"
			}
			out = append(out, pr)
		}
		return file
	}
	if p.Image != nil && isLocal(p.Image.Src) {
		files.Hero = resolve(p.Image.Src, p.Image.Line, "image", false)
	}
	if len(p.InlineImages) > 0 {
		files.Inline = make([]string, len(p.InlineImages))
	}
	for i, img := range p.InlineImages {
		if isLocal(img.Src) {
			files.Inline[i] = resolve(img.Src, img.Line, BodyField, img.FromTemplate)
		}
	}
	return files, out
}

func resolveLocal(source, src string, dirs LocalDirs) (string, error) {
	root := dirs.Content
	u, err := url.Parse(src)
	if err != nil {
		return "", fmt.Errorf("is not a valid path: %v", err)
	}
	rel := u.Path // query and fragment dropped; %-escapes decoded
	if rel == "" {
		return "", fmt.Errorf("is neither an http(s) URL nor a file path")
	}
	var candidates []string
	if strings.HasPrefix(rel, "/") {
		for _, d := range dirs.Static {
			candidates = append(candidates, filepath.Join(d, filepath.FromSlash(rel)))
		}
		candidates = append(candidates, filepath.Join(root, filepath.FromSlash(rel)))
		if dirs.Site != "" {
			// Jekyll keeps its assets anywhere in the site's directory.
			candidates = append(candidates, filepath.Join(dirs.Site, filepath.FromSlash(rel)))
		}
	} else {
		candidates = append(candidates, filepath.Join(root, filepath.FromSlash(path.Dir(source)), filepath.FromSlash(rel)))
	}
	// One rule for every file read from the site (internal/sitefiles):
	// neither the path nor a symlink on the way may lead out of it.
	site := sitefiles.New(append([]string{dirs.Site, root}, dirs.Static...)...)
	var notRegular error // the first candidate there that is not a file
	for _, c := range candidates {
		abs, err := filepath.Abs(c)
		if err != nil {
			continue
		}
		if _, err := site.Check(abs); errors.Is(err, sitefiles.ErrOutside) {
			return "", sitefiles.ErrOutside
		}
		st, err := os.Stat(abs)
		switch {
		case err != nil:
		case st.Mode().IsRegular():
			return abs, nil
		case notRegular == nil:
			// Never opened: a named pipe with no writer would block the
			// build for ever.
			notRegular = fmt.Errorf("is not a regular file: %s is %s", filepath.ToSlash(c), fileKind(st.Mode()))
		}
	}
	if notRegular != nil {
		return "", notRegular
	}
	where := make([]string, len(candidates))
	for i, c := range candidates {
		where[i] = filepath.ToSlash(c)
	}
	return "", fmt.Errorf("is neither an http(s) URL nor an existing file (looked for %s)", strings.Join(where, ", "))
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// isLocal reports whether src is a path (no scheme, no host): URLs, good or
// bad, are not files; Parse reports the bad ones.
func isLocal(src string) bool {
	u, err := url.Parse(src)
	return err == nil && u.Scheme == "" && u.Host == ""
}
