package cli_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestVersion(t *testing.T) {
	r := runCLI(t, context.Background(), t.TempDir(), nil, "version")
	if r.code != cli.ExitOK || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	// seopipe VERSION [(COMMIT)] GOVERSION GOOS/GOARCH
	if !regexp.MustCompile(`^seopipe \S+( \(\w{1,12}\))? go\S+ \w+/\w+\n$`).MatchString(r.stdout) {
		t.Errorf("stdout = %q, want one line: seopipe, the version, the Go version and platform", r.stdout)
	}
}

func TestVersionFlags(t *testing.T) {
	newCmd := func(env *cli.Env, _ *cli.GlobalOptions, runF func(*cli.VersionOptions) error) *cobra.Command {
		return cli.NewCmdVersion(env, runF)
	}
	testFlags(t, newCmd, []flagCase[cli.VersionOptions]{
		{name: "no flags", args: []string{"version"}, want: &cli.VersionOptions{}},
		// The global flags do not change what version prints, and are
		// not checked against each other.
		{name: "global flags", args: []string{"-q", "-v", "version"}, want: &cli.VersionOptions{}},
		{name: "an argument", args: []string{"version", "x"}, stderr: "seopipe: expected at most 0 argument(s), got 1: x\n"},
		{name: "a flag of build", args: []string{"version", "--jobs", "2"}, stderr: "seopipe: unknown flag: --jobs\n"},
	})
}
