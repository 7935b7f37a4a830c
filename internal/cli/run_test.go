package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cli"
	"github.com/seopipe/seopipe/internal/outfs"
)

func TestCancelledContext(t *testing.T) {
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", nil)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			r := runCLI(t, ctx, dir, nil, cmd, "--report", "report.json", now)
			if r.code != cli.ExitInterrupted {
				t.Errorf("exit %d, want %d", r.code, cli.ExitInterrupted)
			}
			if !strings.Contains(r.stderr, "interrupted") {
				t.Errorf("stderr does not mention the interruption:\n%s", r.stderr)
			}
			if postSlugs(t, dir) != nil {
				t.Error("an interrupted build wrote posts.json")
			}
			var rep struct {
				OK          bool   `json:"ok"`
				Interrupted bool   `json:"interrupted"`
				Fatal       string `json:"fatal"`
			}
			data, err := os.ReadFile(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.OK || !rep.Interrupted || rep.Fatal != "" {
				t.Errorf("report of an interrupted run: %+v; want ok false, interrupted true, no fatal", rep)
			}
		})
	}
}

// TestInterruptedWhileChecking: an interrupt after the commit, while the
// self-check reads the new output, is not exit 130 (which says the
// previous output is in place): the run exits with the build's own code,
// prints its summary and says the check was interrupted, and the report
// says unchecked, not interrupted.
func TestInterruptedWhileChecking(t *testing.T) {
	for _, tt := range []struct {
		name  string
		extra map[string]string
		code  int
	}{
		{"a clean build", nil, cli.ExitOK},
		{"a post with an error", map[string]string{"content/posts/bad.md": "---\ntitle: Bad\ndate: 2025-13-45\n---\nText.\n"}, cli.ExitFailed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, "site.txtar", tt.extra)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr bytes.Buffer
			code := cli.Run(ctx, []string{"build", "--report", "report.json", now}, cli.Env{
				Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, WorkDir: dir,
				// The self-check stamps what it reads with the wall clock:
				// the first call after posts.json is in place is the
				// moment to stop.
				WallClock: func() time.Time {
					if exists(filepath.Join(dir, "public", "posts.json")) {
						cancel()
					}
					return time.Now()
				},
			})
			if code != tt.code {
				t.Errorf("exit %d, want the build's own %d:\n%s", code, tt.code, stderr.String())
			}
			const msg = "seopipe: interrupted while checking the output; the new output was written, but not checked (seopipe check --output public checks it)\n"
			if !strings.Contains(stderr.String(), msg) || !strings.Contains(stderr.String(), "files in public") {
				t.Errorf("stderr does not have the summary and %q:\n%s", msg, stderr.String())
			}
			if postSlugs(t, dir) == nil {
				t.Error("no posts.json: the commit did not happen")
			}
			var rep struct {
				Interrupted, Unchecked bool
			}
			data, err := os.ReadFile(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Interrupted || !rep.Unchecked {
				t.Errorf("report: interrupted %v, unchecked %v; want false, true", rep.Interrupted, rep.Unchecked)
			}
		})
	}
}

// TestCompletesKilledCommit: a build into an output directory where a
// killed run left its commit's journal completes that commit first, and
// says so; its own output is then as always.
func TestCompletesKilledCommit(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	if r := runCLI(t, context.Background(), dir, nil, "build", now); r.code != cli.ExitOK {
		t.Fatalf("first build: exit %d:\n%s", r.code, r.stderr)
	}
	want := postSlugs(t, dir)
	// What a run killed in its commit leaves: a staged file not yet
	// renamed, and the journal naming it.
	public := filepath.Join(dir, "public")
	if err := os.WriteFile(filepath.Join(public, ".robots.txt.tmp-1-1"), []byte("User-agent: *\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	journal := `{"version": 1, "renames": [[".robots.txt.tmp-1-1", "robots.txt"]]}`
	if err := os.WriteFile(filepath.Join(public, outfs.JournalName), []byte(journal), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, context.Background(), dir, nil, "build", now)
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	const msg = "\nseopipe: public held the commit of a run killed during it: completed first (1 renamed)\n"
	if !strings.Contains("\n"+r.stderr, msg) {
		t.Errorf("stderr does not say %q:\n%s", msg, r.stderr)
	}
	if exists(filepath.Join(public, outfs.JournalName)) || exists(filepath.Join(public, ".robots.txt.tmp-1-1")) {
		t.Error("the journal or the staged file is still there")
	}
	if diff := cmp.Diff(want, postSlugs(t, dir)); diff != "" {
		t.Errorf("posts (-want +got):\n%s", diff)
	}
}

// TestUndatedPost: check names a published post without a date as build
// does, once, with the line where its front matter opens (where the date
// goes), in the printed list, the annotations and the report; cards, which
// writes no feeds, does not.
func TestUndatedPost(t *testing.T) {
	const line = "warning: content/posts/undated.md:1: publishedAt: no date: the post is kept out of the feeds and the news sitemap"
	warning := reportProblem{"content/posts/undated.md", 1, "publishedAt", "no date: the post is kept out of the feeds and the news sitemap"}
	for _, tt := range []struct {
		cmd  string
		want int // times the warning is reported
	}{{"build", 1}, {"check", 1}, {"cards", 0}} {
		t.Run(tt.cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", map[string]string{"content/posts/undated.md": "---\ntitle: Undated\n---\nText.\n"})
			r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, tt.cmd, "--report", "report.json", now)
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			if n := strings.Count("\n"+r.stderr, "\n"+line+"\n"); n != tt.want {
				t.Errorf("stderr has the line %q %d times, want %d:\n%s", line, n, tt.want, r.stderr)
			}
			annotation := "::warning file=content/posts/undated.md,line=1::publishedAt: no date: "
			if n := strings.Count(r.stdout, annotation); n != tt.want {
				t.Errorf("stdout has the annotation %q %d times, want %d:\n%s", annotation, n, tt.want, r.stdout)
			}
			_, warnings := readReport(t, filepath.Join(dir, "report.json"))
			want := []reportProblem{}
			for range tt.want {
				want = append(want, warning)
			}
			if diff := cmp.Diff(want, warnings); diff != "" {
				t.Errorf("report warnings (-want +got):\n%s", diff)
			}
		})
	}
}
