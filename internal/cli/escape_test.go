package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

// TestHostileFileNames (issue 26, item 5): a file name holding a newline
// and a workflow command, or an ESC sequence, reaches the terminal, the
// --report and the GitHub Actions annotations escaped: no line of output
// starts a workflow command of its own, and no control character is
// printed.
func TestHostileFileNames(t *testing.T) {
	names := []string{
		"x\n::warning file=fake.md,line=1::INJECTED\n.md",
		"esc\x1b[2J\x1b]0;title\a.md",
	}
	for _, name := range names {
		t.Run(strings.ToValidUTF8(name[:3], "?"), func(t *testing.T) {
			dir := extract(t, "site.txtar", map[string]string{"content/posts/" + name: badPost})
			report := filepath.Join(t.TempDir(), "report.json")
			r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, "build", now, "--report", report)
			if r.code != cli.ExitFailed {
				t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
			}
			for stream, out := range map[string]string{"stderr": r.stderr, "stdout": r.stdout} {
				for _, line := range strings.Split(out, "\n") {
					if strings.HasPrefix(line, "::warning file=fake.md") || strings.Contains(line, "INJECTED") && !strings.Contains(line, `\x0a`) {
						t.Errorf("%s has an injected line %q:\n%s", stream, line, out)
					}
				}
				if strings.ContainsAny(out, "\x1b\a\r") {
					t.Errorf("%s holds a control character: %q", stream, out)
				}
			}
			errs, _ := readReport(t, report)
			found := false
			for _, e := range errs {
				if strings.ContainsAny(e.Path+e.Message, "\x00\x1b\a\n\r") {
					t.Errorf("report holds a control character: %+v", e)
				}
				found = found || strings.Contains(e.Path, `\x`)
			}
			if !found {
				t.Errorf("report names no escaped path: %+v", errs)
			}
			if !strings.Contains(r.stderr, `\x`) {
				t.Errorf("stderr shows no escaped name:\n%s", r.stderr)
			}
		})
	}
}
