package jekyll

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/internal/testdeps"
	"github.com/seopipe/seopipe/post"
)

// The sites under testdata/sites are small Jekyll sites, each with the
// URLs jekyll 4.3 gave its posts and documents in its "want" file
// (source, tab, URL path; recorded by TestSitesAgainstJekyll -update).
// TestSites checks that seopipe gives the same; TestSitesAgainstJekyll
// builds each with the real jekyll and checks that want is still what it
// does. A fixture's "args" file holds Options: "configs a.yml,b.yml" and
// "sections recipes".

func TestSites(t *testing.T) {
	for _, file := range siteFiles(t) {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, dir := extract(t, file)
			got, ps := seopipeURLs(t, dir, options(ar))
			for _, p := range ps {
				if p.Severity == diag.Error {
					t.Errorf("problem: %s", p.Error())
				}
			}
			if diff := cmp.Diff(want(ar), got); diff != "" {
				t.Errorf("URLs (-jekyll +seopipe):\n%s", diff)
			}
		})
	}
}

func TestSitesAgainstJekyll(t *testing.T) {
	if testing.Short() {
		t.Skip("builds each site with jekyll (a second each): make test-long runs it")
	}
	bin := jekyllTool(t)
	for _, file := range siteFiles(t) {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, dir := extract(t, file)
			got := jekyllURLs(t, bin, dir, options(ar))
			if golden.Updating(t) {
				setFile(ar, "want", []byte(formatURLs(got)))
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(want(ar), got); diff != "" {
				t.Errorf("want (-recorded +jekyll now):\n%s", diff)
			}
		})
	}
}

// jekyllTool is the jekyll the tests build with, or a skip saying why
// (internal/testdeps).
func jekyllTool(t *testing.T) string { return testdeps.Tool(t, "jekyll") }

func siteFiles(t *testing.T) []string {
	files, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sites: %v", err)
	}
	return files
}

// extract writes the site's files (all but want and args) to a new
// directory.
func extract(t *testing.T, file string) (*txtar.Archive, string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return ar, writeArchive(t, ar)
}

// writeArchive writes the files of ar but want and args to a new
// directory.
func writeArchive(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if f.Name == "want" || f.Name == "args" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func options(ar *txtar.Archive) Options {
	var o Options
	for _, f := range ar.Files {
		if f.Name != "args" {
			continue
		}
		for line := range strings.SplitSeq(string(f.Data), "\n") {
			key, val, _ := strings.Cut(strings.TrimSpace(line), " ")
			switch key {
			case "configs":
				o.Configs = strings.Split(val, ",")
			case "sections":
				o.Sections = strings.Fields(val)
			}
		}
	}
	return o
}

func want(ar *txtar.Archive) map[string]string {
	m := map[string]string{}
	for _, f := range ar.Files {
		if f.Name != "want" {
			continue
		}
		for line := range strings.SplitSeq(string(f.Data), "\n") {
			if src, u, ok := strings.Cut(line, "\t"); ok {
				m[src] = u
			}
		}
	}
	return m
}

func setFile(ar *txtar.Archive, name string, data []byte) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

func formatURLs(m map[string]string) string {
	var b strings.Builder
	for _, src := range sortedKeys(m) {
		fmt.Fprintf(&b, "%s\t%s\n", src, m[src])
	}
	return b.String()
}

// seopipeURLs reads the site as seopipe will: Open, the Roots' Markdown
// files parsed by package content in the site's time zone, Pages; the
// posts a build publishes (Render, not a draft unless Info.Drafts, not
// in the future unless Info.Future), by source.
func seopipeURLs(t *testing.T, dir string, opts Options) (map[string]string, []diag.Problem) {
	s, ps, err := Open(generator.Project{Kind: generator.Jekyll, Root: dir}, opts)
	if err != nil || s == nil {
		t.Fatalf("Open: %v %v", err, ps)
	}
	info := s.Info()
	var posts []*post.Post
	for _, root := range s.Roots() {
		_ = filepath.WalkDir(filepath.Join(dir, filepath.FromSlash(root.Dir)), func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			src, _ := os.ReadFile(p)
			pp, pps := content.Parse(rel, src, content.ParseOptions{Location: info.Location, SkipHTML: true, ExcerptSeparator: s.ExcerptSeparator(), Jekyll: true})
			for _, q := range pps {
				if q.Severity == diag.Error {
					t.Logf("parse: %s", q.Error())
				}
			}
			if pp != nil && !diag.HasErrors(pps) {
				posts = append(posts, pp)
			}
			return nil
		})
	}
	pages, pps := s.Pages(posts)
	ps = append(ps, pps...)
	got := map[string]string{}
	for i, pg := range pages {
		p := posts[i]
		if !pg.Render || p.Draft && !info.Drafts || !info.Future && p.PublishedAt.After(time.Now()) {
			continue
		}
		got[pg.Source] = pg.Path
	}
	return got, ps
}

// jekyllURLs builds the site with jekyll and reads back every post's and
// output collection document's URL from a listing page.
func jekyllURLs(t *testing.T, bin, dir string, opts Options) map[string]string {
	listing := `---
layout: null
permalink: /seopipe-urls.json
---
[{% for p in site.posts %}[{{ p.path | jsonify }}, {{ p.url | jsonify }}],
{% endfor %}{% for c in site.collections %}{% if c.label != "posts" and c.output %}{% for p in c.docs %}[{{ p.path | jsonify }}, {{ p.url | jsonify }}],
{% endfor %}{% endif %}{% endfor %}null]
`
	if err := os.WriteFile(filepath.Join(dir, "seopipe-urls.json"), []byte(listing), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir()
	args := []string{"build", "--safe", "-s", dir, "-d", dest}
	if len(opts.Configs) > 0 {
		var abs []string
		for _, c := range opts.Configs {
			abs = append(abs, filepath.Join(dir, c))
		}
		args = append(args, "--config", strings.Join(abs, ","))
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TZ=UTC", "JEKYLL_ENV=production")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("jekyll: %v\n%s", err, out.String())
	}
	data, err := os.ReadFile(filepath.Join(dest, "seopipe-urls.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	collDir := collectionsDirOf(t, dir, opts)
	got := map[string]string{}
	for _, r := range rows {
		if r == nil {
			continue
		}
		got[joinRel(collDir, r[0])] = normalURL(r[1])
	}
	return got
}

// collectionsDirOf is the site's collections_dir, which Jekyll's path
// leaves out.
func collectionsDirOf(t *testing.T, dir string, opts Options) string {
	s, ps, err := Open(generator.Project{Kind: generator.Jekyll, Root: dir}, opts)
	if err != nil || s == nil {
		t.Fatalf("Open: %v %v", err, ps)
	}
	return s.set.collectionsDir
}

// normalURL is a URL of Jekyll's as Page.Path writes it: decoded, then
// encoded as Go encodes a path.
func normalURL(u string) string {
	return (&url.URL{Path: unescape(u)}).EscapedPath()
}
