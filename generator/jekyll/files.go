package jekyll

import (
	"bufio"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/seopipe/seopipe/generator"
)

// Which files Jekyll reads as posts and collection documents, as its
// Reader, PostReader, Collection and EntryFilter do.

// maxWalkDirs bounds the directories scanned for _posts folders.
const maxWalkDirs = 100000

// postDirs finds the _posts folders Jekyll reads (and _drafts with
// show_drafts): in the collections dir and every folder under it that
// Jekyll's reader enters (not special, not excluded, not the
// destination), as "blog/_posts". Folders are visited in name order.
func (s *Site) postDirs() []generator.Root {
	var roots []generator.Root
	count := 0
	var visit func(rel string)
	visit = func(rel string) {
		count++
		if count > maxWalkDirs {
			return
		}
		abs := filepath.Join(s.root, filepath.FromSlash(rel))
		for _, name := range []string{"_posts", "_drafts"} {
			if name == "_drafts" && !s.set.showDrafts {
				continue
			}
			if st, err := os.Stat(filepath.Join(abs, name)); err == nil && st.IsDir() {
				roots = append(roots, generator.Root{Dir: joinRel(rel, name)})
			}
		}
		entries, err := os.ReadDir(abs)
		if err != nil {
			return
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue // a symlink to a folder too: it could loop
			}
			child := joinRel(rel, e.Name())
			if child == s.set.destination || !s.entryKept(e.Name(), child, true) {
				continue
			}
			visit(child)
		}
	}
	visit(s.set.collectionsDir)
	return roots
}

// joinRel joins slash-separated relative paths, "" being the root.
func joinRel(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}

// entryKept is Jekyll's EntryFilter: entry is a name or a path relative
// to the folder being read, rel the same path relative to the site's
// source. An entry included by include is kept; else an excluded one, a
// special one (its path or name starting with ".", "_", "#" or "~") and
// a backup ("~" at its end) are not.
func (s *Site) entryKept(entry, rel string, isDir bool) bool {
	if strings.HasSuffix(entry, ".") {
		return false
	}
	base := path.Base(entry)
	if globAny(s.include, entry, isDir) || globAny(s.include, base, isDir) {
		return true
	}
	if globAny(s.exclude, rel, isDir) {
		return false
	}
	return !special(entry) && !special(base) && !strings.HasSuffix(entry, "~")
}

func special(name string) bool {
	return name != "" && strings.ContainsRune("._#~", rune(name[0]))
}

// globAny is Jekyll's glob_include?: a pattern matches a path relative
// to the source when File.fnmatch? matches (no flags: "*" crosses "/"),
// when the path starts with it, or when it is the folder's path and "/".
func globAny(patterns []glob, rel string, isDir bool) bool {
	for _, g := range patterns {
		if strings.HasPrefix(rel, g.raw) || isDir && g.raw == rel+"/" || g.re != nil && g.re.MatchString(rel) {
			return true
		}
	}
	return false
}

// fnmatchRE compiles Ruby's File.fnmatch? pattern ("*", "?", "[…]" and
// "\"), nil for one that does not compile: with pathname set ("Dir.glob"),
// "*" and "?" do not cross "/" and "**/" matches any number of folders.
func fnmatchRE(pattern string, pathname bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`\A`)
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case pathname && strings.HasPrefix(pattern[i:], "**/"):
			b.WriteString(`(?:[^/]*/)*`)
			i += 2
		case c == '*':
			if pathname {
				b.WriteString(`[^/]*`)
			} else {
				b.WriteString(`.*`)
			}
		case c == '?':
			if pathname {
				b.WriteString(`[^/]`)
			} else {
				b.WriteString(`.`)
			}
		case c == '[':
			j := strings.IndexByte(pattern[i+1:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := pattern[i+1 : i+1+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		case c == '\\' && i+1 < len(pattern):
			i++
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	return re
}

// glob is an exclude or include pattern, compiled once.
type glob struct {
	raw string
	re  *regexp.Regexp
}

func compileGlobs(patterns []string) []glob {
	out := make([]glob, len(patterns))
	for i, p := range patterns {
		out[i] = glob{raw: p, re: fnmatchRE(p, false)}
	}
	return out
}

// dateName is Jekyll's DATE_FILENAME_MATCHER on a base name: a date, a
// hyphen, the slug, an extension.
var dateName = regexp.MustCompile(`^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$`)

// datelessName is DATELESS_FILENAME_MATCHER: a name and an extension.
var datelessName = regexp.MustCompile(`^(.*)(\.[^.]+)$`)

// fileSlug is the slug Jekyll takes from a file's name: after the date
// when it has one, without the extension and trailing dots.
func fileSlug(rel string) string {
	base := path.Base(rel)
	var slug string
	if m := dateName.FindStringSubmatch(base); m != nil {
		slug = m[2]
	} else if m := datelessName.FindStringSubmatch(base); m != nil {
		slug = m[1]
	} else {
		slug = baseNoExt(base)
	}
	return strings.TrimRight(slug, ".")
}

// hasYAMLHeader is Jekyll's has_yaml_header?: the file's first line is
// "---" and white space. A collection's file without one is a static
// file, not a document.
func (s *Site) hasYAMLHeader(abs string) bool {
	f, err := s.files.Open(abs)
	if err != nil {
		return false
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(f, 512).ReadString('\n')
	if err != nil {
		return false
	}
	rest, ok := strings.CutPrefix(line, "---")
	return ok && strings.TrimSpace(rest) == ""
}
