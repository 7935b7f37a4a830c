package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestQuiet(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	r := runCLI(t, context.Background(), dir, nil, "--quiet", "build", now)
	if r.code != cli.ExitOK || r.stderr != "" || r.stdout != "" {
		t.Errorf("quiet clean build: exit %d, stdout %q, stderr %q; want 0 and no output", r.code, r.stdout, r.stderr)
	}
	if postSlugs(t, dir) == nil {
		t.Error("quiet build wrote no posts.json")
	}
	// Errors are still printed, the summary is not.
	dir = extract(t, "site.txtar", map[string]string{"content/posts/bad.md": badPost})
	r = runCLI(t, context.Background(), dir, nil, "build", "-q", now)
	if r.code != cli.ExitFailed {
		t.Errorf("exit %d, want 1", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "content/posts/bad.md:3: title: ") {
		t.Errorf("quiet stderr = %q, want only the error line", r.stderr)
	}
}

func TestVerbose(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	r := runCLI(t, context.Background(), dir, nil, "build", "-v", now)
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	for _, s := range []string{"seopipe: load: 3 items in ", "seopipe: manifest: ", "seopipe: verify: 13 items in ", "  written public/posts.json\n", "  written public/seo/first/head.html\n"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("verbose stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	// A rebuild rewrites nothing.
	r = runCLI(t, context.Background(), dir, nil, "build", now)
	for _, s := range []string{"13 files in public: 0 written, 13 unchanged", "reused from the last build: 3 of 3 parsed files, the SEO files of 2 of 2 posts, the self-check's findings on 2\n"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("rebuild stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	// A CI job: no output directory, the cache of the build before. Every
	// file is written again, with the bytes the last self-check read.
	if err := os.RemoveAll(filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, context.Background(), dir, nil, "build", now)
	for _, s := range []string{"13 files in public: 13 written, 0 unchanged", "reused from the last build: 3 of 3 parsed files, the SEO files of 0 of 2 posts, the self-check's findings on 2\n"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("build into an emptied output directory: stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

// TestVerboseListsChanges: -v lists what a rebuild changed in the output
// directory, as a deploy would see it: one edited post's files written, a
// deleted post's removed, nothing unchanged.
func TestVerboseListsChanges(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	if r := runCLI(t, context.Background(), dir, nil, "build", now); r.code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	edit := filepath.Join(dir, "content", "posts", "first.md")
	src, err := os.ReadFile(edit)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edit, append(src, "\nMore text.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content", "posts", "second.md")); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, context.Background(), dir, nil, "build", "-v", now)
	var listed []string
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.HasPrefix(l, "  written ") || strings.HasPrefix(l, "  removed ") {
			listed = append(listed, l)
		}
	}
	for _, want := range []string{"  written public/posts.json", "  written public/seo/first/head.html", "  removed public/seo/second/head.html"} {
		if !slices.Contains(listed, want) {
			t.Errorf("verbose rebuild does not list %q:\n%s", want, strings.Join(listed, "\n"))
		}
	}
	if slices.ContainsFunc(listed, func(l string) bool { return strings.Contains(l, "robots.txt") }) {
		t.Errorf("verbose rebuild lists the unchanged robots.txt:\n%s", strings.Join(listed, "\n"))
	}
}
