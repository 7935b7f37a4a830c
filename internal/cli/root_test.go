package cli_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestRoot(t *testing.T) {
	testRuns(t, []runCase{
		{
			name:   "no command prints help",
			args:   nil,
			code:   cli.ExitOK,
			stdout: []string{"Usage:", "build"},
		},
		{
			name:   "unknown command",
			args:   []string{"biuld"},
			code:   cli.ExitUsage,
			stderr: []string{`seopipe: unknown command "biuld"`},
		},
		{
			name:   "unknown global flag",
			args:   []string{"--frobnicate", "version"},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: unknown flag: --frobnicate\n"},
		},
	})
}

// TestExecuteExitCodes: how a command's error maps to an exit code and
// what is printed for it. An interrupt is 130, and the message says the
// previous output is in place (one after the commit is not an error: see
// TestInterruptedWhileChecking).
func TestExecuteExitCodes(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		err    error
		code   int
		stderr string
	}{
		{"success", context.Background(), nil, cli.ExitOK, ""},
		{"a failure", context.Background(), errors.New("boom"), cli.ExitFailed, "seopipe: boom\n"},
		{"interrupted", cancelled, context.Canceled, cli.ExitInterrupted,
			"seopipe: interrupted; the previous output was left as it was\n"},
		{"cancelled without the context", context.Background(), fmt.Errorf("fetch: %w", context.Canceled), cli.ExitInterrupted,
			"seopipe: interrupted; the previous output was left as it was\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := &cli.Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, WorkDir: t.TempDir()}
			root := cli.NewCmdRoot(&cli.GlobalOptions{}, &cobra.Command{
				Use:  "fail",
				RunE: func(*cobra.Command, []string) error { return tt.err },
			})
			if got := cli.Execute(tt.ctx, root, []string{"fail"}, env); got != tt.code {
				t.Errorf("exit %d, want %d", got, tt.code)
			}
			if diff := cmp.Diff(tt.stderr, stderr.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}
