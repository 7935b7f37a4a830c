package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/internal/version"
)

// VersionOptions are the options of seopipe version: it has no flags of
// its own, and the global ones do not change what it prints.
type VersionOptions struct{}

// NewCmdVersion makes seopipe version. runF, when set, is called instead
// of printing (tests).
func NewCmdVersion(env *Env, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{}
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  maxArgs(0),
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runVersion(env)
		},
	}
}

// runVersion prints the version, the commit it was built from, and the
// Go version and platform.
func runVersion(env *Env) error {
	s := "seopipe " + version.String()
	if c := version.Commit(); c != "" {
		s += " (" + c[:min(12, len(c))] + ")"
	}
	fmt.Fprintf(env.Stdout, "%s %s %s/%s\n", s, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
