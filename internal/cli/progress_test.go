package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestTerminalProgress(t *testing.T) {
	// On a terminal, stages show as progress bars that are cleared when
	// done, instead of one log line per stage.
	dir := extract(t, "site.txtar", nil)
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"build", now}, cli.Env{
		Stdout: &stdout, Stderr: &stderr, WorkDir: dir, StderrTTY: true,
	})
	if code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "seopipe: load:") {
		t.Errorf("terminal output has log lines per stage:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "2 published") {
		t.Errorf("terminal output lacks the summary:\n%s", stderr.String())
	}
}
