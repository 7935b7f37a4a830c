package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cli"
)

// TestBodyProblems: a problem in a post's body has the field body, as one
// in its front matter has the key: in the printed line, the annotation and
// the report, from check as from build.
func TestBodyProblems(t *testing.T) {
	const post = "---\ntitle: Body\ndate: 2025-03-01\n---\nText.\n\n{{< youtube x >}}\n\n<div>raw</div>\n"
	type problem struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Field   string `json:"field"`
		Message string `json:"message"`
	}
	want := []problem{
		{"content/posts/body.md", 7, "body", "hugo shortcode {{< youtube >}} is left out of the output: seopipe does not run site templates"},
		{"content/posts/body.md", 9, "body", "raw HTML is left out of the output (Markdown is rendered safely)"},
	}
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", map[string]string{"content/posts/body.md": post})
			r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, cmd, "--report", "report.json", now)
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			data, err := os.ReadFile(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			var rep struct{ Warnings []problem }
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, rep.Warnings); diff != "" {
				t.Errorf("report warnings (-want +got):\n%s", diff)
			}
			for _, p := range want {
				line := fmt.Sprintf("warning: %s:%d: %s: %s\n", p.Path, p.Line, p.Field, p.Message)
				if !strings.Contains("\n"+r.stderr, "\n"+line) {
					t.Errorf("stderr has no line %q:\n%s", line, r.stderr)
				}
				annotation := fmt.Sprintf("::warning file=%s,line=%d::%s: %s\n", p.Path, p.Line, p.Field, p.Message)
				if !strings.Contains(r.stdout, annotation) {
					t.Errorf("stdout has no annotation %q:\n%s", annotation, r.stdout)
				}
			}
		})
	}
}

// TestImageProblemsAlike: an image in the body that is not there reads as
// a hero that is not there, the field first (image for the hero, body for
// the others) and then the source, in the printed line, the annotation and
// the report.
func TestImageProblemsAlike(t *testing.T) {
	const post = "---\ntitle: Pictures\ndate: 2025-03-01\nimage: /nope.png\n---\nText.\n\n![A cat](/nope.png)\n"
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", map[string]string{"content/posts/pics.md": post})
			r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, cmd, "--report", "report.json", now)
			if r.code != cli.ExitFailed {
				t.Fatalf("exit %d, want %d:\n%s", r.code, cli.ExitFailed, r.stderr)
			}
			looked := `"/nope.png" is neither an http(s) URL nor an existing file (looked for ` +
				strings.Join([]string{filepath.ToSlash(filepath.Join(dir, "static", "nope.png")),
					filepath.ToSlash(filepath.Join(dir, "content", "nope.png")), filepath.ToSlash(filepath.Join(dir, "nope.png"))}, ", ") + ")"
			type problem struct {
				Line    int    `json:"line"`
				Field   string `json:"field"`
				Message string `json:"message"`
			}
			want := []problem{{4, "image", looked}, {8, "body", "image " + looked}}
			data, err := os.ReadFile(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			var rep struct{ Errors []problem }
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, rep.Errors); diff != "" {
				t.Errorf("report errors (-want +got):\n%s", diff)
			}
			for _, w := range want {
				line := fmt.Sprintf("content/posts/pics.md:%d: %s: %s\n", w.Line, w.Field, w.Message)
				if !strings.Contains("\n"+r.stderr, "\n"+line) {
					t.Errorf("stderr has no line %q:\n%s", line, r.stderr)
				}
				annotation := fmt.Sprintf("::error file=content/posts/pics.md,line=%d::%s: %s\n", w.Line, w.Field, w.Message)
				if !strings.Contains(r.stdout, annotation) {
					t.Errorf("stdout has no annotation %q:\n%s", annotation, r.stdout)
				}
			}
		})
	}
}
