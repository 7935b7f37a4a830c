package hugo

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/post"
)

var printGot = flag.Bool("print", false, "print what Pages gives for each testdata site")

// TestSites reads each testdata/*.txtar site as Hugo would and compares
// every post's page with what the real Hugo did (the archive's comment
// says how it was observed): source, path (or - when not rendered), lang,
// list, translation key, aliases. Each archive is read as Hugo 0.111
// (Options.Version "0.111.3") and as current Hugo (""), against its
// "want v0.111" or "want v0.165" section when the versions differ, else
// its "want"; one named *.staging.* with Options.Environment "staging".
func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range files {
		for _, version := range []string{"0.111.3", ""} {
			name := "v0.165"
			if version != "" {
				name = "v0.111"
			}
			t.Run(filepath.Base(file)+"/"+name, func(t *testing.T) {
				ar, err := txtar.ParseFile(file)
				if err != nil {
					t.Fatal(err)
				}
				opts := Options{Version: version}
				if strings.Contains(file, ".staging.") {
					opts.Environment = "staging"
				}
				s, sections := openArchive(t, ar, opts)
				want, ok := sections["want "+name]
				if !ok {
					want, ok = sections["want"]
				}
				if !ok {
					t.Skipf("%s: this Hugo refuses the site", name)
				}
				got := pagesTSV(t, s)
				if *printGot {
					fmt.Printf("== %s %s\n%s", file, name, got)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("pages (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// openArchive writes ar's files to a temp dir and opens it as a Hugo
// site; it returns the site and the archive's want sections by name.
func openArchive(t *testing.T, ar *txtar.Archive, opts Options) (*Site, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	want := map[string]string{}
	var files []txtar.File
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want") {
			want[f.Name] = string(f.Data)
		} else {
			files = append(files, f)
		}
	}
	writeFiles(t, dir, files)
	proj, ok := generator.Detect([]string{dir})
	if !ok || proj.Kind != generator.Hugo {
		t.Fatalf("Detect: %+v, %v", proj, ok)
	}
	s, probs, err := Open(proj, opts)
	if err != nil || len(probs) > 0 {
		t.Fatalf("Open: %v %v", probs, err)
	}
	return s, want
}

// pagesTSV parses every Markdown file of s's roots and returns what
// Pages gives, one line a post, sorted.
func pagesTSV(t *testing.T, s *Site) string {
	t.Helper()
	var all []*post.Post
	for _, r := range s.Roots() {
		base := filepath.Join(s.Root(), filepath.FromSlash(r.Dir))
		_ = filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !content.IsMarkdown(p) {
				return err
			}
			rel, _ := filepath.Rel(s.Root(), p)
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			ps, _ := content.Parse(filepath.ToSlash(rel), src, content.ParseOptions{Location: s.Info().Location})
			if ps != nil {
				all = append(all, ps)
			}
			return nil
		})
	}
	pages, _ := s.Pages(all)
	var lines []string
	for _, pg := range pages {
		p := pg.Path
		if pg.BaseURL != "" {
			p = strings.TrimSuffix(pg.BaseURL, "/") + p // a host of its own
		}
		if !pg.Render {
			p = "-"
		}
		list := "list"
		if !pg.List {
			list = "nolist"
		}
		lines = append(lines, strings.Join([]string{pg.Source, p, pg.Lang, list, pg.TranslationKey, strings.Join(pg.Aliases, " ")}, "\t"))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}
