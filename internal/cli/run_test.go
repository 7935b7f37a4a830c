package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cli"
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
